"""Signers (health professionals) enrolled at a facility, and where their keys live."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import Facility, Signer


def add(session: Session, *, facility_id: int, profession: str, licence: str, name_th: str, name_en: str,
        created_at: dt.datetime) -> Signer:
    """A new signer (id assigned); ``AlreadyExists`` if the licence is enrolled at that facility."""
    signer = Signer(facility_id=facility_id, profession=profession, licence=licence, name_th=name_th,
                    name_en=name_en, created_at=created_at)
    session.add(signer)
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(f"this {profession} is already enrolled at facility {facility_id}") from None
    return signer


def set_key(session: Session, signer: Signer, *, backend: str, ref: str) -> None:
    signer.key_backend, signer.key_ref = backend, ref
    session.flush()


def with_facility(session: Session, signer_id: int) -> tuple[Signer, Facility] | None:
    row = session.execute(
        select(Signer, Facility).join(Facility, Facility.id == Signer.facility_id).where(Signer.id == signer_id)
    ).first()
    if row is None:
        return None
    return row[0], row[1]


def remove_stub(session: Session, signer_id: int) -> Signer | None:
    """Delete a signer that never got a certificate (a refused enrolment's leftover): its
    reserved or refused serial rows stay (a serial is never reused) but no longer name it.
    ``StateError`` when it holds an issued certificate or anything else refers to it
    (accounts, documents); None when there is no such signer."""
    from sqlalchemy import update

    from mohpromt_ca.errors import StateError
    from mohpromt_ca.storage.models import Certificate

    signer = session.get(Signer, signer_id, with_for_update=True)
    if signer is None:
        return None
    issued = session.execute(select(Certificate.serial).where(Certificate.signer_id == signer_id,
                                                              Certificate.der.is_not(None))).first()
    if issued is not None:
        raise StateError(f"signer {signer_id} holds certificate {issued[0]}: revoke it instead of removing the signer",
                         code="signer-in-use")
    try:
        with session.begin_nested():
            session.execute(update(Certificate).where(Certificate.signer_id == signer_id).values(signer_id=None))
            session.delete(signer)
            session.flush()
    except IntegrityError:
        raise StateError(f"signer {signer_id} has accounts or documents: suspend it instead of removing it",
                         code="signer-in-use") from None
    return signer
