"""`pip install ./verifier` into a fresh virtual environment (no system site-packages, nothing of
the CA): none of the server-side distributions arrive, and `mohpromt-verify` /
`mohpromt-verifier trust-list` from that environment alone give the expected verdicts on the EU
DCC test vectors and on a trust list our CA published."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest

from tests.vectors import dgc_testdata_dir  # type: ignore[import-not-found]

from .conftest import Material

pytestmark = pytest.mark.slow

VERIFIER_SOURCE = Path(__file__).resolve().parents[2] / "verifier"
# What border staff must not have to install (README: the verifier "does not need").
SERVER_SIDE = ("sqlalchemy", "alembic", "typst", "pkilint", "python-pkcs11", "argon2-cffi", "fastapi", "starlette",
               "uvicorn", "psycopg", "prometheus-client", "mohpromt-ca")
# An HC1 the upstream vectors expect to pass every check, with its DSC and validation clock.
VALID_VECTOR = "AE/2DCode/raw/vaccine.json"


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("standalone")
    source = base / "verifier"  # a copy: building must not leave build/ or *.egg-info in the repository
    shutil.copytree(VERIFIER_SOURCE, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True)  # no system site-packages
    python = base / "venv" / "bin" / "python"
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(source)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return base / "venv"


def _installed(venv: Path) -> dict[str, str]:
    code = ("import json, importlib.metadata as m\n"
            "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    # -I and another working directory: the repository's own *.egg-info must not be counted
    result = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", code], capture_output=True, text=True,
                            check=True, cwd=venv)
    return {_normal(k): v for k, v in json.loads(result.stdout).items()}


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def _run(venv: Path, program: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(venv / "bin" / program), *args], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, cwd=venv)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_installs_without_server_side_dependencies(venv: Path) -> None:
    installed = _installed(venv)
    assert "mohpromt-verifier" in installed
    assert not {_normal(n) for n in SERVER_SIDE} & installed.keys(), sorted(installed)
    # pyHanko's own tree is part of what arrives; it must not pull the server side either
    assert "pyhanko" in installed
    required = {_normal(r.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].split("~")[0]
                        .split("!")[0].strip()) for r in distribution("mohpromt-verifier").requires or []
                if "extra ==" not in r}
    assert required <= installed.keys(), required - installed.keys()
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    tooling = sum(_size(p) for p in site_packages.iterdir() if p.name.split("-")[0] in ("pip", "setuptools",
                                                                                         "_distutils_hack"))
    print(f"\nmohpromt-verifier fresh install: {len(installed)} distributions, "
          f"{(_size(site_packages) - tooling) / 1e6:.0f} MB in site-packages (without pip/setuptools), "
          f"venv {_size(venv) / 1e6:.0f} MB: " + ", ".join(f"{k} {v}" for k, v in sorted(installed.items())))


def test_verifies_the_dcc_test_vectors_from_the_fresh_venv(venv: Path, tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "MOHPROMT_DATA_DIR": str(tmp_path / "border")}
    vector = json.loads((dgc_testdata_dir() / VALID_VECTOR).read_text("utf-8"))
    assert all(vector["EXPECTEDRESULTS"].values())
    dsc = tmp_path / "dsc.der"
    dsc.write_bytes(base64.b64decode(vector["TESTCTX"]["CERTIFICATE"]))
    at = vector["TESTCTX"]["VALIDATIONCLOCK"]

    valid = _run(venv, "mohpromt-verify", vector["PREFIX"], "--dsc", str(dsc), "--at", at, "--json", env=env)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    report = json.loads(valid.stdout)
    assert report["verdict"] == "valid" and report["document"]["country"] == "AE"
    png = tmp_path / "qr.png"
    png.write_bytes(base64.b64decode(vector["2DCODE"]))
    assert _run(venv, "mohpromt-verify", str(png), "--dsc", str(dsc), "--at", at, env=env).returncode == 0

    unknown = _run(venv, "mohpromt-verify", vector["PREFIX"], "--at", at, "--json", env=env)  # no DSC for the kid
    assert unknown.returncode == 2 and json.loads(unknown.stdout)["verdict"] == "indeterminate"
    middle = len(vector["PREFIX"]) // 2
    tampered = vector["PREFIX"][:middle] + ("A" if vector["PREFIX"][middle] != "A" else "B") + \
        vector["PREFIX"][middle + 1:]
    invalid = _run(venv, "mohpromt-verify", tampered, "--dsc", str(dsc), "--at", at, "--json", env=env)
    assert invalid.returncode == 1 and json.loads(invalid.stdout)["verdict"] == "invalid"


def test_trust_lists_from_the_fresh_venv(venv: Path, material: Material, tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "MOHPROMT_DATA_DIR": str(tmp_path / "border"), "MOHPROMT_ACTOR": "border-officer"}
    imported = _run(venv, "mohpromt-verifier", "trust-list", "import", str(material.national_list), "--anchor",
                    str(material.trust_list_signer), "--json", env=env)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["status"] == "stored"
    assert (tmp_path / "border" / "trust-list").is_dir()  # DATA_DIR/trust-list, as mohpromt-ca uses
    shown = _run(venv, "mohpromt-verifier", "trust-list", "show", "--json", env=env)
    assert shown.returncode == 0 and json.loads(shown.stdout)["lists"]
    assert _run(venv, "mohpromt-verifier", "trust-list", "log", env=env).returncode == 0
    verdict = _run(venv, "mohpromt-verify", material.hc1, "--json", env=env)
    assert verdict.returncode == 0 and json.loads(verdict.stdout)["verdict"] == "valid"
    pdf = _run(venv, "mohpromt-verify", str(material.pdf), "--anchor", str(material.root), "--json", env=env)
    assert pdf.returncode == 0 and json.loads(pdf.stdout)["verdict"] == "valid", pdf.stdout
    refused = _run(venv, "mohpromt-verifier", "trust-list", "import", str(material.national_list), "--anchor",
                   str(material.dsc), env=env)
    assert refused.returncode != 0 and refused.stderr.startswith("error: ")
    no_server = _run(venv, "mohpromt-verifier", "serve", "--help", env=env)
    assert no_server.returncode == 0  # the command exists; running it needs the [serve] extra
