"""Bulk jobs submitted over the API (``service_bulk_jobs``) and the outcome of each record
(``service_bulk_job_records``, UNIQUE (job, line)): identifiers, counts, hashes, never medical data.
A worker's claim on a job is a compare-and-set on its row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import BulkJob, BulkJobRecord

#: a write that breaks a UNIQUE constraint (a second job for one idempotency key, a record noted twice)
Conflict = IntegrityError

__all__ = ["Conflict", "add", "by_id", "by_key", "by_public_id", "candidates", "claim", "failed_records", "finish",
           "note_record", "records", "settled_lines"]


def add(session: Session, **fields: Any) -> BulkJob:
    job = BulkJob(**fields)
    session.add(job)
    session.flush()
    return job


def by_key(session: Session, key: str) -> BulkJob | None:
    return session.execute(select(BulkJob).where(BulkJob.idempotency_key == key)).scalar_one_or_none()


def by_public_id(session: Session, public_id: str) -> BulkJob | None:
    return session.execute(select(BulkJob).where(BulkJob.public_id == public_id)).scalar_one_or_none()


def by_id(session: Session, job_id: int) -> BulkJob | None:
    return session.get(BulkJob, job_id)


def failed_records(session: Session, job_id: int) -> list[BulkJobRecord]:
    return list(session.execute(select(BulkJobRecord).where(
        BulkJobRecord.job_id == job_id, BulkJobRecord.status == "failed").order_by(BulkJobRecord.line)).scalars())


def records(session: Session, job_id: int) -> list[Any]:
    """(line, status, document_number, sha256, error_code, field, error) of every noted record."""
    return list(session.execute(select(
        BulkJobRecord.line, BulkJobRecord.status, BulkJobRecord.document_number, BulkJobRecord.sha256,
        BulkJobRecord.error_code, BulkJobRecord.field, BulkJobRecord.error).where(
        BulkJobRecord.job_id == job_id).order_by(BulkJobRecord.line)).all())


def settled_lines(session: Session, job_id: int) -> set[int]:
    return set(session.execute(select(BulkJobRecord.line).where(BulkJobRecord.job_id == job_id)).scalars())


def candidates(session: Session, limit: int = 50) -> list[tuple[int, str, str | None, dt.datetime | None]]:
    """(id, state, owner, heartbeat) of queued and running jobs, oldest first."""
    rows = session.execute(select(BulkJob.id, BulkJob.state, BulkJob.owner, BulkJob.heartbeat_at).where(
        BulkJob.state.in_(("queued", "running"))).order_by(BulkJob.id).limit(limit)).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def claim(session: Session, job_id: int, *, state: str, current: str | None, owner: str, now: dt.datetime) -> bool:
    """Take the job if it is still ``state`` held by ``current``; True when this call took it."""
    taken = session.execute(update(BulkJob).where(
        BulkJob.id == job_id, BulkJob.state == state,
        (BulkJob.owner == current) if current is not None else BulkJob.owner.is_(None),
    ).values(state="running", owner=owner, heartbeat_at=now,
             started_at=func.coalesce(BulkJob.started_at, now))).rowcount  # type: ignore[attr-defined]
    return bool(taken == 1)


def note_record(session: Session, job_id: int, *, owner: str, now: dt.datetime, line: int, status: str,
                document_number: str | None = None, sha256: str | None = None, error_code: str | None = None,
                field: str | None = None, error: str | None = None) -> None:
    """Record one record's outcome and count it (``Conflict`` when it was noted already)."""
    session.add(BulkJobRecord(job_id=job_id, line=line, status=status, document_number=document_number,
                              sha256=sha256, error_code=error_code, field=field, error=error))
    session.flush()
    counter = BulkJob.done if status == "issued" else BulkJob.failed
    session.execute(update(BulkJob).where(BulkJob.id == job_id).values(
        {counter: counter + 1, BulkJob.heartbeat_at: now, BulkJob.owner: owner}))


def finish(session: Session, job_id: int, *, state: str, owner: str, now: dt.datetime, code: str | None,
           message: str | None) -> BulkJob:
    job = session.get(BulkJob, job_id)
    assert job is not None
    job.state, job.finished_at, job.owner = state, now, owner
    job.error_code, job.error = code, message
    return job
