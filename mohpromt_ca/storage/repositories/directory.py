"""Facilities and signers as the edges list and show them (the RA queue, a facility's page,
``mohpromt-ca facility list`` / ``signer list``): read-only queries. The registration desk's
own writes are the CA core's (``registration.desk``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mohpromt_ca.storage.models import Certificate, Facility, Signer

__all__ = ["facilities", "facility", "issued_certificates_of", "latest_certificate", "signer", "signers"]


def facility(session: Session, facility_id: int) -> Facility | None:
    return session.get(Facility, facility_id)


def facilities(session: Session, *, status: str | None = None, not_status: str | None = None,
               newest_decided: int | None = None) -> list[Facility]:
    """By id; ``newest_decided``: the latest N decisions first instead."""
    query = select(Facility)
    if status is not None:
        query = query.where(Facility.status == status)
    if not_status is not None:
        query = query.where(Facility.status != not_status)
    if newest_decided is not None:
        query = query.order_by(Facility.decided_at.desc()).limit(newest_decided)
    else:
        query = query.order_by(Facility.id)
    return list(session.execute(query).scalars())


def signer(session: Session, signer_id: int) -> Signer | None:
    return session.get(Signer, signer_id)


def signers(session: Session, *, facility_id: int | None = None, with_certificates: bool = False) -> list[Signer]:
    query = select(Signer).order_by(Signer.id)
    if with_certificates:
        query = query.options(selectinload(Signer.certificates))
    if facility_id is not None:
        query = query.where(Signer.facility_id == facility_id)
    return list(session.execute(query).scalars())


def latest_certificate(session: Session, signer_id: int) -> Certificate | None:
    """The signer's newest issued certificate (one with its DER)."""
    return session.execute(select(Certificate).where(Certificate.signer_id == signer_id, Certificate.der.is_not(None))
                           .order_by(Certificate.created_at.desc()).limit(1)).scalar_one_or_none()


def issued_certificates_of(session: Session, signer_id: int) -> list[Certificate]:
    """The signer's certificates in force (status ``issued``)."""
    return list(session.execute(select(Certificate).where(Certificate.signer_id == signer_id,
                                                          Certificate.status == "issued")).scalars())
