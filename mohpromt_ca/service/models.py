"""The service's tables (migrations 0005, 0006): users, API keys, login attempts, document owners, bulk jobs.

Secrets are stored only as hashes: argon2 for passwords, SHA-256 for API keys (a
256-bit random secret needs no slow hash). ``service_documents`` says which facility
(and signer, and principal) an issued document belongs to and whether it was revoked
through the service; like ``issued_documents`` it holds no medical content.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.models import Base
from mohpromt_ca.storage.types import UTCDateTime

ROLES = ("ra-officer", "facility-admin", "signer")

ROLE_BINDING = (
    "(role = 'ra-officer' AND facility_id IS NULL AND signer_id IS NULL)"
    " OR (role = 'facility-admin' AND facility_id IS NOT NULL AND signer_id IS NULL)"
    " OR (role = 'signer' AND facility_id IS NOT NULL AND signer_id IS NOT NULL)"
)


class ServiceUser(Base):
    __tablename__ = "service_users"
    __table_args__ = (
        CheckConstraint("role IN ('ra-officer', 'facility-admin', 'signer')", name="ck_service_user_role"),
        CheckConstraint(ROLE_BINDING, name="ck_service_user_binding"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), nullable=True, index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: web sessions carry the generation they were opened in; logout increments it (migration 0007)
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiKey(Base):
    """An integrator's key: ``mpk_<key_id>_<secret>``; the register keeps SHA-256 of the whole token."""

    __tablename__ = "service_api_keys"
    __table_args__ = (CheckConstraint("facility_id IS NOT NULL", name="ck_api_key_scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    label: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(128))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LoginAttempt(Base):
    """A failed login (kept for the throttling window only)."""

    __tablename__ = "service_login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ServiceDocument(Base):
    """Who a document issued through the service belongs to, and its revocation there."""

    __tablename__ = "service_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), unique=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    principal: Mapped[str] = mapped_column(String(128))
    request_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    kid: Mapped[str | None] = mapped_column(String(16), nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revocation_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(128), nullable=True)


JOB_STATES = ("queued", "running", "done", "failed")


class BulkJob(Base):
    """A bulk issuance job submitted over the API (migration 0006).

    The records themselves (medical data) are not here: they wait in a 0600 file under
    ``DATA_DIR/bulk-jobs/`` until the job finishes. ``owner`` and ``heartbeat_at`` are the
    lease of the worker running it; a job whose worker died is taken over and resumed.
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
