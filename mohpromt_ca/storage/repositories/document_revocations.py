"""``document_revocations``: the one place a revoked PDF or DCC is recorded and looked up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import NotFound, StateError
from mohpromt_ca.storage.models import Certificate, IssuedDocument
from mohpromt_ca.storage.tables.document_revocations import DocumentRevocation

__all__ = ["DccListEntry", "add", "certificate_der", "dcc_entries", "of_document", "revoked_pdfs"]


@dataclass(frozen=True)
class DccListEntry:
    """A revoked DCC as the EU revocation list needs it."""

    uvci: str
    kid: str
    dsc_serial: str
    dsc_not_after: dt.datetime
    country: str
    uci_hash: str
    country_uci_hash: str
    signature_hash: str | None
    reason: str
    revoked_at: dt.datetime


def of_document(session: Session, issued_document_id: int) -> DocumentRevocation | None:
    return session.execute(select(DocumentRevocation).where(
        DocumentRevocation.issued_document_id == issued_document_id)).scalar_one_or_none()


def add(session: Session, *, issued_document_id: int, label: str, revoked_at: dt.datetime, reason: str,
        actor: str, kid: str | None = None, dsc_serial: str | None = None, country: str | None = None,
        uci_hash: str | None = None, country_uci_hash: str | None = None,
        signature_hash: str | None = None) -> DocumentRevocation:
    """Record a revocation; a document already revoked is refused (``already-revoked``) by
    the UNIQUE constraint, even when two revocations race. ``label`` names it in the error."""
    if of_document(session, issued_document_id) is not None:
        raise StateError(f"{label} is already revoked", code="already-revoked")
    row = DocumentRevocation(issued_document_id=issued_document_id, revoked_at=revoked_at, reason=reason,
                             actor=actor, kid=kid, dsc_serial=dsc_serial, country=country, uci_hash=uci_hash,
                             country_uci_hash=country_uci_hash, signature_hash=signature_hash)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise StateError(f"{label} is already revoked", code="already-revoked") from None
    return row


def revoked_pdfs(session: Session) -> list[tuple[str, dt.datetime, str]]:
    """(sha256, revoked at, reason) of every revoked PDF: the document revocation list."""
    rows = session.execute(
        select(IssuedDocument.sha256, DocumentRevocation.revoked_at, DocumentRevocation.reason)
        .join(DocumentRevocation, DocumentRevocation.issued_document_id == IssuedDocument.id)
        .where(IssuedDocument.kind == "pdf").order_by(DocumentRevocation.id)).all()
    return [(sha, at, reason) for sha, at, reason in rows]


def dcc_entries(session: Session) -> list[DccListEntry]:
    """Every revoked DCC with its DSC's expiry: the EU DCC revocation list."""
    rows = session.execute(
        select(DocumentRevocation, IssuedDocument.document_number, Certificate.not_after)
        .join(IssuedDocument, IssuedDocument.id == DocumentRevocation.issued_document_id)
        .join(Certificate, Certificate.serial == DocumentRevocation.dsc_serial)
        .where(IssuedDocument.kind == "dcc", DocumentRevocation.kid.is_not(None))
        .order_by(DocumentRevocation.id)).all()
    return [DccListEntry(uvci=uvci, kid=r.kid or "", dsc_serial=r.dsc_serial or "", dsc_not_after=not_after,
                         country=r.country or "", uci_hash=r.uci_hash or "", country_uci_hash=r.country_uci_hash or "",
                         signature_hash=r.signature_hash, reason=r.reason, revoked_at=r.revoked_at)
            for r, uvci, not_after in rows]


def certificate_der(session: Session, serial: str) -> bytes:
    """The DER of the certificate (a DSC) with this serial."""
    der = session.execute(select(Certificate.der).where(Certificate.serial == serial)).scalar_one()
    if der is None:
        raise NotFound(f"certificate {serial} was never issued")
    return der
