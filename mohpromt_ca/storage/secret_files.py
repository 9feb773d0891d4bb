"""Small secrets kept as files (HMAC keys for sessions and for keyed hashes of citizen IDs).

:func:`load_or_create_secret` is the one way they are made: random bytes from the OS CSPRNG,
written 0600 under a temporary name and then hard-linked into place, so two processes
starting together end up with the same secret and a reader never sees a half-written file.
A file that is the wrong size is refused rather than silently replaced (that would orphan
every hash or session made with the old one).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from mohpromt_ca.errors import StateError

__all__ = ["load_or_create_secret"]


def load_or_create_secret(path: Path | str, *, size: int = 32) -> bytes:
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(size))
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process made it first: use its secret
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    secret = path.read_bytes()
    if len(secret) != size:
        raise StateError(f"{path} holds {len(secret)} bytes, not the {size}-byte secret expected; "
                         "restore it from a backup (replacing it would orphan what it protects)")
    return secret
