"""The register's issued documents (``issued_documents``) and their owners in the service
(``service_documents``): every query the issuers and the application layer make about them.

Functions take the caller's session (``Register.reading()`` / ``.transaction()``), so a use
case decides the transaction; UNIQUE constraints (document number, idempotency key), not
code, keep a document single. Only identifiers and hashes, never medical content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import Facility, IssuedDocument, ServiceDocument, Signer

#: what a write that breaks a UNIQUE constraint raises (at flush or commit): callers above
#: storage catch this name and never import SQLAlchemy themselves
Conflict = IntegrityError

__all__ = [
    "Conflict", "add_issued", "add_issued_rows", "add_owner", "by_idempotency_key",
    "facility_status", "find", "find_dcc", "find_many", "id_of", "issued_by_keys", "number_taken", "ping",
    "search_owned", "signer_facility", "signer_facility_status", "uvcis_issued", "with_owner",
]

_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


# -- facilities and signers, as issuance needs them ------------------------------------------
def signer_facility_status(session: Session, signer_id: int) -> tuple[int, str] | None:
    """(facility id, facility status) of a signer, or None when there is no such signer."""
    row = session.execute(select(Signer.facility_id, Facility.status).join(
        Facility, Signer.facility_id == Facility.id).where(Signer.id == signer_id)).first()
    return (row[0], row[1]) if row else None


def facility_status(session: Session, facility_id: int) -> str | None:
    return session.execute(select(Facility.status).where(Facility.id == facility_id)).scalar_one_or_none()


def signer_facility(session: Session, signer_id: int) -> int | None:
    signer = session.get(Signer, signer_id)
    return signer.facility_id if signer is not None else None


# -- issued documents ----------------------------------------------------------------------
def number_taken(session: Session, document_number: str) -> bool:
    return session.execute(select(IssuedDocument.id).where(
        IssuedDocument.document_number == document_number)).first() is not None


def find(session: Session, number: str) -> IssuedDocument | None:
    return session.execute(select(IssuedDocument).where(IssuedDocument.document_number == number)
                           ).scalar_one_or_none()


def find_many(session: Session, numbers: Sequence[str]) -> list[IssuedDocument]:
    found: list[IssuedDocument] = []
    for chunk in _chunks(sorted(set(numbers))):
        found.extend(session.execute(select(IssuedDocument).where(IssuedDocument.document_number.in_(chunk))).scalars())
    return found


def find_dcc(session: Session, uvci: str) -> IssuedDocument | None:
    """A DCC by UVCI, exactly, else ignoring case (operators type UVCIs by hand)."""
    found = session.execute(select(IssuedDocument).where(
        IssuedDocument.kind == "dcc", IssuedDocument.document_number == uvci)).scalar_one_or_none()
    if found is None:
        found = session.execute(select(IssuedDocument).where(
            IssuedDocument.kind == "dcc", func.upper(IssuedDocument.document_number) == uvci.upper())
        ).scalar_one_or_none()
    return found


def id_of(session: Session, number: str) -> int:
    return session.execute(select(IssuedDocument.id).where(IssuedDocument.document_number == number)).scalar_one()


def ids_of(session: Session, numbers: Sequence[str]) -> dict[str, int]:
    """document number -> row id, for many numbers at once."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(numbers))):
        found.update({number: int(ident) for number, ident in session.execute(
            select(IssuedDocument.document_number, IssuedDocument.id).where(
                IssuedDocument.document_number.in_(chunk))).all()})
    return found


def add_issued(session: Session, *, kind: str, document_number: str, type_key: str, signer_id: int | None,
               certificate_serial: str, sha256: str, issued_at: dt.datetime,
               idempotency_key: str | None) -> IssuedDocument:
    document = IssuedDocument(kind=kind, document_number=document_number, type=type_key, signer_id=signer_id,
                              certificate_serial=certificate_serial, sha256=sha256, issued_at=issued_at,
                              idempotency_key=idempotency_key)
    session.add(document)
    return document


def add_issued_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Many issued documents in one multi-row INSERT (bulk DCC issuance)."""
    session.execute(insert(IssuedDocument), list(rows))


def issued_by_keys(session: Session, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """idempotency key -> (document number, sha256) for the keys the register knows."""
    wanted = sorted({k for k in keys if k})
    found: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(wanted):
        for key, number, digest in session.execute(
            select(IssuedDocument.idempotency_key, IssuedDocument.document_number, IssuedDocument.sha256)
            .where(IssuedDocument.idempotency_key.in_(chunk))
        ).all():
            if key is not None:
                found[key] = (number, digest)
    return found


def uvcis_issued(session: Session, uvcis: Iterable[str]) -> set[str]:
    wanted = sorted(set(uvcis))
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(session.execute(select(IssuedDocument.document_number)
                                     .where(IssuedDocument.document_number.in_(chunk))).scalars())
    return found


# -- owners in the service -------------------------------------------------------------------
def add_owner(session: Session, *, issued_document_id: int, facility_id: int | None, signer_id: int | None,
              principal: str, request_sha256: str | None = None, level: str | None = None,
              kid: str | None = None) -> ServiceDocument:
    owner = ServiceDocument(issued_document_id=issued_document_id, facility_id=facility_id, signer_id=signer_id,
                            principal=principal, request_sha256=request_sha256, level=level, kid=kid)
    session.add(owner)
    return owner


def with_owner(session: Session, number: str, *, lock: bool = False
               ) -> tuple[IssuedDocument, ServiceDocument | None] | None:
    query = select(IssuedDocument, ServiceDocument).join(
        ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id, isouter=True).where(
        IssuedDocument.document_number == number)
    found = session.execute(query.with_for_update(of=IssuedDocument) if lock else query).first()
    return (found[0], found[1]) if found is not None else None


def search_owned(session: Session, *, facility_id: int, signer_id: int | None = None, number: str | None = None,
                 type_key: str | None = None, issued_from: dt.datetime | None = None,
                 issued_before: dt.datetime | None = None, limit: int = 200) -> list[str]:
    """Numbers of documents issued through the service for a facility (and signer), newest first."""
    query = (select(IssuedDocument.document_number).join(
        ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id)
        .where(ServiceDocument.facility_id == facility_id))
    if signer_id is not None:
        query = query.where(ServiceDocument.signer_id == signer_id)
    if number:
        query = query.where(IssuedDocument.document_number.contains(number, autoescape=True))
    if type_key:
        query = query.where(IssuedDocument.type == type_key)
    if issued_from is not None:
        query = query.where(IssuedDocument.issued_at >= issued_from)
    if issued_before is not None:
        query = query.where(IssuedDocument.issued_at < issued_before)
    query = query.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()).limit(limit)
    return [row[0] for row in session.execute(query)]


def by_idempotency_key(session: Session, key: str) -> tuple[IssuedDocument, ServiceDocument | None] | None:
    found = session.execute(select(IssuedDocument, ServiceDocument).join(
        ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id, isouter=True).where(
        IssuedDocument.idempotency_key == key)).first()
    return (found[0], found[1]) if found is not None else None


def ping(session: Session) -> None:
    """One round trip to the register (readiness checks) that reads its file: on SQLite, ``SELECT 1``
    would answer even when the database file cannot be read."""
    from sqlalchemy import text

    session.execute(text("SELECT count(*) FROM alembic_version"))
