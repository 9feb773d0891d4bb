"""Secrets every node must share (``shared_secrets``): the first node to ask creates one, every
later one reads it. Created with the OS CSPRNG (or seeded from a file an older single-node
deployment kept), never replaced."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import SharedSecret

__all__ = ["load_or_create"]


def load_or_create(session: Session, name: str, candidate: bytes, now: dt.datetime) -> bytes:
    """The secret called ``name``; ``candidate`` becomes it when there is none yet."""
    found = session.execute(select(SharedSecret.value).where(SharedSecret.name == name)).scalar_one_or_none()
    if found is not None:
        return bytes(found)
    try:
        with session.begin_nested():
            session.add(SharedSecret(name=name, value=candidate, created_at=now))
    except IntegrityError:  # another node made it first: use its secret
        return bytes(session.execute(select(SharedSecret.value).where(SharedSecret.name == name)).scalar_one())
    return candidate
