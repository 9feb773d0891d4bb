"""Secrets every node must agree on: the web session / CSRF key, the plugins' keyed-hash keys.

On the embedded SQLite default they are 0600 files in the data directory
(``storage.secret_files``). On PostgreSQL, where a login made through one service node must be
honoured by another, they live in the register (``shared_secrets``), named by their path under
the data directory; a file an older single-node deployment kept seeds the register's value, so
existing sessions and keyed hashes stay valid.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from mohpromt_ca.errors import StateError

if TYPE_CHECKING:
    from mohpromt_ca.authority.context import Authority

__all__ = ["load_shared_secret"]


def _name(authority: Authority, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(authority.settings.data_dir.resolve()).as_posix()[:128]
    except ValueError:
        return Path(path).name[:128]


def load_shared_secret(authority: Authority, path: Path, *, size: int = 32) -> bytes:
    """The secret kept at ``path`` (a file on SQLite; the register's value on PostgreSQL)."""
    from mohpromt_ca.storage.secret_files import load_or_create_secret

    if not authority.register.shared:
        return load_or_create_secret(path, size=size)
    from mohpromt_ca.storage.repositories import shared_secrets

    candidate = Path(path).read_bytes() if Path(path).is_file() else secrets.token_bytes(size)
    with authority.register.transaction() as session:
        value = shared_secrets.load_or_create(session, _name(authority, path), candidate, authority.clock.now())
    if len(value) != size:
        raise StateError(f"the shared secret {_name(authority, path)} holds {len(value)} bytes, not {size}; "
                         "restore it from a backup (replacing it would orphan what it protects)")
    return value
