"""Backup and restore of a whole authority: ``mohpromt-ca backup``, ``backup verify``, ``restore``.

One archive holds everything a restore needs:

* ``register/register.sqlite3`` (the SQLite backup API) or ``register/register.pgdump``
  (``pg_dump --format=custom``): the register, taken first, as one consistent snapshot;
* ``files/...``: every regular file of the data directory as it is stored -- keys (encrypted
  PKCS#8 files; PKCS#11 keys stay in their token, the register keeps their references),
  certificates, secrets (session and hashing keys), the trust-list cache, signed artefacts,
  bulk-job outputs, plugin data -- except the live SQLite register and in-flight temporary files;
* ``MANIFEST.json`` last: size and SHA-256 of every member, the register's dialect, schema
  revision and document count.

The register goes first: files are written before the rows that name them, so every row of the
snapshot finds its file (a file newer than the snapshot is harmless). The tar stream is sealed
with :mod:`.sealed_stream` (scrypt + AES-256-GCM in 1 MiB chunks), so memory stays bounded and
nothing of the archive is readable or changeable without the passphrase
(``MOHPROMT_BACKUP_PASSPHRASE`` or a prompt).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from mohpromt_ca import __version__
from mohpromt_ca.application.sealed_stream import BackupDamaged, OpeningReader, SealingWriter
from mohpromt_ca.clock import SYSTEM_CLOCK, Clock
from mohpromt_ca.config import Settings
from mohpromt_ca.errors import ConfigError, MohpromtError
from mohpromt_ca.storage import register_backup as registers

MANIFEST = "MANIFEST.json"
FORMAT = 1
_REGISTER_MEMBER = {registers.SQLITE: "register/register.sqlite3", registers.POSTGRESQL: "register/register.pgdump"}
_TEMPORARY = re.compile(r"^\..*\.tmp$")
_MAX_MANIFEST = 256 << 20
_BLOCK = 1 << 20


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds (its manifest), and how long making or checking it took."""

    path: str
    size: int
    files: int
    documents: int
    dialect: str
    revision: str | None
    created: str
    seconds: float
    check: str = ""
    sealing: str = ""  # what sealing the pending audit entries before the snapshot did

    def as_dict(self) -> dict[str, Any]:
        return {"archive": self.path, "bytes": self.size, "files": self.files, "documents": self.documents,
                "register": self.dialect, "revision": self.revision, "created": self.created,
                "seconds": round(self.seconds, 2), **({"check": self.check} if self.check else {}),
                **({"audit_sealing": self.sealing} if self.sealing else {})}


@dataclass(frozen=True)
class RestoreSummary:
    backup: BackupSummary
    data_dir: str
    database: str
    audit: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def audit_intact(self) -> bool:
        return bool(self.audit.get("intact"))

    def as_dict(self) -> dict[str, Any]:
        return {"data_dir": self.data_dir, "database": self.database, "audit": self.audit,
                "seconds": round(self.seconds, 2), "backup": self.backup.as_dict()}


# -- writing ----------------------------------------------------------------------------------
def _data_files(data_dir: Path, skip: set[Path]) -> list[tuple[str, Path]]:
    """(member name, path) of every regular file under ``data_dir`` a restore needs, sorted."""
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(data_dir):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink() and (base / d).resolve() not in skip)
        for name in sorted(files):
            path = base / name
            if _TEMPORARY.match(name) or path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            found.append(("files/" + path.relative_to(data_dir).as_posix(), path))
    return found


class _Hashing:
    """A reader that hashes what passes through it."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner, self.digest, self.size = inner, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path, when: float) -> dict[str, Any]:
    with open(path, "rb") as handle:
        info = tarfile.TarInfo(name)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime, info.mode = int(when), 0o600
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
        tar.members.clear()  # type: ignore[attr-defined]  # a stream: keep no index of every member
    return {"path": name, "size": hashing.size, "sha256": hashing.digest.hexdigest()}


def _seal_pending_audit(settings: Settings, clock: Clock) -> str:
    """Seal the audit entries still pending (as the sequencer would) so the archive carries a
    sealed, checkpointed chain. Best effort: a backup is never refused because the audit key
    cannot be used now (the pending entries are in the snapshot and are sealed after a restore)."""
    from mohpromt_ca.application.audit_log import seal_pending
    from mohpromt_ca.authority.context import Authority

    try:
        authority = Authority.open(settings, clock=clock, actor="backup")
        try:
            outcome = seal_pending(authority)
        finally:
            authority.close()
    except MohpromtError as error:
        return f"pending audit entries left unsealed: {error}"
    if not outcome.sealed and not outcome.pending:
        return ""
    return (f"sealed {outcome.sealed} pending audit entries under {outcome.checkpoints} checkpoints"
            + (f"; {outcome.pending} still pending" if outcome.pending else ""))


def create_backup(settings: Settings, output: Path, passphrase: str, *, clock: Clock = SYSTEM_CLOCK) -> BackupSummary:
    """Write the encrypted archive of the authority configured by ``settings`` to ``output``."""
    started = time.monotonic()
    output = Path(output)
    data_dir = Path(settings.data_dir)
    if not data_dir.is_dir():
        raise ConfigError(f"there is no data directory at {data_dir} to back up")
    url = settings.resolved_database_url
    dialect = registers.dialect_of(url)
    if output.exists():
        raise ConfigError(f"{output} exists: backup never overwrites a file (choose a new name)")
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.tmp")
    sealing = _seal_pending_audit(settings, clock)
    now = clock.now()
    with tempfile.TemporaryDirectory(prefix=".mohpromt-backup-", dir=output.parent) as work:
        snapshot = registers.snapshot_register(url, Path(work) / "register")
        skip = {output.resolve(), partial.resolve(), Path(work).resolve()}
        live = registers.sqlite_path(url) if dialect == registers.SQLITE else None
        if live is not None:
            skip |= {Path(f"{live}{s}").resolve() for s in ("", "-wal", "-shm", "-journal")}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                sealed = SealingWriter(out, passphrase)
                with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                    register = _add(tar, _REGISTER_MEMBER[dialect], snapshot.path, now.timestamp())
                    files = [_add(tar, name, path, now.timestamp()) for name, path in _data_files(data_dir, skip)]
                    manifest = {"format": FORMAT, "version": __version__, "created": now.isoformat(),
                                "register": {**register, "dialect": dialect, "revision": snapshot.revision,
                                             "documents": snapshot.documents},
                                "files": files}
                    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                    tar.addfile(info, io.BytesIO(body))
                sealed.close()
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, output)  # a half-written archive never carries the final name
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupSummary(str(output), output.stat().st_size, len(files), snapshot.documents, dialect,
                         snapshot.revision, now.isoformat(), time.monotonic() - started, sealing=sealing)


# -- reading ----------------------------------------------------------------------------------
def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts and len(name) <= 4096
            and (name == MANIFEST or (len(path.parts) >= 2 and path.parts[0] in ("files", "register"))))


def _read_archive(archive: Path, passphrase: str, place: Callable[[str], Path | None]) -> dict[str, Any]:
    """Open, decrypt and walk ``archive``; each member whose ``place(name)`` is a path is written
    there (0600, folders 0700). Returns the manifest once every member matched it."""
    seen: dict[str, tuple[int, str]] = {}
    manifest: dict[str, Any] | None = None
    with open(archive, "rb") as source:
        reader = OpeningReader(source, passphrase)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                while (member := tar.next()) is not None:
                    tar.members.clear()  # a stream: keep no index of 100,000 members in memory
                    if not member.isfile() or not _safe_member(member.name) or member.name in seen:
                        raise BackupDamaged(f"the backup holds an unexpected member {member.name[:100]!r}")
                    if manifest is not None:
                        raise BackupDamaged("the backup has members after its manifest")
                    stream = tar.extractfile(member)
                    assert stream is not None  # a regular file
                    if member.name == MANIFEST:
                        if member.size > _MAX_MANIFEST:
                            raise BackupDamaged("the backup's manifest is too large")
                        try:
                            manifest = json.loads(stream.read())
                        except ValueError as exc:
                            raise BackupDamaged("the backup's manifest does not parse") from exc
                        continue
                    seen[member.name] = _copy_member(stream, place(member.name))
            reader.drain()
        except tarfile.TarError as exc:
            raise BackupDamaged(f"the backup's contents do not parse: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupDamaged("the backup has no manifest (or one of a format this version does not read)")
    try:
        listed = {entry["path"]: (int(entry["size"]), entry["sha256"])
                  for entry in [manifest["register"], *manifest["files"]]}
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupDamaged("the backup's manifest is incomplete") from exc
    if listed != seen:
        wrong = sorted(set(listed.items()) ^ set(seen.items()))
        raise BackupDamaged(f"the backup does not match its manifest ({len(wrong)} differences, first "
                            f"{wrong[0][0][:100]!r})")
    return manifest


def _copy_member(stream: IO[bytes], target: Path | None) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    out = None
    if target is not None:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        out = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    try:
        while block := stream.read(_BLOCK):
            digest.update(block)
            size += len(block)
            if out is not None:
                out.write(block)
    finally:
        if out is not None:
            out.close()
    return size, digest.hexdigest()


def _summary(archive: Path, manifest: dict[str, Any], seconds: float, check: str = "") -> BackupSummary:
    register = manifest["register"]
    return BackupSummary(str(archive), archive.stat().st_size, len(manifest["files"]),
                         int(register.get("documents") or 0), str(register["dialect"]), register.get("revision"),
                         str(manifest.get("created")), seconds, check)


def verify_backup(archive: Path, passphrase: str, *, work_dir: Path | None = None) -> BackupSummary:
    """Check ``archive`` without restoring it: decrypts and authenticates every chunk, matches every
    member against the manifest, and checks the register snapshot (SQLite integrity check, or
    pg_restore's listing of the dump). Raises :class:`BackupDamaged` or StorageError."""
    started = time.monotonic()
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix=".mohpromt-verify-", dir=work_dir) as work:
        snapshot = Path(work) / "register"

        def place(name: str) -> Path | None:
            return snapshot if name.startswith("register/") else None

        manifest = _read_archive(archive, passphrase, place)
        check = registers.check_snapshot(str(manifest["register"]["dialect"]), snapshot)
    return _summary(archive, manifest, time.monotonic() - started, check)


def _empty_or_absent(data_dir: Path) -> None:
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise ConfigError(f"{data_dir} is not empty: restore writes into a new (or empty) data directory only")


def restore_backup(archive: Path, passphrase: str, settings: Settings) -> RestoreSummary:
    """Restore ``archive`` into ``settings.data_dir`` (absent or empty) and its register
    (``MOHPROMT_DATABASE_URL``: an empty PostgreSQL database, else SQLite in the data directory);
    bring the schema to this version's newest revision; verify the audit chain."""
    started = time.monotonic()
    archive, data_dir = Path(archive), Path(settings.data_dir)
    _empty_or_absent(data_dir)
    url = settings.resolved_database_url
    target = registers.dialect_of(url)
    data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staging = data_dir.parent / f".{data_dir.name}.restoring-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    snapshot_name = f".register-snapshot-{secrets.token_hex(4)}"
    try:
        def place(name: str) -> Path:
            if name.startswith("register/"):
                return staging / snapshot_name
            return staging.joinpath(*PurePosixPath(name).parts[1:])

        manifest = _read_archive(archive, passphrase, place)
        dialect = str(manifest["register"]["dialect"])
        if dialect == registers.POSTGRESQL and target != registers.POSTGRESQL:
            raise ConfigError("this backup holds a PostgreSQL register: set MOHPROMT_DATABASE_URL to an empty "
                              "PostgreSQL database to restore it")
        _empty_or_absent(data_dir)
        if data_dir.exists():
            data_dir.rmdir()
        os.replace(staging, data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    snapshot = data_dir / snapshot_name
    try:
        registers.restore_register(dialect, snapshot, url)
    finally:
        snapshot.unlink(missing_ok=True)
    os.chmod(data_dir, 0o700)
    from mohpromt_ca.storage.database import upgrade_database

    upgrade_database(url)  # a backup of an older version is brought to this version's schema
    if target == registers.POSTGRESQL and dialect != registers.POSTGRESQL:
        _artefacts_into_register(settings)
    audit = _verify_audit(settings)
    return RestoreSummary(_summary(archive, manifest, 0.0), str(data_dir), registers.describe(url), audit,
                          time.monotonic() - started)


def _artefacts_into_register(settings: Settings, batch: int = 200) -> None:
    """A SQLite backup restored onto PostgreSQL: the signed files it kept in ``documents/`` go into
    the register, where every node of a PostgreSQL deployment reads them (no node-local state)."""
    from mohpromt_ca.application.artefacts import DIGEST, SUFFIXES, RegisterArtefactStore
    from mohpromt_ca.authority.context import Authority

    documents = Path(settings.data_dir) / "documents"
    if not documents.is_dir():
        return
    authority = Authority.open(settings, actor="restore")
    try:
        store = RegisterArtefactStore(authority)
        items: list[tuple[str, str, bytes]] = []
        for path in sorted(documents.iterdir()):
            if not path.is_file() or path.suffix not in SUFFIXES or not DIGEST.match(path.stem):
                continue
            items.append((path.stem, path.suffix, path.read_bytes()))
            if len(items) >= batch:
                store.put_many(items)
                items = []
        if items:
            store.put_many(items)
    finally:
        authority.close()


def _verify_audit(settings: Settings) -> dict[str, Any]:
    """``mohpromt-ca audit verify`` on the restored authority (its public function)."""
    from mohpromt_ca.application.certificates import verify_audit_log
    from mohpromt_ca.authority.context import Authority

    authority = Authority.open(settings, actor="restore")
    try:
        verdict = verify_audit_log(authority)
    finally:
        authority.close()
    return dict(verdict.as_dict())
