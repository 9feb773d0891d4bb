"""Facilities (hospitals, clinics) registered with the RA."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import Facility


def add(session: Session, *, type: str, licence: str, name_th: str, name_en: str, contact: str | None,
        created_at: dt.datetime) -> Facility:
    """A new ``pending`` facility (id assigned); ``AlreadyExists`` for a licence already registered."""
    facility = Facility(type=type, licence=licence, name_th=name_th, name_en=name_en, contact=contact,
                        status="pending", created_at=created_at)
    session.add(facility)
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(f"a facility with licence {licence!r} is already registered") from None
    return facility


def get(session: Session, facility_id: int, *, for_update: bool = False) -> Facility | None:
    return session.get(Facility, facility_id, with_for_update=for_update)


def decide(session: Session, facility: Facility, *, status: str, at: dt.datetime, by: str, reason: str | None) -> None:
    facility.status, facility.decided_at, facility.decided_by, facility.reason = status, at, by, reason
    session.flush()


def set_contact(session: Session, facility: Facility, *, address: str | None, address_en: str | None,
                phone: str | None) -> None:
    facility.address, facility.address_en, facility.phone = address, address_en, phone
    session.flush()


def remove_stub(session: Session, facility_id: int) -> Facility | None:
    """Delete a facility that has no signers, accounts or documents (a registration left
    behind); ``StateError`` otherwise; None when there is no such facility."""
    from sqlalchemy import select

    from mohpromt_ca.errors import StateError
    from mohpromt_ca.storage.models import Signer

    facility = session.get(Facility, facility_id, with_for_update=True)
    if facility is None:
        return None
    if session.execute(select(Signer.id).where(Signer.facility_id == facility_id)).first() is not None:
        raise StateError(f"facility {facility_id} still has signers: remove or suspend them first",
                         code="facility-in-use")
    try:
        with session.begin_nested():
            session.delete(facility)
            session.flush()
    except IntegrityError:
        raise StateError(f"facility {facility_id} has accounts or documents: suspend it instead of removing it",
                         code="facility-in-use") from None
    return facility
