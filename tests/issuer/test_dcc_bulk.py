"""Bulk issuance: each record exactly once in the register and on disk, across crashes.

The in-process crash tests run on SQLite and PostgreSQL (the ``authority`` fixture); the
SIGKILL test drives the real CLI with worker processes on SQLite (in test_dcc_cli.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from mohpromt_ca.authority.dsc import issue_dsc
from mohpromt_ca.issuer.dcc import bulk
from mohpromt_ca.issuer.dcc.service import DccIssuer
from mohpromt_ca.storage.models import IssuedDocument
from mohpromt_verifier.formats.hcert import decode_hc1

from .conftest import sample


def write_jsonl(path: Path, count: int, *, bad: tuple[int, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            data = sample(("vaccination", "test", "recovery")[i % 3])
            data["holder"]["given_name"] = f"Person {chr(65 + i % 26)}{chr(65 + i // 26)}"
            if i in bad:
                data["holder"]["date_of_birth"] = "born yesterday"
            handle.write(json.dumps(data, ensure_ascii=False) + "\n")
    return path


def register_rows(authority) -> list[IssuedDocument]:  # type: ignore[no-untyped-def]
    with authority.register.transaction() as session:
        rows = list(session.execute(select(IssuedDocument)).scalars())
        for row in rows:
            session.expunge(row)
    return rows


def assert_exactly_once(authority, out_dir: Path, records: int, failed: set[int], fmt: str = "txt") -> None:  # type: ignore[no-untyped-def]
    rows = register_rows(authority)
    assert len(rows) == records - len(failed)
    assert len({r.idempotency_key for r in rows}) == len(rows) and all(r.idempotency_key for r in rows)
    by_uvci = {r.document_number: r for r in rows}
    manifest = [json.loads(line) for line in (out_dir / "manifest.jsonl").read_text().splitlines()]
    assert sorted(m["line"] for m in manifest) == [n for n in range(1, records + 1) if n not in failed]
    outputs = sorted(out_dir.glob(f"*.{fmt}"))
    assert len(outputs) == len(rows)
    for entry in manifest:
        row = by_uvci[entry["uvci"]]
        if fmt == "txt":
            text = (out_dir / entry["file"]).read_text().strip()
            assert hashlib.sha256(text.encode()).hexdigest() == row.sha256
            assert decode_hc1(text).claims.dcc is not None


class Crash(BaseException):
    """Stands in for SIGKILL at a chosen point (BaseException: nothing catches it)."""


@pytest.mark.parametrize("where", ["after-journal", "after-commit"])
def test_crash_and_resume_issues_each_record_once(authority, tmp_path, monkeypatch, where: str) -> None:
    issue_dsc(authority)
    data = write_jsonl(tmp_path / "in.jsonl", 23, bad=(4,))
    out = tmp_path / "out"
    options = bulk.BulkOptions(data_file=data, out_dir=out, fmt="txt", workers=0, batch=5)
    real_record = DccIssuer.record
    real_output = bulk._ensure_output
    calls = {"n": 0}

    def crashing_record(self, signed, keys):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if where == "after-journal" and calls["n"] == 3:
            raise Crash
        real_record(self, signed, keys)
        if where == "after-commit" and calls["n"] == 3:
            raise Crash

    monkeypatch.setattr(DccIssuer, "record", crashing_record)
    with pytest.raises(Crash):
        bulk.run_bulk(authority.settings, options, progress=False)
    monkeypatch.setattr(DccIssuer, "record", real_record)
    journaled = bulk._journal_read(out)
    assert len(journaled) == 14  # three batches of five, line 5 refused
    assert len(register_rows(authority)) == (9 if where == "after-journal" else 14)

    summary = bulk.run_bulk(authority.settings, options, progress=False)
    assert summary["failed"] == 1 and summary["records"] == 23
    assert summary["issued"] + summary["already"] == 22
    assert_exactly_once(authority, out, 23, {5})
    # the crashed batch was rolled forward from the journal, not signed again
    registered = {r.document_number for r in register_rows(authority)}
    assert {e["uvci"] for e in journaled} <= registered
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"line": 5, "status": "failed", "code": "dcc-input", "path": "/holder/date_of_birth",
                       "message": errors[0]["message"]}]
    # a third run does nothing new
    again = bulk.run_bulk(authority.settings, options, progress=False)
    assert again["issued"] == 0 and again["already"] == 22
    assert_exactly_once(authority, out, 23, {5})
    assert real_output is bulk._ensure_output


def test_lost_output_is_rewritten_from_the_journal(authority, tmp_path) -> None:
    issue_dsc(authority)
    data = write_jsonl(tmp_path / "in.jsonl", 6)
    out = tmp_path / "out"
    options = bulk.BulkOptions(data_file=data, out_dir=out, fmt="txt", workers=0, batch=4)
    bulk.run_bulk(authority.settings, options, progress=False)
    before = (out / "0000003.txt").read_text()
    (out / "0000003.txt").unlink()
    summary = bulk.run_bulk(authority.settings, options, progress=False)
    assert summary["issued"] == 0 and (out / "0000003.txt").read_text() == before
    assert_exactly_once(authority, out, 6, set())


def test_out_dir_belongs_to_one_input(authority, tmp_path) -> None:
    from mohpromt_ca.errors import UsageError

    issue_dsc(authority)
    data = write_jsonl(tmp_path / "in.jsonl", 2)
    out = tmp_path / "out"
    bulk.run_bulk(authority.settings, bulk.BulkOptions(data_file=data, out_dir=out, fmt="txt", workers=0),
                  progress=False)
    write_jsonl(data, 3)
    with pytest.raises(UsageError, match="input file changed"):
        bulk.run_bulk(authority.settings, bulk.BulkOptions(data_file=data, out_dir=out, fmt="txt", workers=0),
                      progress=False)
    write_jsonl(data, 2)  # the same content again
    with pytest.raises(UsageError, match="profile"):
        bulk.run_bulk(authority.settings, bulk.BulkOptions(data_file=tmp_path / "in.jsonl", out_dir=out, fmt="txt",
                                                           workers=0, profile="th-dhp"), progress=False)
