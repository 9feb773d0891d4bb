"""`mohpromt-ca sign` and `templates` end to end, and a bulk run killed with SIGKILL then resumed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ...conftest import TEST_PASSPHRASE

CLI = [sys.executable, "-m", "mohpromt_ca.cli"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(tmp_path / "data"), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    env.pop("MOHPROMT_DATABASE_URL", None)
    return env


def _run(args: list[str], env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=300)
    if ok:
        assert run.returncode == 0, run.stdout + run.stderr
    return run


@pytest.fixture(scope="module")
def _cli_pki_made(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The PKI, a facility and its signer, made once through the CLI for this module's tests."""
    made = tmp_path_factory.mktemp("cli-pki")
    env = _env(made)
    _run(["init"], env)
    facility = json.loads(_run(["facility", "register", "--type", "medical-clinic", "--licence", "10100001234",
                                "--name-th", "คลินิกเวชกรรมหมอพร้อม", "--name-en", "Mor Prom Clinic",
                                "--address", "99/1 ถนนสีลม กรุงเทพมหานคร 10500", "--json"],
                               env).stdout)
    _run(["facility", "approve", str(facility["id"])], env)
    signer = json.loads(_run(["signer", "enrol", "--facility", str(facility["id"]), "--profession", "physician",
                              "--licence", "ว.12345", "--name-th", "นายแพทย์ สมชาย ใจดี",
                              "--name-en", "Somchai Jaidee", "--json"], env).stdout)
    return made / "data", signer["id"]


@pytest.fixture
def cli_pki(tmp_path, _cli_pki_made):  # type: ignore[no-untyped-def]
    """A copy of that PKI's data folder (keys, register) of the test's own: tests that write
    to the register never see each other's documents."""
    made, signer_id = _cli_pki_made
    shutil.copytree(made, tmp_path / "data")
    return _env(tmp_path), signer_id


def test_templates_list_show_and_sample(tmp_path) -> None:
    env = _env(tmp_path)
    listed = json.loads(_run(["templates", "list", "--json"], env).stdout)
    assert {"general-health", "atk", "lab-result", "vaccination"} <= {row["type"] for row in listed}
    shown = _run(["templates", "show", "atk"], env).stdout
    assert "patient.name_th" in shown and "result" in shown
    sample = json.loads(_run(["templates", "show", "general-health", "--sample"], env).stdout)
    assert sample["document_number"]
    bad = _run(["templates", "show", "no-such-type"], env, ok=False)
    assert bad.returncode != 0 and "unknown certificate type" in bad.stderr and "Traceback" not in bad.stderr


def test_sign_template_and_any_pdf(tmp_path, cli_pki) -> None:
    env, signer_id = cli_pki
    sample = json.loads(_run(["templates", "show", "general-health", "--sample"], env).stdout)
    data = tmp_path / "data.json"
    data.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "cert.pdf"
    result = json.loads(_run(["sign", "--template", "general-health", "--data", str(data), "-o", str(out),
                              "--signer", str(signer_id), "--json"], env).stdout)
    assert result["level"] == "B-LT" and result["qr"].startswith("MPC1:")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result["sha256"]
    again = _run(["sign", "--template", "general-health", "--data", str(data), "-o", str(tmp_path / "x.pdf"),
                  "--signer", str(signer_id)], env, ok=False)
    assert again.returncode != 0 and "already issued" in again.stderr
    countersigned = tmp_path / "counter.pdf"
    _run(["sign", str(out), "-o", str(countersigned), "--signer", str(signer_id), "--level", "B-LTA",
          "--countersign"], env)
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(countersigned, "rb") as handle:
        reader = PdfFileReader(handle)
        assert len(reader.embedded_regular_signatures) == 2 and len(reader.embedded_timestamp_signatures) == 1
    missing = dict(sample)
    del missing["patient"]
    data.write_text(json.dumps(missing), encoding="utf-8")
    bad = _run(["sign", "--template", "general-health", "--data", str(data), "-o", str(tmp_path / "y.pdf"),
                "--signer", str(signer_id)], env, ok=False)
    assert bad.returncode == 3 and "patient" in bad.stderr and "Traceback" not in bad.stderr


def _records(n: int, sample: dict) -> str:  # type: ignore[type-arg]
    lines = []
    for i in range(n):
        record = json.loads(json.dumps(sample))
        record["document_number"] = f"ATK-BULK-{i:04d}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(3, '{"not": "a valid record"}')
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_bulk_killed_and_resumed_issues_every_record_once(tmp_path, cli_pki) -> None:
    env, signer_id = cli_pki
    sample = json.loads(_run(["templates", "show", "atk", "--sample"], env).stdout)
    total = 14
    records = tmp_path / "records.jsonl"
    records.write_text(_records(total, sample), encoding="utf-8")
    out_dir = tmp_path / "out"
    args = [*CLI, "sign", "--template", "atk", "--data", str(records), "--out-dir", str(out_dir),
            "--signer", str(signer_id), "--level", "B-T", "--workers", "2"]
    first = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while len(list(out_dir.glob("*.pdf"))) < 3:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the bulk run made no progress"
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)  # the parent only: its workers die with it (PR_SET_PDEATHSIG)
    first.wait()
    done_before = len(list(out_dir.glob("*.pdf")))
    assert done_before < total, "the run finished before it could be killed; use more records"

    second = subprocess.run([*args, "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 1, second.stdout + second.stderr  # the one bad record
    report = json.loads(second.stdout)
    assert report["total"] == total + 1 and report["failed"] == 1
    assert report["issued"] + report["already_issued"] == total

    errors = [json.loads(line) for line in (out_dir / "errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [4] and "document_number" in errors[0]["error"]
    manifest = [json.loads(line) for line in (out_dir / "manifest.jsonl").read_text().splitlines()]
    assert sorted(m["document_number"] for m in manifest) == [f"ATK-BULK-{i:04d}" for i in range(total)]
    assert not list(out_dir.glob("*.tmp"))
    for entry in manifest:  # every PDF on disk is the one the register recorded
        assert hashlib.sha256((out_dir / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]

    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'register.sqlite3'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT document_number, idempotency_key FROM issued_documents "
                                 "WHERE document_number LIKE 'ATK-BULK-%'")).all()
        audits = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'pdf.issue'")).scalar_one()
    engine.dispose()
    assert len(rows) == total and len({r[0] for r in rows}) == total and all(r[1] for r in rows)
    assert audits == total
    third = subprocess.run([*args, "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert json.loads(third.stdout)["issued"] == 0  # a third run issues nothing new
