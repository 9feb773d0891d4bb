"""PEM copies of the authority's certificates in DATA_DIR/certs, for operators and relying parties."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.storage.repositories import authority_keys

__all__ = ["write_certificate_files"]


def write_certificate_files(authority: Authority) -> Path:
    """PEM copies of every CA and service certificate in DATA_DIR/certs (public, 0644)."""
    directory = authority.settings.data_dir / "certs"
    directory.mkdir(parents=True, exist_ok=True)
    with authority.register.transaction() as session:
        names = authority_keys.names(session)
    for name in names:
        pem = authority.certificate_of(name).public_bytes(Encoding.PEM)
        target = directory / f"{name}.pem"
        temporary = target.with_suffix(".pem.tmp")
        temporary.write_bytes(pem)
        os.replace(temporary, target)
    return directory
