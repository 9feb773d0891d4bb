"""One revocation model for every document we issued, PDF and DCC alike (migration 0008).

A row says: this issued document (``issued_documents``) was revoked at this time, for this
reason, by this actor. For a DCC it also keeps what the EU revocation-list scheme publishes
(``trust_lists.revocation``): the kid and serial of the DSC that signed it, its country and
the three 16-byte hashes (base64; the signature hash only when the HC1 text was at hand).
The UNIQUE constraint on the document, not code, keeps a document revoked at most once.
No health data.

Before 0008 this lived in three places: ``service_documents.revoked_*`` (PDFs revoked
through the service), ``dcc_revocations`` (DCCs) and nothing at all for a PDF issued by the
CLI. Migration 0008 moved the rows here; ``dcc_revocations`` is dropped, and
0009 drops the ``service_documents.revoked_*`` columns.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime

#: why a document may be revoked (the API's, the web form's and ``dcc revoke``'s choices)
REVOCATION_REASONS = ("error", "fraud", "withdrawn", "superseded", "other")


class DocumentRevocation(Base):
    __tablename__ = "document_revocations"
    __table_args__ = (
        CheckConstraint("reason IN ('error', 'fraud', 'withdrawn', 'superseded', 'other')",
                        name="ck_document_revocation_reason"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issued_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), unique=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    # DCCs only: what the EU revocation list publishes
    kid: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    dsc_serial: Mapped[str | None] = mapped_column(String(42), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    uci_hash: Mapped[str | None] = mapped_column(String(24), nullable=True)
    country_uci_hash: Mapped[str | None] = mapped_column(String(24), nullable=True)
    signature_hash: Mapped[str | None] = mapped_column(String(24), nullable=True)
