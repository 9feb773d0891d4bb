"""Bulk issuance jobs submitted over the API and the outcome of each record (migration 0006)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime

JOB_STATES = ("queued", "running", "done", "failed")


class BulkJob(Base):
    """A bulk issuance job submitted over the API (migration 0006).

    The records themselves (medical data) are not here: they wait in ``service_bulk_job_inputs``
    until their chunk (``service_bulk_job_chunks``, migration 0010) is done. ``owner`` and
    ``heartbeat_at`` were the home-made lease of the worker thread before the task queue
    (procrastinate) took over; they are no longer written.
    """

    __tablename__ = "service_bulk_jobs"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="ck_bulk_job_state"),
        CheckConstraint("kind IN ('pdf', 'dcc')", name="ck_bulk_job_kind"),
        Index("ix_bulk_jobs_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    principal: Mapped[str] = mapped_column(String(128))
    principal_kind: Mapped[str] = mapped_column(String(16))
    principal_ident: Mapped[str] = mapped_column(String(64))
    principal_role: Mapped[str] = mapped_column(String(16))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), nullable=True)
    principal_signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(8))
    type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    input_sha256: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str | None] = mapped_column(String(255), nullable=True)


class BulkJobRecord(Base):
    """The outcome of one record of a job: the document issued, or why not (no medical data)."""

    __tablename__ = "service_bulk_job_records"
    __table_args__ = (
        UniqueConstraint("job_id", "line", name="uq_bulk_job_record_line"),
        CheckConstraint("status IN ('issued', 'failed')", name="ck_bulk_job_record_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("service_bulk_jobs.id"))
    line: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))
    document_number: Mapped[str | None] = mapped_column(String(128), nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    field: Mapped[str | None] = mapped_column(String(255), nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
