"""Where the file key backend's keys live for this register (``file_key_homes``, one row)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import FileKeyHome

__all__ = ["claim"]


def claim(session: Session, host: str, keys_dir: str, now: dt.datetime) -> tuple[str, str]:
    """The (host, directory) of the register's file keys; this node's when none was recorded yet."""
    found = session.execute(select(FileKeyHome).where(FileKeyHome.id == 1).with_for_update()).scalar_one_or_none()
    if found is not None:
        return found.host, found.keys_dir
    try:
        with session.begin_nested():
            session.add(FileKeyHome(id=1, host=host, keys_dir=keys_dir, claimed_at=now))
    except IntegrityError:  # another node claimed it at the same moment
        row = session.execute(select(FileKeyHome).where(FileKeyHome.id == 1)).scalar_one()
        return row.host, row.keys_dir
    return host, keys_dir
