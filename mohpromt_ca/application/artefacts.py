"""Signed artefacts kept for download.

The register's document rows hold identifiers and hashes only (no medical content). The
signed PDF and the HC1 text do hold it. On the embedded SQLite default they live as files
named by their SHA-256 under ``DATA_DIR/documents/`` (directory 0700, files 0600)
(:class:`ArtefactStore`); on PostgreSQL, where several service nodes and workers must all read
what any one of them wrote, in the register's ``stored_artefacts`` (:class:`RegisterArtefactStore`).
Either way they are written before the document row commits: a crash leaves at most an
unreferenced artefact, never a row without its file. A retried request (Idempotency-Key), a
later download and a bulk job's result read them back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mohpromt_ca.errors import NotFound, StorageError
from mohpromt_ca.storage.private_files import write_private

if TYPE_CHECKING:
    from mohpromt_ca.authority.context import Authority

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = (".pdf", ".hc1")


def _check(sha256: str, suffix: str) -> None:
    if not _DIGEST.match(sha256) or suffix not in SUFFIXES:
        raise StorageError("not an artefact name")


class ArtefactStore:
    """Files in one directory (the SQLite default)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str, suffix: str) -> Path:
        _check(sha256, suffix)
        return self.root / f"{sha256}{suffix}"

    def put(self, sha256: str, suffix: str, data: bytes) -> object:
        path = self._path(sha256, suffix)
        if path.exists():
            return path
        write_private(path, data)  # 0600 in a 0700 folder, atomically (storage.private_files)
        return path

    def put_many(self, items: list[tuple[str, str, bytes]]) -> None:
        """Several artefacts (sha256, suffix, bytes), each written as by :meth:`put`."""
        for sha256, suffix, data in items:
            self.put(sha256, suffix, data)

    def get(self, sha256: str, suffix: str) -> bytes:
        path = self._path(sha256, suffix)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotFound("the signed file is no longer kept here") from None


class RegisterArtefactStore(ArtefactStore):
    """Rows in the register (PostgreSQL): any node reads what any node or worker wrote."""

    def __init__(self, authority: Authority) -> None:
        super().__init__(authority.settings.data_dir / "documents")
        self.authority = authority

    def put(self, sha256: str, suffix: str, data: bytes) -> object:
        from mohpromt_ca.storage.repositories import artefacts

        _check(sha256, suffix)
        with self.authority.register.transaction() as session:
            artefacts.put(session, sha256, suffix, data, self.authority.clock.now())
        return (sha256, suffix)

    def put_many(self, items: list[tuple[str, str, bytes]]) -> None:
        """Several artefacts in one transaction (a bulk chunk's batch)."""
        from mohpromt_ca.storage.repositories import artefacts

        for sha256, suffix, _data in items:
            _check(sha256, suffix)
        with self.authority.register.transaction() as session:
            now = self.authority.clock.now()
            for sha256, suffix, data in items:
                artefacts.put(session, sha256, suffix, data, now)

    def get(self, sha256: str, suffix: str) -> bytes:
        from mohpromt_ca.storage.repositories import artefacts

        _check(sha256, suffix)
        with self.authority.register.reading() as session:
            found = artefacts.get(session, sha256, suffix)
        if found is None:
            return super().get(sha256, suffix)  # written by this node before the register kept them
        return bytes(found)


def artefact_store(authority: Authority) -> ArtefactStore:
    """Where signed PDFs and HC1 texts are kept: the register on PostgreSQL, else ``DATA_DIR/documents``."""
    if authority.register.shared:
        return RegisterArtefactStore(authority)
    return ArtefactStore(authority.settings.data_dir / "documents")
