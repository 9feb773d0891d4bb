"""The certificates register: serial reservations, issued DER, statuses for OCSP and CRLs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import Certificate, Revocation, Signer


class SerialTaken(AlreadyExists):
    """The serial number is already in the register (the UNIQUE constraint said so)."""


def reserve(session: Session, *, serial: str, issuer: str, profile: str, subject: str, not_before: dt.datetime,
            not_after: dt.datetime, signer_id: int | None, created_at: dt.datetime) -> None:
    """Write the ``reserved`` row for ``serial`` now; ``SerialTaken`` if the serial exists."""
    session.add(Certificate(serial=serial, issuer=issuer, profile=profile, subject=subject, not_before=not_before,
                            not_after=not_after, status="reserved", signer_id=signer_id, created_at=created_at))
    try:
        session.flush()
    except IntegrityError:
        raise SerialTaken(f"serial {serial} is already in the register") from None


def mark_failed(session: Session, serial: str) -> None:
    session.execute(update(Certificate).where(Certificate.serial == serial).values(status="failed"))


def mark_issued(session: Session, serial: str, *, der: bytes, sha256: str) -> None:
    session.execute(
        update(Certificate)
        .where(Certificate.serial == serial, Certificate.status == "reserved")
        .values(der=der, sha256=sha256, status="issued")
    )


def by_serial(session: Session, serial: str, *, for_update: bool = False) -> Certificate | None:
    query = select(Certificate).where(Certificate.serial == serial)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def der_of(session: Session, serial: str) -> bytes:
    """The DER of an issued certificate (the caller knows it exists)."""
    der = session.execute(select(Certificate.der).where(Certificate.serial == serial)).scalar_one()
    assert der is not None
    return der


def statuses(session: Session, issuer: str,
             serials: set[str]) -> dict[str, tuple[str, dt.datetime | None, str | None]]:
    """serial -> (status, revoked_at, reason) for those of ``serials`` that ``issuer`` holds."""
    rows = session.execute(
        select(Certificate.serial, Certificate.status, Revocation.revoked_at, Revocation.reason)
        .outerjoin(Revocation, Revocation.certificate_id == Certificate.id)
        .where(Certificate.issuer == issuer, Certificate.serial.in_(serials))
    ).all()
    return {serial: (status, revoked_at, reason) for serial, status, revoked_at, reason in rows}


def revoked_entries(session: Session, issuer: str) -> list[tuple[str, dt.datetime, str]]:
    """(serial, revoked_at, reason) of every revoked certificate ``issuer`` issued."""
    rows = session.execute(
        select(Certificate.serial, Revocation.revoked_at, Revocation.reason)
        .join(Revocation, Revocation.certificate_id == Certificate.id)
        .where(Certificate.issuer == issuer)
    ).all()
    return [(serial, revoked_at, reason) for serial, revoked_at, reason in rows]


def revocation_mark(session: Session, issuer: str) -> str:
    """``count:max id`` of ``issuer``'s revocations: changes whenever its CRL must change."""
    count, top = session.execute(
        select(func.count(Revocation.id), func.max(Revocation.id))
        .join(Certificate, Certificate.id == Revocation.certificate_id)
        .where(Certificate.issuer == issuer)
    ).one()
    return f"{count}:{top or 0}"


def issued_to_facility(session: Session, facility_id: int) -> list[Certificate]:
    """The issued certificates of every signer of a facility."""
    return list(session.execute(
        select(Certificate)
        .join(Signer, Certificate.signer_id == Signer.id)
        .where(Signer.facility_id == facility_id, Certificate.status == "issued")
    ).scalars())


def issued_ders(session: Session, profile: str, *, valid_at: dt.datetime) -> list[bytes]:
    """The DER of every certificate of ``profile`` issued and not revoked, not expired at ``valid_at``."""
    rows = session.execute(
        select(Certificate.der)
        .where(Certificate.profile == profile, Certificate.status == "issued", Certificate.not_after > valid_at)
        .order_by(Certificate.id)
    ).scalars()
    return [der for der in rows if der is not None]


def newest_of_signer(session: Session, signer_id: int, profile: str) -> tuple[Certificate, Revocation | None] | None:
    """A signer's newest issued or revoked certificate of ``profile`` and its revocation, if any."""
    row = session.execute(
        select(Certificate, Revocation)
        .outerjoin(Revocation, Revocation.certificate_id == Certificate.id)
        .where(Certificate.signer_id == signer_id, Certificate.profile == profile,
               Certificate.status.in_(("issued", "revoked")))
        .order_by(Certificate.not_before.desc(), Certificate.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return row[0], row[1]


def detach(session: Session, row: object) -> None:
    """Keep using ``row`` after its session ends."""
    session.expunge(row)
