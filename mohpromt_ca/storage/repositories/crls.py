"""The newest published CRL of each issuing CA (its number only grows)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import CrlState


def state(session: Session, issuer: str, *, for_update: bool = False) -> CrlState | None:
    query = select(CrlState).where(CrlState.issuer == issuer)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def save(session: Session, current: CrlState | None, *, issuer: str, number: int, this_update: dt.datetime,
         next_update: dt.datetime, der: bytes, source_mark: str) -> None:
    """Replace ``current`` (as read FOR UPDATE) or insert the first; ``AlreadyExists`` if another
    process inserted the first one meanwhile."""
    if current is None:
        session.add(CrlState(issuer=issuer, number=number, this_update=this_update, next_update=next_update,
                             der=der, source_mark=source_mark))
        try:
            session.flush()
        except IntegrityError:
            raise AlreadyExists(f"a CRL of {issuer} was published meanwhile") from None
        return
    current.number, current.this_update, current.next_update = number, this_update, next_update
    current.der, current.source_mark = der, source_mark

__all__ = ["CrlState", "save", "state"]
