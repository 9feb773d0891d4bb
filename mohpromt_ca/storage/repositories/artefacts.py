"""Signed files kept in the register (``stored_artefacts``): the PostgreSQL deployment's store,
so every node reads what any node or worker wrote."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import StoredArtefact

__all__ = ["get", "put"]


def put(session: Session, sha256: str, suffix: str, data: bytes, now: dt.datetime) -> None:
    """Keep ``data`` under its digest; a second write of the same digest changes nothing."""
    if session.get_bind().dialect.name == "postgresql":  # one statement, no savepoint
        from sqlalchemy.dialects.postgresql import insert

        session.execute(insert(StoredArtefact).values(sha256=sha256, suffix=suffix, data=data, created_at=now)
                        .on_conflict_do_nothing(constraint="uq_stored_artefact"))
        return
    if session.execute(select(StoredArtefact.id).where(
            StoredArtefact.sha256 == sha256, StoredArtefact.suffix == suffix)).first() is not None:
        return
    try:
        with session.begin_nested():
            session.add(StoredArtefact(sha256=sha256, suffix=suffix, data=data, created_at=now))
    except IntegrityError:
        pass  # written at the same moment by another node: the same bytes (same digest)


def get(session: Session, sha256: str, suffix: str) -> bytes | None:
    return session.execute(select(StoredArtefact.data).where(
        StoredArtefact.sha256 == sha256, StoredArtefact.suffix == suffix)).scalar_one_or_none()
