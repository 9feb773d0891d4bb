"""OCSP responses signed ahead (RFC 5019): one per certificate, looked up by its SHA-1 CertID."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime


class PresignedOcspResponse(Base):
    """The current signed answer for one certificate.

    The key is what an RFC 5019 CertID carries: the SHA-1 of the issuer's public key and the
    serial number (the issuer-name hash is checked against the served CA on lookup)."""

    __tablename__ = "ocsp_responses"
    __table_args__ = (
        Index("ix_ocsp_responses_this_update", "this_update"),  # the refresher's queue (RFC 5019 half-life)
        Index("ix_ocsp_responses_serial", "serial"),  # the refresher's "certificates without a response"
    )

    issuer_key_sha1: Mapped[str] = mapped_column(String(40), primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    issuer: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))  # good / revoked
    this_update: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    next_update: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    der: Mapped[bytes] = mapped_column(LargeBinary)
