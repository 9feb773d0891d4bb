"""The file key backend on a shared register: one home for the keys, or refuse to start.

File keys live in ``DATA_DIR/keys`` on one machine. Two nodes on two data directories against
one PostgreSQL register would each hold their own copy (or their own, different keys under the
same names): signatures nobody can tell apart from a forgery, and a revocation that reaches one
copy only. So the first node to start on a shared register records where its keys are (host and
directory), and a node on another data directory is refused with a sentence saying why and what
to do instead (PKCS#11: several nodes share one token's keys). Processes on the same host and
data directory (``serve --workers N``, a ``mohpromt-ca worker`` beside it) are the same home.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import ConfigError

if TYPE_CHECKING:
    from mohpromt_ca.authority.context import Authority

__all__ = ["check_file_key_home", "uses_file_keys"]


def uses_file_keys(authority: Authority) -> bool:
    settings = authority.settings
    backends = {settings.key_backend, settings.signer_key_backend, *settings.ca_key_backends.values()}
    return "file" in backends or any(settings.backend_for(name) == "file" for name in CA_NAMES)


def check_file_key_home(authority: Authority) -> None:
    """Refuse to start a second node whose file keys live elsewhere (shared register only)."""
    if not authority.register.shared or not uses_file_keys(authority):
        return
    from mohpromt_ca.storage.repositories import key_homes

    host = socket.gethostname()[:255]
    here = str(authority.settings.keys_dir.resolve())[:1024]
    with authority.register.transaction() as session:
        home_host, home_dir = key_homes.claim(session, host, here, authority.clock.now())
    if (home_host, home_dir) != (host, here):
        raise ConfigError(
            f"this register's file keys live in {home_dir} on {home_host}; this node's data directory "
            f"({here} on {host}) would sign with other copies of them. Several nodes share keys through "
            "PKCS#11 (MOHPROMT_KEY_BACKEND=pkcs11 and MOHPROMT_SIGNER_KEY_BACKEND=pkcs11, one token for all), "
            "or run every node on that host and data directory", code="file-keys-elsewhere")
