"""Document Signer Certificates as the register keeps them (authority keys of kind ``dsc``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import AuthorityKey, Certificate


def with_certificates(session: Session) -> list[tuple[AuthorityKey, bytes, str]]:
    """(key row, certificate DER, certificate status) of every DSC, newest first."""
    rows = session.execute(
        select(AuthorityKey, Certificate.der, Certificate.status)
        .join(Certificate, Certificate.serial == AuthorityKey.certificate_serial)
        .where(AuthorityKey.kind == "dsc")
        .order_by(AuthorityKey.created_at.desc(), AuthorityKey.id.desc())
    ).all()
    out = []
    for key, der, status in rows:
        assert der is not None
        out.append((key, der, status))
    return out


def retire(session: Session, name: str, at: dt.datetime) -> bool:
    """Mark the DSC retired at ``at`` (row locked); False if it already was."""
    row = session.execute(select(AuthorityKey).where(AuthorityKey.name == name).with_for_update()).scalar_one()
    if row.retired_at is not None:
        return False
    row.retired_at = at
    return True
