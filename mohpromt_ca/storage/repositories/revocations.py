"""Revocations of certificates: one row per revoked certificate; a hold can be released."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import Certificate, Revocation


def of_certificate(session: Session, certificate: Certificate) -> Revocation | None:
    return session.execute(
        select(Revocation).where(Revocation.certificate_id == certificate.id)
    ).scalar_one_or_none()


def record(session: Session, certificate: Certificate, *, revoked_at: dt.datetime, reason: str, actor: str) -> None:
    """Revoke: a revocation row, and the certificate's status ``revoked``."""
    session.add(Revocation(certificate_id=certificate.id, revoked_at=revoked_at, reason=reason, actor=actor))
    certificate.status = "revoked"


def release(session: Session, certificate: Certificate, revocation: Revocation) -> None:
    """Lift a hold: the revocation row goes, the certificate is ``issued`` again."""
    session.delete(revocation)
    certificate.status = "issued"


def flush(session: Session) -> None:
    session.flush()
