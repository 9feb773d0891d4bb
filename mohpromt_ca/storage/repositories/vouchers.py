"""What voucher signing asks the register (the key's record; vouchers themselves are only audited)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import AuthorityKey

__all__ = ["key_recorded"]


def key_recorded(session: Session, name: str) -> bool:
    return session.execute(select(AuthorityKey.id).where(AuthorityKey.name == name)).first() is not None
