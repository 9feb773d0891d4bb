"""OCSP responses signed ahead: stored by (issuer key SHA-1, serial), looked up by the responder."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import Certificate, PresignedOcspResponse

__all__ = ["Stored", "lookup", "missing", "save", "stale"]


class Stored(NamedTuple):
    der: bytes
    this_update: dt.datetime
    next_update: dt.datetime


def save(session: Session, *, issuer_key_sha1: str, serial: str, issuer: str, status: str,
         this_update: dt.datetime, next_update: dt.datetime, der: bytes) -> None:
    """Insert or replace the response for this CertID (an upsert: two writers never collide)."""
    values = {"issuer_key_sha1": issuer_key_sha1, "serial": serial, "issuer": issuer, "status": status,
              "this_update": this_update, "next_update": next_update, "der": der}
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(PresignedOcspResponse).values(**values)
    changed = {k: statement.excluded[k] for k in ("issuer", "status", "this_update", "next_update", "der")}
    session.execute(statement.on_conflict_do_update(index_elements=["issuer_key_sha1", "serial"], set_=changed))


def lookup(session: Session, issuer_key_sha1: str, serial: str) -> Stored | None:
    row = session.execute(
        select(PresignedOcspResponse.der, PresignedOcspResponse.this_update, PresignedOcspResponse.next_update)
        .where(PresignedOcspResponse.issuer_key_sha1 == issuer_key_sha1, PresignedOcspResponse.serial == serial)
    ).first()
    return Stored(row[0], row[1], row[2]) if row is not None else None


def stale(session: Session, *, signed_before: dt.datetime, limit: int) -> list[tuple[str, str]]:
    """(issuer, serial) of responses signed before ``signed_before`` (past half their validity)."""
    rows = session.execute(
        select(PresignedOcspResponse.issuer, PresignedOcspResponse.serial)
        .where(PresignedOcspResponse.this_update <= signed_before)
        .order_by(PresignedOcspResponse.this_update).limit(limit)).all()
    return [(issuer, serial) for issuer, serial in rows]


def missing(session: Session, issuers: tuple[str, ...], *, limit: int) -> list[tuple[str, str]]:
    """(issuer, serial) of issued or revoked certificates of ``issuers`` with no response yet."""
    rows = session.execute(
        select(Certificate.issuer, Certificate.serial)
        .outerjoin(PresignedOcspResponse, and_(PresignedOcspResponse.serial == Certificate.serial,
                                               PresignedOcspResponse.issuer == Certificate.issuer))
        .where(Certificate.status.in_(("issued", "revoked")), Certificate.issuer.in_(issuers),
               PresignedOcspResponse.serial.is_(None))
        .limit(limit)).all()
    return [(issuer, serial) for issuer, serial in rows]
