"""The newest issue of each numbered trusted list (its sequence number only grows)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import TrustListIssue


def newest(session: Session, name: str, *, for_update: bool = False) -> TrustListIssue | None:
    query = select(TrustListIssue).where(TrustListIssue.name == name)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def save(session: Session, current: TrustListIssue | None, *, name: str, sequence: int, issued_at: dt.datetime,
         next_update: dt.datetime, content_mark: str) -> None:
    """Replace ``current`` (as read FOR UPDATE) or insert the first; ``AlreadyExists`` if another
    process inserted the first one meanwhile."""
    if current is None:
        session.add(TrustListIssue(name=name, sequence=sequence, issued_at=issued_at, next_update=next_update,
                                   content_mark=content_mark))
        try:
            session.flush()
        except IntegrityError:
            raise AlreadyExists(f"the {name} list was issued meanwhile") from None
        return
    current.sequence, current.issued_at, current.next_update = sequence, issued_at, next_update
    current.content_mark = content_mark
