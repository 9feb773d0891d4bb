"""Bulk jobs (``service_bulk_jobs``), their chunks and waiting records (migration 0010) and the
outcome of each record (``service_bulk_job_records``, UNIQUE (job, line)).

The job row and the outcomes hold identifiers, counts, hashes and error codes, never medical
data; the waiting records (``service_bulk_job_inputs``) do, and are deleted chunk by chunk as
each chunk finishes. Counts are read from the outcomes, so workers noting records at once never
queue on the job row; the row's ``done``/``failed`` are brought up to date when a chunk ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import BulkJob, BulkJobChunk, BulkJobInput, BulkJobRecord

#: a write that breaks a UNIQUE constraint (a second job for one idempotency key, a record noted twice)
Conflict = IntegrityError

__all__ = ["Conflict", "abandoned_uploads", "add", "add_chunk", "by_id", "by_key", "by_public_id", "chunk",
           "chunk_inputs", "counts", "delete_job", "failed_records", "finish", "finish_chunk", "lock_job",
           "mark_running", "note_record", "note_records", "note_records_fast", "pending_chunks", "records",
           "set_total", "settled_lines"]


def add(session: Session, **fields: Any) -> BulkJob:
    job = BulkJob(**fields)
    session.add(job)
    session.flush()
    return job


def add_chunk(session: Session, job_id: int, number: int, first_line: int, records: Iterable[str]) -> int:
    """Store one chunk's records (JSON texts, numbered from ``first_line``); the last line number."""
    rows = [{"job_id": job_id, "line": first_line + i, "record": text} for i, text in enumerate(records)]
    if rows:
        session.execute(insert(BulkJobInput), rows)
    last = first_line + len(rows) - 1
    session.add(BulkJobChunk(job_id=job_id, number=number, first_line=first_line, last_line=last, state="queued",
                             attempts=0))
    session.flush()
    return last


def set_total(session: Session, job_id: int, *, total: int, input_sha256: str, request_sha256: str,
              idempotency_key: str | None) -> None:
    session.execute(update(BulkJob).where(BulkJob.id == job_id).values(
        total=total, input_sha256=input_sha256, request_sha256=request_sha256, idempotency_key=idempotency_key))


def delete_job(session: Session, job_id: int) -> None:
    """Remove a job that was never accepted (an upload cut short, a replayed submission)."""
    session.execute(delete(BulkJobInput).where(BulkJobInput.job_id == job_id))
    session.execute(delete(BulkJobChunk).where(BulkJobChunk.job_id == job_id))
    session.execute(delete(BulkJobRecord).where(BulkJobRecord.job_id == job_id))
    session.execute(delete(BulkJob).where(BulkJob.id == job_id))


def abandoned_uploads(session: Session, before: dt.datetime) -> list[int]:
    """Jobs whose upload never finished (total still 0: the node died mid-stream), older than ``before``."""
    return [int(i) for i in session.execute(select(BulkJob.id).where(
        BulkJob.total == 0, BulkJob.created_at < before).limit(100)).scalars()]


def by_key(session: Session, key: str) -> BulkJob | None:
    return session.execute(select(BulkJob).where(BulkJob.idempotency_key == key)).scalar_one_or_none()


def by_public_id(session: Session, public_id: str) -> BulkJob | None:
    return session.execute(select(BulkJob).where(BulkJob.public_id == public_id)).scalar_one_or_none()


def by_id(session: Session, job_id: int) -> BulkJob | None:
    return session.get(BulkJob, job_id)


def lock_job(session: Session, job_id: int) -> BulkJob | None:
    """The job row, locked until the transaction ends (PostgreSQL; SQLite writers are serial anyway)."""
    return session.execute(select(BulkJob).where(BulkJob.id == job_id).with_for_update()).scalar_one_or_none()


def counts(session: Session, job_id: int) -> tuple[int, int]:
    """(issued, failed) records of the job, counted from the outcomes."""
    found = dict(session.execute(select(BulkJobRecord.status, func.count()).where(
        BulkJobRecord.job_id == job_id).group_by(BulkJobRecord.status)).all())
    return int(found.get("issued", 0)), int(found.get("failed", 0))


def failed_records(session: Session, job_id: int, limit: int = 1000) -> list[BulkJobRecord]:
    return list(session.execute(select(BulkJobRecord).where(
        BulkJobRecord.job_id == job_id, BulkJobRecord.status == "failed").order_by(BulkJobRecord.line)
        .limit(limit)).scalars())


def records(session: Session, job_id: int) -> list[Any]:
    """(line, status, document_number, sha256, error_code, field, error) of every noted record."""
    return list(session.execute(select(
        BulkJobRecord.line, BulkJobRecord.status, BulkJobRecord.document_number, BulkJobRecord.sha256,
        BulkJobRecord.error_code, BulkJobRecord.field, BulkJobRecord.error).where(
        BulkJobRecord.job_id == job_id).order_by(BulkJobRecord.line)).all())


def settled_lines(session: Session, job_id: int, first: int, last: int) -> set[int]:
    return set(session.execute(select(BulkJobRecord.line).where(
        BulkJobRecord.job_id == job_id, BulkJobRecord.line.between(first, last))).scalars())


def chunk(session: Session, job_id: int, number: int) -> BulkJobChunk | None:
    return session.execute(select(BulkJobChunk).where(
        BulkJobChunk.job_id == job_id, BulkJobChunk.number == number)).scalar_one_or_none()


def chunk_inputs(session: Session, job_id: int, first: int, last: int) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in session.execute(select(BulkJobInput.line, BulkJobInput.record).where(
        BulkJobInput.job_id == job_id, BulkJobInput.line.between(first, last)).order_by(BulkJobInput.line)).all()]


def pending_chunks(session: Session, limit: int = 10_000) -> list[tuple[int, int]]:
    """(job id, chunk number) of every chunk not done, of jobs not finished, oldest first."""
    return [(r[0], r[1]) for r in session.execute(select(BulkJobChunk.job_id, BulkJobChunk.number).join(
        BulkJob, BulkJob.id == BulkJobChunk.job_id).where(
        BulkJobChunk.state == "queued", BulkJob.state.in_(("queued", "running")), BulkJob.total > 0).order_by(
        BulkJobChunk.job_id, BulkJobChunk.number).limit(limit)).all()]


def mark_running(session: Session, job_id: int, number: int, now: dt.datetime, runner: str) -> None:
    session.execute(update(BulkJob).where(BulkJob.id == job_id, BulkJob.state == "queued").values(
        state="running", started_at=now))
    session.execute(update(BulkJobChunk).where(BulkJobChunk.job_id == job_id, BulkJobChunk.number == number)
                    .values(attempts=BulkJobChunk.attempts + 1, runner=runner[:128]))


def note_record(session: Session, job_id: int, *, line: int, status: str, document_number: str | None = None,
                sha256: str | None = None, error_code: str | None = None, field: str | None = None,
                error: str | None = None) -> None:
    """Record one record's outcome (``Conflict`` when it was noted already)."""
    session.add(BulkJobRecord(job_id=job_id, line=line, status=status, document_number=document_number,
                              sha256=sha256, error_code=error_code, field=field, error=error))
    session.flush()


def note_records(session: Session, job_id: int, outcomes: list[dict[str, Any]]) -> None:
    """Record several outcomes at once; one already noted (a rerun chunk) is left as it was."""
    for outcome in outcomes:
        try:
            with session.begin_nested():
                note_record(session, job_id, **outcome)
        except IntegrityError:
            pass


def note_records_fast(session: Session, job_id: int, outcomes: list[dict[str, Any]]) -> None:
    """Record several outcomes in one INSERT (``Conflict`` if any was noted already)."""
    if outcomes:
        session.execute(insert(BulkJobRecord), [{"job_id": job_id, **o} for o in outcomes])


def finish_chunk(session: Session, job_id: int, number: int, now: dt.datetime) -> tuple[BulkJob, bool]:
    """Mark the chunk done and drop its waiting records; (the job, locked; True when every chunk is done)."""
    job = lock_job(session, job_id)
    assert job is not None
    found = chunk(session, job_id, number)
    assert found is not None
    if found.state != "done":
        found.state, found.finished_at = "done", now
        session.execute(delete(BulkJobInput).where(
            BulkJobInput.job_id == job_id, BulkJobInput.line.between(found.first_line, found.last_line)))
    session.flush()
    remaining = session.execute(select(func.count()).select_from(BulkJobChunk).where(
        BulkJobChunk.job_id == job_id, BulkJobChunk.state != "done")).scalar_one()
    job.done, job.failed = counts(session, job_id)
    return job, remaining == 0


def finish(session: Session, job_id: int, *, state: str, now: dt.datetime, code: str | None,
           message: str | None) -> BulkJob:
    """Close the job (done or failed); its waiting records are deleted."""
    job = lock_job(session, job_id)
    assert job is not None
    job.state, job.finished_at = state, now
    job.error_code, job.error = code, message
    job.done, job.failed = counts(session, job_id)
    session.execute(delete(BulkJobInput).where(BulkJobInput.job_id == job_id))
    return job
