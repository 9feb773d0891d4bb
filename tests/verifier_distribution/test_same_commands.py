"""`mohpromt-verify` / `mohpromt-verifier` (the verifier distribution) and `mohpromt-ca verify` /
`mohpromt-ca trust-list` print the same thing and exit the same way on the same inputs: HC1 text,
a QR image and a signed PDF our CA made, and every trust-list cache command."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Material

CA = [sys.executable, "-m", "mohpromt_ca.cli"]
VERIFIER = [sys.executable, "-m", "mohpromt_verifier"]
VERIFY = [sys.executable, "-c", "from mohpromt_verifier.cli import main; main()"]  # what mohpromt-verify runs


def _run(command: list[str], *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*command, *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A border post: no key passphrase, a data directory of its own that nothing should create."""
    environment = {k: v for k, v in os.environ.items() if k not in ("MOHPROMT_KEY_PASSPHRASE", "MOHPROMT_DATABASE_URL")}
    environment["MOHPROMT_DATA_DIR"] = str(tmp_path / "border-data")
    environment["MOHPROMT_ACTOR"] = "border-officer"
    return environment


def _same(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    ours = _run(CA, "verify", *args, env=env)
    alone = _run(VERIFY, *args, env=env)
    assert (alone.returncode, alone.stderr) == (ours.returncode, ours.stderr)
    if "--json" in args and alone.stdout:
        assert _report(alone.stdout) == _report(ours.stdout)
    else:
        assert alone.stdout == ours.stdout
    return alone


def _report(text: str) -> dict[str, object]:
    """The JSON report without ``verified_at``: the moment of each run (checked to be there)."""
    report = json.loads(text)
    assert isinstance(report, dict)
    assert report.pop("verified_at", None), report
    return report


def test_verify_prints_the_same_report_for_hc1_qr_image_and_pdf(material: Material, env: dict[str, str],
                                                                tmp_path: Path) -> None:
    empty = str(tmp_path / "no-trust-list")
    hc1 = _same([material.hc1, "--dsc", str(material.dsc), "--trust-list", empty, "--json"], env)
    assert hc1.returncode == 0 and json.loads(hc1.stdout)["verdict"] == "valid"
    image = _same([str(material.qr_png), "--dsc", str(material.dsc), "--trust-list", empty, "--json"], env)
    assert image.returncode == 0 and json.loads(image.stdout)["verdict"] == "valid"
    pdf = _same([str(material.pdf), "--anchor", str(material.root), "--trust-list", empty, "--json"], env)
    assert pdf.returncode == 0 and json.loads(pdf.stdout)["verdict"] == "valid", pdf.stdout
    text = _same([material.hc1, "--dsc", str(material.dsc), "--trust-list", empty], env)
    assert text.stdout.startswith("VALID")
    unknown = _same([material.hc1, "--trust-list", empty, "--json"], env)  # no DSC for its kid
    assert unknown.returncode == 2 and json.loads(unknown.stdout)["verdict"] == "indeterminate"
    bad = _same(["not a file and not QR text", "--trust-list", empty], env)
    assert bad.returncode == 3 and bad.stderr.startswith("error: ")
    assert not (tmp_path / "border-data").exists()


def _options(command: list[str], *args: str, env: dict[str, str]) -> str:
    """The --help text from the options on (the usage line names the program)."""
    text = _run(command, *args, "--help", env=env).stdout
    return text[text.index("Options:"):]


def test_verify_has_the_same_options(env: dict[str, str]) -> None:
    assert _options(VERIFY, env=env) == _options(CA, "verify", env=env)


def test_trust_list_commands_are_the_same_from_either_distribution(material: Material, env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    for name in ("import", "show", "update", "add", "log"):
        assert _options(VERIFIER, "trust-list", name, env=env) == _options(CA, "trust-list", name, env=env), name

    by_verifier, by_ca = str(tmp_path / "cache-verifier"), str(tmp_path / "cache-ca")
    anchor = str(material.trust_list_signer)

    def both(*args: str, cache: str | None = None) -> tuple[subprocess.CompletedProcess[str], ...]:
        alone = _run(VERIFIER, "trust-list", *args, "--trust-list", cache or by_verifier, env=env)
        ours = _run(CA, "trust-list", *args, "--trust-list", cache or by_ca, env=env)
        return alone, ours

    alone, ours = both("import", str(material.national_list), "--anchor", anchor, "--json")
    assert alone.returncode == ours.returncode == 0, (alone.stderr, ours.stderr)
    imported, also = json.loads(alone.stdout), json.loads(ours.stdout)
    # a national list states no expiry: each import sets it to its own fetch time + --max-age-hours
    for result in (imported, also):
        fetched_plus_max_age = dt.datetime.fromisoformat(result.pop("expires_at")) - dt.timedelta(hours=168)
        assert abs(fetched_plus_max_age - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    assert imported == also and imported["status"] == "stored" and imported["entries"] >= 1

    alone, ours = both("add", "--dsc", str(material.dsc), "--json")
    assert alone.returncode == ours.returncode == 0 and alone.stdout == ours.stdout

    # show / log / update on one cache, through either command: the same bytes out
    for args in (("show", "--json"), ("show",), ("log", "--json"), ("log",), ("update", "--json"), ("update",)):
        alone, ours = both(*args, cache=by_verifier)
        assert (alone.returncode, alone.stderr) == (ours.returncode, ours.stderr) == (0, ""), args
        assert alone.stdout == ours.stdout, args  # `show` prints no time of now, only stored ones
    shown = json.loads(_run(VERIFIER, "trust-list", "show", "--json", "--trust-list", by_verifier, env=env).stdout)
    assert {row["kid"] for row in shown["entries"]} and any(row["manual"] for row in shown["entries"])
    assert json.loads(_run(VERIFIER, "trust-list", "log", "--json", "--trust-list", by_verifier,
                           env=env).stdout)["intact"] is True

    # refused with the same one line and exit code (wrong anchor: the DSC is not the list signer)
    alone, ours = both("import", str(material.national_list), "--anchor", str(material.dsc))
    assert alone.returncode == ours.returncode != 0
    assert alone.stderr == ours.stderr and len(alone.stderr.strip().splitlines()) == 1

    # the verifier alone verifies with what it imported
    verdict = _run(VERIFY, material.hc1, "--trust-list", by_verifier, "--json", env=env)
    assert verdict.returncode == 0 and json.loads(verdict.stdout)["verdict"] == "valid"
    assert not (tmp_path / "border-data").exists()


def test_an_empty_cache_names_the_program_that_fills_it(env: dict[str, str], tmp_path: Path) -> None:
    cache = str(tmp_path / "empty-cache")
    alone = _run(VERIFIER, "trust-list", "show", "--trust-list", cache, env=env).stdout
    ours = _run(CA, "trust-list", "show", "--trust-list", cache, env=env).stdout
    assert "`mohpromt-verifier trust-list import` or `add`" in alone
    assert ours == alone.replace("mohpromt-verifier", "mohpromt-ca")


def test_default_cache_is_data_dir_trust_list(material: Material, env: dict[str, str], tmp_path: Path) -> None:
    imported = _run(VERIFIER, "trust-list", "import", str(material.national_list), "--anchor",
                    str(material.trust_list_signer), env=env)
    assert imported.returncode == 0, imported.stderr
    assert (tmp_path / "border-data" / "trust-list").is_dir()
    default = _run(VERIFY, material.hc1, "--json", env=env)
    assert default.returncode == 0 and json.loads(default.stdout)["verdict"] == "valid"
    elsewhere = {**env, "MOHPROMT_DATA_DIR": str(tmp_path / "other")}
    assert _run(VERIFY, material.hc1, "--json", env=elsewhere).returncode == 2

