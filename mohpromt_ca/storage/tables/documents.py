"""Issued documents: identifiers and hashes, never the medical content.

``issued_documents`` records every PDF or DCC signed; ``service_documents`` (migration 0005)
says which facility (and signer, and principal) a document issued through the service
belongs to and whether it was revoked there.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime


class IssuedDocument(Base):
    """A PDF or DCC that was signed: identifiers and a hash, never the medical content."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "pdf" or "dcc"
    document_number: Mapped[str] = mapped_column(String(128), unique=True)
    type: Mapped[str] = mapped_column(String(64))
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    certificate_serial: Mapped[str] = mapped_column(String(42))
    sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # the caller's key for one request (bulk: sha256 of run, line number and line): at most once
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True, index=True)


class ServiceDocument(Base):
    """Who a document issued through the service belongs to (its revocation: ``document_revocations``)."""

    __tablename__ = "service_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), unique=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"), nullable=True)
    principal: Mapped[str] = mapped_column(String(128))
    request_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    kid: Mapped[str | None] = mapped_column(String(16), nullable=True)
