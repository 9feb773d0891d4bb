"""Revoked signed PDFs, as a list an offline verifier can check.

A PDF's signer certificate stays valid when one document it signed is withdrawn (a wrong
patient, a fraud), so OCSP and CRLs cannot say "this document is revoked". The issuance
service publishes this list instead, in the national two-line shape signed by the
trust-list key (the same signer as our DSC and DCC revocation lists)::

    <base64 signature over line 2>
    {"documentRevocations":[{"sha256":"<64 hex>","revokedAt":"...Z","reason":"error"}],"timestamp":"...Z"}

Each entry is the SHA-256 of the PDF file exactly as it was issued. Signing in PAdES only
ever *appends* revisions (a later DSS, an archive timestamp, a countersignature), so the
issued file is a prefix of every later form of it that ends at an ``%%EOF``: a verifier
hashes each such prefix (:func:`revision_prefix_digests`) and looks them up. The list names
no document number and no personal data: only hashes, times and reason codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_verifier.trust_lists import two_line
from mohpromt_verifier.trust_lists.errors import BadListEntry, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner

KEY = "documentRevocations"
REASONS = ("error", "fraud", "withdrawn", "superseded", "other")
MAX_ENTRIES = 1_000_000
MAX_REVISIONS = 64  # prefixes a verifier hashes; a PDF with more revisions than this is checked on its last 64
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True)
class RevokedDocument:
    sha256: str
    revoked_at: dt.datetime
    reason: str


def document(revoked: Iterable[RevokedDocument], signer: ListSigner, *, now: dt.datetime) -> bytes:
    entries = [{"sha256": r.sha256, "revokedAt": iso(r.revoked_at), "reason": r.reason}
               for r in sorted(revoked, key=lambda r: (r.revoked_at, r.sha256))]
    return two_line.sign({KEY: entries, "timestamp": iso(now)}, signer)


def _check(item: Any, position: int) -> dict[str, Any]:
    where = f"document revocation {position}"
    if not isinstance(item, dict):
        raise BadListEntry(f"{where} is not a JSON object")
    digest = item.get("sha256")
    if not isinstance(digest, str) or not _HEX64.match(digest):
        raise BadListEntry(f"{where}: sha256 is not 64 lower-case hex digits")
    reason = item.get("reason")
    if reason not in REASONS:
        raise BadListEntry(f"{where}: reason {str(reason)[:20]!r} is not one of {', '.join(REASONS)}")
    revoked_at = parse_time(item.get("revokedAt"), what=f"{where} revokedAt")
    return {"sha256": digest, "revokedAt": iso(revoked_at), "reason": reason}


def verify(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    payload = two_line.verify(data, anchor, what="the document revocation list")
    items = payload.get(KEY)
    if not isinstance(items, list):
        raise ListFormatError(f"line 2 of a document revocation list has no {KEY} array")
    if len(items) > MAX_ENTRIES:
        raise BadListEntry(f"the document revocation list has {len(items)} entries; at most {MAX_ENTRIES}")
    entries = tuple(_check(item, position) for position, item in enumerate(items))
    issued_at = parse_time(payload.get("timestamp"), what="the document revocation list timestamp")
    return VerifiedList(kind="document-revocation", shape="document-revocation", issued_at=issued_at,
                        entries=entries, signer=anchor)


def revision_prefix_digests(data: bytes) -> Iterator[str]:
    """SHA-256 of every prefix of ``data`` that ends a revision (``%%EOF`` and its line end,
    and the same without the line end), last revision first."""
    ends: list[int] = []
    for match in _EOF.finditer(data):
        ends.append(match.end())
        if match.group(1):
            ends.append(match.start() + len(b"%%EOF"))
    seen: set[int] = set()
    for end in sorted(ends, reverse=True)[: MAX_REVISIONS * 2]:
        if end not in seen:
            seen.add(end)
            yield hashlib.sha256(data[:end]).hexdigest()


class DocumentRevocationIndex:
    """SHA-256 of an issued PDF -> (revoked at, reason, list name)."""

    def __init__(self) -> None:
        self._by_digest: dict[str, tuple[str, str, str]] = {}
        self.lists: list[str] = []

    def add(self, entries: Iterable[dict[str, Any]], *, list_name: str) -> None:
        self.lists.append(list_name)
        for entry in entries:
            self._by_digest[entry["sha256"]] = (entry["revokedAt"], entry["reason"], list_name)

    def __len__(self) -> int:
        return len(self._by_digest)

    def lookup_pdf(self, data: bytes) -> tuple[str, str, str] | None:
        """(revokedAt, reason, list name) if ``data`` is, or extends, a revoked PDF."""
        if not self._by_digest:
            return None
        for digest in revision_prefix_digests(data):
            hit = self._by_digest.get(digest)
            if hit is not None:
                return hit
        return None
