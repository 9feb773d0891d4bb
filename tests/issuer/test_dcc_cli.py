"""The dsc and dcc commands as users run them: real processes, --json, one-line errors,
and a bulk run killed with SIGKILL mid-way then restarted (SQLite)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mohpromt_verifier.formats.hcert import decode_hc1, verify_signature
from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

from .conftest import pycose_verify, sample
from .test_dcc_bulk import write_jsonl


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(tmp_path / "data"), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_ACTOR": "cli-test"}
    env.pop("MOHPROMT_DATABASE_URL", None)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                                env=env, stdin=subprocess.DEVNULL)
        if check:
            assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result

    run.env = env  # type: ignore[attr-defined]
    run("init")
    return run


def _certificate(cli, name: str):  # type: ignore[no-untyped-def]
    from cryptography import x509

    listed = {d["name"]: d for d in json.loads(cli("dsc", "list", "--json").stdout)}
    pem = cli("cert", "export", listed[name]["serial"]).stdout
    return x509.load_pem_x509_certificate(pem.encode())


def test_dsc_lifecycle_and_dcc_issue(cli, tmp_path) -> None:
    provisioned = json.loads(cli("dsc", "list", "--json").stdout)  # `init` issued one per DCC type
    assert len(provisioned) == 3
    for dsc in provisioned:  # this story starts from none
        cli("dsc", "retire", dsc["name"])
    first = json.loads(cli("dsc", "issue", "--json").stdout)
    assert first["algorithm"] == "ES256" and first["status"] == "active" and len(first["kid"]) == 12
    assert {"name", "kid", "serial", "not_after"} <= set(first)
    human = cli("dsc", "issue", "--type", "test", "--algorithm", "PS256").stdout
    assert "PS256" in human and "notAfter" in human
    data = tmp_path / "v.json"
    data.write_text(json.dumps(sample("vaccination"), ensure_ascii=False))

    out = json.loads(cli("dcc", "issue", str(data), "--profile", "th-dhp", "-o", str(tmp_path / "v.png"),
                         "--json").stdout)
    assert out["kid"] == first["kid"] and out["uvci"].startswith("URN:UVCI:01:TH:")
    assert out["hc1"].startswith("HC1:") and (tmp_path / "v.png").read_bytes()[:4] == b"\x89PNG"
    certificate = _certificate(cli, first["name"])
    claims = pycose_verify(out["hc1"], certificate)
    assert claims[-260][1]["v"][0]["ci"] == out["uvci"] and 2 in claims[-260]

    for suffix in ("svg", "txt"):
        line = cli("dcc", "issue", str(data), "-o", str(tmp_path / f"v.{suffix}")).stdout
        assert line.startswith("issued URN:UVCI:01:TH:")
    text = (tmp_path / "v.txt").read_text().strip()
    assert verify_signature(decode_hc1(text), [certificate])

    # a test certificate goes to the newest DSC allowed for tests (the PS256 one)
    test_data = tmp_path / "t.json"
    test_data.write_text(json.dumps(sample("test")))
    signed = json.loads(cli("dcc", "issue", str(test_data), "--type", "test", "--json").stdout)
    assert signed["kid"] != first["kid"] and decode_hc1(signed["hc1"]).alg == -37

    # a ready EU payload: the type is read from it
    ready = decode_hc1(text).dcc
    del ready["v"][0]["ci"]
    ready_file = tmp_path / "ready.json"
    ready_file.write_text(json.dumps(ready, ensure_ascii=False))
    assert json.loads(cli("dcc", "issue", str(ready_file), "--json").stdout)["type"] == "vaccination"

    # refusals: one line, the JSON path, exit 3
    ready["v"][0]["mp"] = "NOPE"
    ready_file.write_text(json.dumps(ready, ensure_ascii=False))
    refused = cli("dcc", "issue", str(ready_file), "-o", str(tmp_path / "x.png"), check=False)
    assert refused.returncode == 3 and "/v/0/mp" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    wrong = cli("dcc", "issue", str(data), "--dsc", human.split()[1], "--json", check=False)
    assert wrong.returncode != 0 and "restricted to test" in wrong.stderr
    bad_suffix = cli("dcc", "issue", str(data), "-o", str(tmp_path / "x.jpg"), check=False)
    assert bad_suffix.returncode == 3 and ".png, .svg or .txt" in bad_suffix.stderr

    retired = json.loads(cli("dsc", "retire", first["kid"], "--json").stdout)
    assert retired["status"] == "retired"
    none_left = cli("dcc", "issue", str(data), "--json", check=False)
    assert none_left.returncode != 0 and "dsc issue --type vaccination" in none_left.stderr
    statuses = {d["name"]: d["status"] for d in json.loads(cli("dsc", "list", "--json").stdout)}
    assert statuses[first["name"]] == "retired"
    assert sorted(statuses.values()) == ["active"] + ["retired"] * 4  # the three provisioned ones too
    assert json.loads(cli("audit", "verify", "--json").stdout)["intact"]


def test_bulk_killed_and_resumed_issues_every_record_once(cli, tmp_path) -> None:
    cli("dsc", "issue")
    records = 60
    data = write_jsonl(tmp_path / "records.jsonl", records, bad=(9,))
    out = tmp_path / "out"
    args = [sys.executable, "-m", "mohpromt_ca.cli", "dcc", "issue", "--data", str(data), "--out-dir", str(out),
            "--workers", "2", "--batch", "2"]
    process = subprocess.Popen(args, env=cli.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(out.glob("*.png"))) >= 6:
            break
        time.sleep(0.005)
    assert process.poll() is None, "the run ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_at_kill = len(list(out.glob("*.png")))
    assert 6 <= done_at_kill < records - 1
    time.sleep(0.5)  # workers die with their parent (PR_SET_PDEATHSIG)

    second = cli("dcc", "issue", "--data", str(data), "--out-dir", str(out), "--workers", "2", "--json", check=False)
    assert second.returncode == 1, second.stderr  # one record is refused
    summary = json.loads(second.stdout)
    assert summary["failed"] == 1 and summary["issued"] + summary["already"] == records - 1
    assert summary["already"] >= done_at_kill

    db = sqlite3.connect(tmp_path / "data" / "register.sqlite3")
    rows = db.execute("SELECT document_number, sha256, idempotency_key FROM issued_documents").fetchall()
    db.close()
    assert len(rows) == records - 1 and len({r[2] for r in rows}) == records - 1
    uvcis = {r[0] for r in rows}
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted(m["line"] for m in manifest) == [n for n in range(1, records + 1) if n != 10]
    assert {m["uvci"] for m in manifest} == uvcis
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == sorted(m["file"] for m in manifest)
    # every output is the registered HC1 (checked through the journal's text and the register's hash)
    journal = {}
    for path in (out / "journal").glob("*.json"):
        for entry in json.loads(path.read_text()):
            journal.setdefault(entry["uvci"], entry)
    sha_of = {r[0]: r[1] for r in rows}
    from mohpromt_ca.issuer.dcc.output import render

    for m in manifest:
        entry = journal[m["uvci"]]
        assert hashlib.sha256(entry["hc1"].encode()).hexdigest() == sha_of[m["uvci"]]
        assert (out / m["file"]).read_bytes() == render(entry["hc1"], "png")
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["line"], e["path"]) for e in errors] == [(10, "/holder/date_of_birth")]
    third = json.loads(cli("dcc", "issue", "--data", str(data), "--out-dir", str(out), "--json", check=False).stdout)
    assert third["issued"] == 0 and third["already"] == records - 1
    assert json.loads(cli("audit", "verify", "--json").stdout)["intact"]


def test_help_stays_light() -> None:
    code = ("import sys; from mohpromt_ca.cli import main\n"
            "for args in (['--help'], ['dcc', 'issue', '--help'], ['dsc', '--help']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "heavy = [m for m in ('pyhanko.sign', 'fastapi', 'pkilint', 'sqlalchemy', 'zxingcpp', 'cbor2')"
            " if m in sys.modules]\nprint('HEAVY=' + ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
