"""The service's accounts (migration 0005, 0007): users, API keys, failed logins.

Secrets are stored only as hashes: argon2 for passwords, SHA-256 for API keys (a
256-bit random secret needs no slow hash).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
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
