"""Signed artefacts kept for download, in the data directory, not in the register.

The register holds identifiers and hashes only (no medical content). The signed PDF and
the HC1 text do hold it, so they live as files named by their SHA-256 under
``DATA_DIR/documents/`` (directory 0700, files 0600), written atomically before the
register row commits: a crash leaves at most an unreferenced file, never a row without
its file. A retried request (Idempotency-Key) and a later download read them back.
"""

from __future__ import annotations

import re
from pathlib import Path

from mohpromt_ca.errors import NotFound, StorageError
from mohpromt_ca.storage.private_files import write_private

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = (".pdf", ".hc1")


class ArtefactStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str, suffix: str) -> Path:
        if not _DIGEST.match(sha256) or suffix not in SUFFIXES:
            raise StorageError("not an artefact name")
        return self.root / f"{sha256}{suffix}"

    def put(self, sha256: str, suffix: str, data: bytes) -> Path:
        path = self._path(sha256, suffix)
        if path.exists():
            return path
        write_private(path, data)  # 0600 in a 0700 folder, atomically (storage.private_files)
        return path

    def get(self, sha256: str, suffix: str) -> bytes:
        path = self._path(sha256, suffix)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotFound("the signed file is no longer kept here") from None
