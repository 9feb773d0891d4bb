"""Border material made by the project the way an operator makes it: `mohpromt-ca` commands on a
fresh data directory (real processes, SQLite, file keys), once per module.

What a border post receives: the trust-list signer certificate, our signed national DSC list,
a DCC as HC1 text and as a QR image, a B-LTA signed PDF and the root it chains to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]


@dataclass(frozen=True)
class Material:
    directory: Path
    trust_list_signer: Path  # PEM, the anchor a border post pins
    national_list: Path  # our DSCs, signed by the trust-list key
    dsc: Path  # PEM
    root: Path  # PEM, the PDF trust anchor
    hc1: str
    qr_png: Path
    pdf: Path


def run_ca(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)
    return result


@pytest.fixture(scope="session")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    base = tmp_path_factory.mktemp("border-material")
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(base / "data"), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_ACTOR": "verifier-distribution-test"}
    env.pop("MOHPROMT_DATABASE_URL", None)
    run_ca(env, "init")
    dsc = json.loads(run_ca(env, "dsc", "issue", "--json").stdout)
    run_ca(env, "trust-list", "signer", "-o", str(base / "trust-list-signer.pem"))
    run_ca(env, "trust-list", "export", "--format", "national", "-o", str(base / "th-dsc.txt"))
    run_ca(env, "cert", "export", dsc["serial"], "-o", str(base / "dsc.pem"))

    holder = {"holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
                         "given_name_latin": "Somchai", "date_of_birth": "1985-04-12"},
              "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                              "dose_number": 2, "total_doses": 2, "date": "2021-08-30"}}
    (base / "dcc.json").write_text(json.dumps(holder, ensure_ascii=False), "utf-8")
    issued = json.loads(run_ca(env, "dcc", "issue", str(base / "dcc.json"), "-o", str(base / "qr.png"),
                               "--json").stdout)

    facility = json.loads(run_ca(env, "facility", "register", "--type", "medical-clinic", "--licence",
                                 "11101000123", "--name-th", "คลินิกหมอพร้อม", "--name-en", "Mor Prom Clinic",
                                 "--address", "99/1 ถนนสีลม กรุงเทพมหานคร 10500", "--json").stdout)
    run_ca(env, "facility", "approve", str(facility["id"]))
    signer = json.loads(run_ca(env, "signer", "enrol", "--facility", str(facility["id"]), "--profession",
                               "physician", "--licence", "ว.12345", "--name-th", "นายแพทย์ สมชาย ใจดี",
                               "--name-en", "Somchai Jaidee", "--json").stdout)
    data = json.loads(run_ca(env, "templates", "show", "general-health", "--sample").stdout)  # the register's face
    (base / "data.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    run_ca(env, "sign", "--template", "general-health", "--data", str(base / "data.json"), "-o",
           str(base / "cert.pdf"), "--signer", str(signer["id"]), "--level", "B-LTA")
    return Material(directory=base, trust_list_signer=base / "trust-list-signer.pem", national_list=base / "th-dsc.txt",
                    dsc=base / "dsc.pem", root=base / "data" / "certs" / "root.pem", hc1=issued["hc1"],
                    qr_png=base / "qr.png", pdf=base / "cert.pdf")
