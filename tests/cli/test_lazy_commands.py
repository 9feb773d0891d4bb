"""Issue 16, cold start: `mohpromt-ca --help` and `mohpromt-ca verify HC1:...` import only what
the command needs (no plugins, templates, SQLAlchemy, FastAPI or pyHanko for a QR string)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.cli.command_table import LAZY_COMMANDS

# What a QR string's verification must never pay for.
HEAVY = ("mohpromt_plugins", "mohpromt_ca.templates", "mohpromt_ca.issuer", "mohpromt_ca.storage",
         "mohpromt_ca.service", "sqlalchemy", "fastapi", "starlette", "pyhanko", "pydantic_settings", "typst")

# Runs the real console entry point, then lists the heavy modules it loaded (even when the
# command exits with a verdict's non-zero code).
WRAPPER = """
import json, sys
heavy = tuple(json.loads(sys.argv[1]))
try:
    from mohpromt_ca.cli import main
    main(args=sys.argv[2:], prog_name="mohpromt-ca")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = sorted(n for n in sys.modules if n.split(".")[0] in heavy or n.startswith(heavy))
print("LOADED=" + json.dumps(loaded), file=sys.stderr)
sys.exit(code)
"""


def _run(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    result = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(HEAVY), *args], capture_output=True,
                            text=True, timeout=120)
    line = [x for x in result.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, result.stderr
    return result, json.loads(line[-1].removeprefix("LOADED="))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_verify_hc1_and_help_load_nothing_heavy(authority, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.issuer.dcc.service import DccIssuer
    from tests.issuer.conftest import sample  # type: ignore[import-not-found]

    dsc = issue_dsc(authority, restrict_to="vaccination")
    pem = tmp_path / "dsc.pem"
    pem.write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    hc1 = DccIssuer(authority).issue(sample("vaccination")).hc1

    verified, loaded = _run("verify", hc1, "--dsc", str(pem), "--trust-list", str(tmp_path / "none"), "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["verdict"] == "valid", verified.stdout
    assert loaded == [], f"`mohpromt-ca verify HC1:...` imported {loaded}"

    helped, loaded = _run("--help")
    assert helped.returncode == 0 and "verify" in helped.stdout and "dcc" in helped.stdout
    assert loaded == [], f"`mohpromt-ca --help` imported {loaded}"


def test_every_command_is_listed_with_its_own_help() -> None:
    """The lazy table names every command module's commands, and --help's summaries are theirs."""
    from mohpromt_ca.cli import main

    modules = {module for module, _attr, _help in LAZY_COMMANDS.values()}
    for module_name in modules:
        module = importlib.import_module(f"mohpromt_ca.cli.{module_name}")
        commands = getattr(module, "COMMANDS", None) or [module.db_group]
        for command in commands:
            assert command.name in LAZY_COMMANDS, command.name
            assert LAZY_COMMANDS[command.name][0] == module_name
    ctx = click.Context(main)
    for name, (_module, _attr, summary) in LAZY_COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        for limit in (30, 45, 60, 120, 1000):
            listed = click.Command(name, help=summary).get_short_help_str(limit)
            assert listed == command.get_short_help_str(limit), (name, limit)
