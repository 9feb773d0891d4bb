"""The register's record of an issued PDF and its audit entry, in one transaction.

Only identifiers and a hash are stored: document number, type, signer, certificate
serial, SHA-256 of the signed PDF and the caller's idempotency key. Never medical content.
The SQL is in :mod:`mohpromt_ca.storage.repositories.documents`.
"""

from __future__ import annotations

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import documents

KIND = "pdf"


def document_number_taken(authority: Authority, document_number: str) -> bool:
    with authority.register.reading() as session:
        return documents.number_taken(session, document_number)


def record_issued(authority: Authority, *, document_number: str, type_key: str, signer_id: int,
                  certificate_serial: str, sha256: str, level: str, idempotency_key: str | None = None,
                  countersigner_id: int | None = None) -> None:
    """Insert the IssuedDocument row and append ``pdf.issue``; UNIQUE constraints refuse a repeat."""
    try:
        with authority.register.transaction() as session:
            documents.add_issued(session, kind=KIND, document_number=document_number, type_key=type_key,
                                 signer_id=signer_id, certificate_serial=certificate_serial, sha256=sha256,
                                 issued_at=authority.clock.now(), idempotency_key=idempotency_key)
            session.flush()
            details: dict[str, object] = {"type": type_key, "signer": signer_id, "serial": certificate_serial,
                                          "sha256": sha256, "level": level}
            if countersigner_id is not None:
                details["countersigner"] = countersigner_id
            audit.append(session, actor=authority.actor, action="pdf.issue", target=f"document:{document_number}",
                         details=details, clock=authority.clock)
    except documents.Conflict:
        raise AlreadyExists(f"document {document_number!r} (or this request) was already issued") from None


def issued_by_keys(authority: Authority, keys: list[str]) -> dict[str, tuple[str, str]]:
    """idempotency key -> (document number, sha256) for the keys the register knows."""
    with authority.register.reading() as session:
        return documents.issued_by_keys(session, keys)
