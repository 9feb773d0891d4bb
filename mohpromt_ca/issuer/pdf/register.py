"""The register's record of an issued PDF and its audit entry, in one transaction.

Only identifiers and a hash are stored: document number, type, signer, certificate
serial, SHA-256 of the signed PDF and the caller's idempotency key. Never medical content.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import IssuedDocument

KIND = "pdf"


def document_number_taken(authority: Authority, document_number: str) -> bool:
    with authority.register.reading() as session:
        return session.execute(
            select(IssuedDocument.id).where(IssuedDocument.document_number == document_number)
        ).first() is not None


def record_issued(authority: Authority, *, document_number: str, type_key: str, signer_id: int,
                  certificate_serial: str, sha256: str, level: str, idempotency_key: str | None = None,
                  countersigner_id: int | None = None) -> None:
    """Insert the IssuedDocument row and append ``pdf.issue``; UNIQUE constraints refuse a repeat."""
    try:
        with authority.register.transaction() as session:
            session.add(IssuedDocument(
                kind=KIND, document_number=document_number, type=type_key, signer_id=signer_id,
                certificate_serial=certificate_serial, sha256=sha256, issued_at=authority.clock.now(),
                idempotency_key=idempotency_key,
            ))
            session.flush()
            details = {"type": type_key, "signer": signer_id, "serial": certificate_serial, "sha256": sha256,
                       "level": level}
            if countersigner_id is not None:
                details["countersigner"] = countersigner_id
            audit.append(session, actor=authority.actor, action="pdf.issue", target=f"document:{document_number}",
                         details=details, clock=authority.clock)
    except IntegrityError:
        raise AlreadyExists(f"document {document_number!r} (or this request) was already issued") from None


def issued_by_keys(authority: Authority, keys: list[str]) -> dict[str, tuple[str, str]]:
    """idempotency key -> (document number, sha256) for the keys the register knows."""
    found: dict[str, tuple[str, str]] = {}
    with authority.register.reading() as session:
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for key, number, digest in session.execute(
                select(IssuedDocument.idempotency_key, IssuedDocument.document_number, IssuedDocument.sha256)
                .where(IssuedDocument.idempotency_key.in_(chunk))
            ).all():
                found[key] = (number, digest)
    return found
