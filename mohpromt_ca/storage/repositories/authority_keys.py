"""The keys the CA operates (CAs, service keys, DSCs) and the serial of each one's certificate."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage.models import AuthorityKey, Certificate

ROOT = "root"


def by_name(session: Session, name: str) -> AuthorityKey | None:
    return session.execute(select(AuthorityKey).where(AuthorityKey.name == name)).scalar_one_or_none()


def exists(session: Session, name: str) -> bool:
    return session.execute(select(AuthorityKey.id).where(AuthorityKey.name == name)).first() is not None


def is_initialised(session: Session) -> bool:
    """The register holds a root."""
    return exists(session, ROOT)


def names(session: Session) -> list[str]:
    return list(session.execute(select(AuthorityKey.name)).scalars())


def with_certificate(session: Session, name: str) -> tuple[AuthorityKey, bytes] | None:
    """The key's row and its current certificate's DER."""
    row = by_name(session, name)
    if row is None:
        return None
    der = session.execute(select(Certificate.der).where(Certificate.serial == row.certificate_serial)).scalar_one()
    assert der is not None
    return row, der


def add(session: Session, *, name: str, kind: str, key_backend: str, key_ref: str, key_spec: str,
        certificate_serial: str, created_at: dt.datetime) -> None:
    """Record a key; ``AlreadyExists`` if one of that name is recorded."""
    session.add(AuthorityKey(name=name, kind=kind, key_backend=key_backend, key_ref=key_ref, key_spec=key_spec,
                             certificate_serial=certificate_serial, created_at=created_at))
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(f"a key named {name!r} is already recorded") from None


def generations(session: Session, name: str) -> list[AuthorityKey]:
    """The key ``name`` and its earlier generations (``NAME.g1``, ``NAME.g2``, ...), newest first."""
    rows = session.execute(select(AuthorityKey).where(
        (AuthorityKey.name == name) | AuthorityKey.name.like(f"{name}.g%"))).scalars().all()
    previous = sorted((row for row in rows if row.name != name), key=lambda row: -int(row.name.rsplit(".g", 1)[1]))
    return [row for row in rows if row.name == name] + previous


def supersede(session: Session, name: str, *, generation: int, key_backend: str, key_ref: str, key_spec: str,
              certificate_serial: str, at: dt.datetime) -> None:
    """Keep the current row of ``name`` as ``NAME.gN`` (retired at ``at``) and record its successor
    under ``name``, in one transaction."""
    current = by_name(session, name)
    if current is None:
        raise AlreadyExists(f"no key named {name!r} to supersede")
    current.name = f"{name}.g{generation}"
    current.retired_at = at
    session.flush()
    session.add(AuthorityKey(name=name, kind=current.kind, key_backend=key_backend, key_ref=key_ref,
                             key_spec=key_spec, certificate_serial=certificate_serial, created_at=at))
    session.flush()
