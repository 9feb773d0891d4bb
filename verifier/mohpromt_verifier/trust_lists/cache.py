"""The local trust-list cache the offline verifier reads.

Layout of the cache directory (default ``DATA_DIR/trust-list``)::

    lists/<name>.json   one self-contained snapshot per list: metadata (kind, shape, source,
                        fetched_at, issued_at, expires_at, the pinned anchor, manual or not),
                        the checked entries and the original bytes (base64)
    sources.json        URLs that ``update`` re-fetches, with their anchors
    log.jsonl           the cache's own log, hash-chained like the CA's audit log
    .lock               writers hold an exclusive flock while they judge and replace

Writes are atomic: a snapshot goes to a new temporary file in the same directory, is
fsynced, then ``os.replace``-d over the old one, and the directory is fsynced. A process
killed at any point leaves the previous snapshot or the new one, never half of either;
readers ignore temporary files and writers sweep them up.

The freshness rule: a list replaces the cached one of the same name only if it is newer
(``issued_at``); the same time and the same content re-confirms it (and restarts its
expiry clock); anything else is refused and the cached list stays.

Expiry: a list's ``expires_at`` is what it states itself (a TS 119 612 NextUpdate), else
``fetched_at + max_age`` (default 7 days). ``open_view`` refuses a cache holding an expired
list unless ``allow_expired`` — then every result it gives carries the mark
``trust-list-expired``. Manual pins never expire.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.trust_lists.document_revocation import DocumentRevocationIndex
from mohpromt_verifier.trust_lists.errors import ListFormatError, StaleList, TrustListExpired
from mohpromt_verifier.trust_lists.model import VerifiedList, comparable_digest, content_digest, iso, parse_time
from mohpromt_verifier.trust_lists.revocation import RevocationIndex
from mohpromt_verifier.trust_lists.signing import fingerprint

FORMAT_VERSION = 1
DEFAULT_MAX_AGE = dt.timedelta(days=7)
EXPIRED_MARK = "trust-list-expired"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
GENESIS = "0" * 64


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, whole."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class CachedList:
    name: str
    kind: str
    shape: str
    source: str
    fetched_at: dt.datetime
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    manual: bool
    entries: tuple[dict[str, Any], ...]
    anchor_pem: str | None = None
    anchor_sha256: str | None = None
    signer_subject: str | None = None
    stated_expiry: dt.datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None
    digest: str = ""

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and now > self.expires_at

    def as_record(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "name": self.name,
            "kind": self.kind,
            "shape": self.shape,
            "source": self.source,
            "fetched_at": iso(self.fetched_at),
            "issued_at": iso(self.issued_at),
            "expires_at": iso(self.expires_at) if self.expires_at else None,
            "stated_expiry": iso(self.stated_expiry) if self.stated_expiry else None,
            "manual": self.manual,
            "anchor": {"sha256": self.anchor_sha256, "pem": self.anchor_pem} if self.anchor_pem else None,
            "signer": self.signer_subject,
            "details": self.details,
            "digest": self.digest,
            "entries": list(self.entries),
            "raw": base64.b64encode(self.raw).decode() if self.raw is not None else None,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CachedList:
        if record.get("format") != FORMAT_VERSION:
            raise ListFormatError(f"cache record format {record.get('format')!r} is not {FORMAT_VERSION}")
        entries = tuple(record["entries"])
        if content_digest(list(entries)) != record["digest"]:
            raise ListFormatError(f"cached list {record.get('name')!r} does not match its digest")
        anchor = record.get("anchor") or {}
        return cls(
            name=record["name"], kind=record["kind"], shape=record["shape"], source=record["source"],
            fetched_at=parse_time(record["fetched_at"], what="fetched_at"),
            issued_at=parse_time(record["issued_at"], what="issued_at"),
            expires_at=parse_time(record["expires_at"], what="expires_at") if record.get("expires_at") else None,
            stated_expiry=(parse_time(record["stated_expiry"], what="stated_expiry")
                           if record.get("stated_expiry") else None),
            manual=bool(record["manual"]), entries=entries, anchor_pem=anchor.get("pem"),
            anchor_sha256=anchor.get("sha256"), signer_subject=record.get("signer"),
            details=record.get("details") or {},
            raw=base64.b64decode(record["raw"]) if record.get("raw") else None, digest=record["digest"],
        )


@dataclass(frozen=True)
class StoreResult:
    status: str
    """"stored" (new or fresher) or "unchanged" (same time and content, entry signatures aside: re-confirmed)"""
    list: CachedList
    previous: CachedList | None


@dataclass(frozen=True)
class TrustedCertificate:
    """One certificate the cache vouches for, with where it came from."""

    certificate: x509.Certificate
    der: bytes
    kid: bytes | None
    country: str
    certificate_type: str
    list_name: str
    source: str
    manual: bool
    marks: tuple[str, ...] = ()


class TrustListCache:
    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.lists_dir = self.directory / "lists"

    # ---- writing ----------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.lists_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / ".lock", "a+b")
        try:
            try:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            except ImportError:  # no flock (Windows): a single writer is assumed
                pass
            self._sweep()
            yield
        finally:
            handle.close()  # releases the lock

    def _sweep(self) -> None:
        for directory in (self.directory, self.lists_dir):
            for leftover in directory.glob(".*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise ListFormatError(f"list name {name[:40]!r}: use lowercase letters, digits, '.', '_' and '-'")
        return self.lists_dir / f"{name}.json"

    def write(self, cached: CachedList) -> None:
        """Replace one snapshot atomically (callers hold ``locked``)."""
        data = json.dumps(cached.as_record(), ensure_ascii=False, indent=1).encode()
        atomic_write(self._path(cached.name), data)

    def store(self, verified: VerifiedList, *, name: str, source: str, fetched_at: dt.datetime,
              anchor: x509.Certificate | None, raw: bytes | None, max_age: dt.timedelta = DEFAULT_MAX_AGE,
              actor: str = "unknown") -> StoreResult:
        """Keep ``verified`` as list ``name`` if it is fresher than the cached one (see the module text)."""
        expires = verified.expires_at if verified.expires_at is not None else fetched_at + max_age
        cached = CachedList(
            name=name, kind=verified.kind, shape=verified.shape, source=source, fetched_at=fetched_at,
            issued_at=verified.issued_at, expires_at=expires, stated_expiry=verified.expires_at, manual=False,
            entries=verified.entries,
            anchor_pem=anchor.public_bytes(Encoding.PEM).decode() if anchor is not None else None,
            anchor_sha256=fingerprint(anchor) if anchor is not None else None,
            signer_subject=verified.signer.subject.rfc4514_string() if verified.signer is not None else None,
            details=dict(verified.details), raw=raw, digest=verified.digest,
        )
        with self.locked():
            previous = self.get(name)
            status = "stored"
            if previous is not None:
                if cached.issued_at < previous.issued_at:
                    self.log(actor, "refuse", name, {"reason": "older", "issued_at": iso(cached.issued_at),
                                                     "cached_issued_at": iso(previous.issued_at), "source": source})
                    raise StaleList(
                        f"the list from {source} was issued {iso(cached.issued_at)}, before the cached one "
                        f"({iso(previous.issued_at)}); the cached list stays")
                if cached.issued_at == previous.issued_at:
                    if comparable_digest(cached.entries) != comparable_digest(previous.entries):
                        self.log(actor, "refuse", name, {"reason": "same-time-different-content", "source": source})
                        raise StaleList(
                            f"the list from {source} has the cached list's time ({iso(cached.issued_at)}) but "
                            "different content; the cached list stays")
                    status = "unchanged"
            self.write(cached)
            self.log(actor, "import" if status == "stored" else "confirm", name,
                     {"source": source, "shape": cached.shape, "entries": len(cached.entries),
                      "issued_at": iso(cached.issued_at), "expires_at": iso(expires), "digest": cached.digest,
                      "anchor_sha256": cached.anchor_sha256})
        return StoreResult(status, cached, previous)

    def add_manual(self, kind: str, entry: dict[str, Any], *, now: dt.datetime, actor: str,
                   source: str) -> CachedList:
        """Pin one certificate by hand into the ``manual-dsc`` or ``manual-anchors`` list (logged)."""
        name = {"dsc": "manual-dsc", "anchors": "manual-anchors"}[kind]
        with self.locked():
            previous = self.get(name)
            entries = [e for e in (previous.entries if previous else ()) if e["thumbprint"] != entry["thumbprint"]]
            entries.append({**entry, "manual": True})
            cached = CachedList(name=name, kind=kind, shape="manual", source="manual", fetched_at=now,
                                issued_at=now, expires_at=None, manual=True, entries=tuple(entries),
                                digest=content_digest(entries))
            self.write(cached)
            self.log(actor, f"add-{'dsc' if kind == 'dsc' else 'anchor'}", name,
                     {"thumbprint": entry["thumbprint"], "kid": entry.get("kid"), "subject": entry.get("subject"),
                      "file": source})
        return cached

    def remove(self, name: str, *, actor: str) -> bool:
        with self.locked():
            path = self._path(name)
            if not path.exists():
                return False
            path.unlink()
            fsync_directory(self.lists_dir)
            self.log(actor, "remove", name, {})
        return True

    # ---- sources (for update) ---------------------------------------------------------

    def sources(self) -> dict[str, dict[str, Any]]:
        path = self.directory / "sources.json"
        if not path.exists():
            return {}
        return dict(json.loads(path.read_text("utf-8")))

    def set_source(self, name: str, *, url: str, anchor: x509.Certificate, max_age: dt.timedelta) -> None:
        with self.locked():
            sources = self.sources()
            sources[name] = {"url": url, "anchor": anchor.public_bytes(Encoding.PEM).decode(),
                             "max_age_hours": max_age.total_seconds() / 3600}
            atomic_write(self.directory / "sources.json",
                         json.dumps(sources, indent=1, sort_keys=True).encode())

    # ---- the log ----------------------------------------------------------------------

    def log(self, actor: str, action: str, list_name: str, details: dict[str, Any]) -> dict[str, Any]:
        """Append one hash-chained line (callers hold ``locked``)."""
        path = self.directory / "log.jsonl"
        entries = self.log_entries()
        prev = entries[-1]["hash"] if entries else GENESIS
        body = {"seq": len(entries) + 1, "at": iso(dt.datetime.now(dt.UTC)), "actor": actor,
                "action": action, "list": list_name, "details": details}
        line = dict(body, prev=prev, hash=_link(prev, body))
        with open(path, "ab") as handle:
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True).encode() + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        return line

    def log_entries(self) -> list[dict[str, Any]]:
        path = self.directory / "log.jsonl"
        if not path.exists():
            return []
        out = []
        for raw in path.read_bytes().splitlines():
            if not raw.strip():
                continue
            try:
                out.append(json.loads(raw))
            except ValueError:
                break  # a torn last line from a crash mid-append: the chain ends before it
        return out

    def verify_log(self) -> tuple[bool, str]:
        prev = GENESIS
        for index, line in enumerate(self.log_entries(), start=1):
            body = {k: line.get(k) for k in ("seq", "at", "actor", "action", "list", "details")}
            if line.get("prev") != prev or line.get("hash") != _link(prev, body) or line.get("seq") != index:
                return False, f"log entry {index} was edited, removed or moved"
            prev = line["hash"]
        return True, "intact"

    # ---- reading ----------------------------------------------------------------------

    def get(self, name: str) -> CachedList | None:
        path = self._path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return CachedList.from_record(json.loads(data))
        except (ValueError, KeyError, TypeError) as exc:
            raise ListFormatError(f"cached list {path} is unreadable: {exc}") from None

    def lists(self) -> list[CachedList]:
        if not self.lists_dir.is_dir():
            return []
        out = []
        for path in sorted(self.lists_dir.glob("*.json")):
            cached = self.get(path.stem)
            if cached is not None:
                out.append(cached)
        return out

    def open_view(self, *, now: dt.datetime, allow_expired: bool = False) -> TrustView:
        lists = self.lists()
        expired = [c for c in lists if c.expired(now)]
        if expired and not allow_expired:
            names = ", ".join(f"{c.name} (expired {iso(c.expires_at)})" for c in expired if c.expires_at)
            raise TrustListExpired(f"the trust-list cache holds expired lists: {names}; update them "
                                   "(`mohpromt-ca trust-list update`) or allow expired lists explicitly")
        return TrustView(lists, now=now, expired=tuple(c.name for c in expired))


def _link(prev: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(prev.encode() + b"\n" + canonical).hexdigest()


class TrustView:
    """What the verifier asks: DSCs by kid, PDF anchors, revocation. Every result carries
    ``marks`` (``trust-list-expired`` when the view was opened over an expired list)."""

    def __init__(self, lists: list[CachedList], *, now: dt.datetime, expired: tuple[str, ...] = ()) -> None:
        self.lists = lists
        self.now = now
        self.expired = expired
        self.marks: tuple[str, ...] = (EXPIRED_MARK,) if expired else ()
        self._by_kid: dict[bytes, list[TrustedCertificate]] = {}
        self._anchors: list[TrustedCertificate] = []
        self._signers: dict[bytes, list[TrustedCertificate]] = {}
        self.revocation = RevocationIndex()
        self.document_revocation = DocumentRevocationIndex()
        for cached in lists:
            if cached.kind == "dsc":
                for entry in cached.entries:
                    item = self._trusted(entry, cached)
                    if item is not None and item.kid is not None:
                        self._by_kid.setdefault(item.kid, []).append(item)
            elif cached.kind == "anchors":
                for entry in cached.entries:
                    item = self._trusted(entry, cached)
                    if item is not None:
                        self._anchors.append(item)
            elif cached.kind == "revocation":
                self.revocation.add(cached.entries, list_name=cached.name, now=now)
            elif cached.kind == "document-revocation":
                self.document_revocation.add(cached.entries, list_name=cached.name)
            elif cached.kind == "signers":
                for entry in cached.entries:
                    item = self._trusted(entry, cached)
                    if item is not None and item.kid is not None:
                        self._signers.setdefault(item.kid, []).append(item)

    def _trusted(self, entry: dict[str, Any], cached: CachedList) -> TrustedCertificate | None:
        der = base64.b64decode(entry["rawData"])
        try:
            certificate = x509.load_der_x509_certificate(der)
        except ValueError:
            return None
        kid = base64.b64decode(entry["kid"]) if entry.get("kid") else None
        return TrustedCertificate(certificate=certificate, der=der, kid=kid, country=entry.get("country", "XX"),
                                  certificate_type=entry.get("certificateType", "ANCHOR"), list_name=cached.name,
                                  source=cached.source, manual=cached.manual, marks=self.marks)

    def dsc_candidates(self, kid: bytes) -> list[TrustedCertificate]:
        """Every listed DSC with this kid (more than one is possible: try them all)."""
        seen: set[bytes] = set()
        out = []
        for item in self._by_kid.get(kid, []):
            if item.certificate_type == "DSC" and item.der not in seen:
                seen.add(item.der)
                out.append(item)
        return out

    def dscs(self) -> list[TrustedCertificate]:
        return [item for items in self._by_kid.values() for item in items if item.certificate_type == "DSC"]

    def pdf_anchors(self) -> list[TrustedCertificate]:
        return list(self._anchors)

    def document_signers(self, kid: bytes | None) -> list[TrustedCertificate]:
        """Listed document signers (the certificates behind ``MPC1:`` QRs) with this kid, or all."""
        items = self._signers.get(kid, []) if kid is not None else [i for v in self._signers.values() for i in v]
        seen: set[bytes] = set()
        out = []
        for item in items:
            if item.der not in seen:
                seen.add(item.der)
                out.append(item)
        return out
