"""Signed checkpoints of the audit chain: (size, root, time), signed by the audit key and
time-stamped by the authority's TSA (``storage.audit.seal`` writes one per sealed batch)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime


class AuditCheckpoint(Base):
    """The chain after ``size`` entries has head hash ``root``: signed and time-stamped."""

    __tablename__ = "audit_checkpoints"

    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                      autoincrement=False)
    root: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    #: serial (hex) of the audit-key certificate that signed it
    key_serial: Mapped[str] = mapped_column(String(40))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    #: RFC 3161 TimeStampToken (DER ContentInfo) over SHA-256 of the signature
    timestamp_token: Mapped[bytes] = mapped_column(LargeBinary)
