"""Import a list: read a file or URL, sniff its shape, verify it against the pinned anchor,
and hand it to the cache's freshness rule. A refusal is logged and the cached list stays."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography import x509

from mohpromt_verifier.trust_lists import (
    document_revocation,
    dsc_lists,
    gdhcn,
    revocation,
    signer_lists,
    tsl,
    two_line,
)
from mohpromt_verifier.trust_lists.cache import DEFAULT_MAX_AGE, StoreResult, TrustListCache
from mohpromt_verifier.trust_lists.errors import ListFormatError, TrustListRejected
from mohpromt_verifier.trust_lists.model import VerifiedList
from mohpromt_verifier.trust_lists.signing import fingerprint

MAX_LIST_BYTES = 64 * 1024 * 1024
SHAPES = ("gateway", "national", "revocation", "revocation-cms", "document-revocation", "signers", "tsl",
          "gdhcn-did")


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://", "did:web:"))


def read_source(source: str, *, timeout: float = 30.0, max_bytes: int = MAX_LIST_BYTES) -> bytes:
    """The bytes of a file, an http(s) URL or a did:web DID (its did.json), bounded."""
    if source.startswith("did:web:"):
        source = gdhcn.did_web_url(source)
    if is_url(source):
        import httpx

        try:
            with httpx.stream("GET", source, timeout=timeout, follow_redirects=True) as response:
                if response.status_code != 200:
                    raise ListFormatError(f"{source} answered HTTP {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise ListFormatError(f"{source} is larger than {max_bytes} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise ListFormatError(f"cannot fetch {source}: {type(exc).__name__}") from None
    path = Path(source)
    try:
        if path.stat().st_size > max_bytes:
            raise ListFormatError(f"{source} is larger than {max_bytes} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise ListFormatError(f"cannot read {source}: {exc.strerror}") from None


def sniff(data: bytes) -> str:
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if tsl.looks_like(stripped):
        return "tsl"
    if gdhcn.looks_like(stripped):
        return "gdhcn-did"
    if stripped.startswith(b"["):
        return "gateway"
    if two_line.looks_like(stripped):
        _signature, line = two_line.split(stripped)
        try:
            keys = set(json.loads(line))
        except (ValueError, TypeError, UnicodeDecodeError):
            keys = set()
        if "batches" in keys:
            return "revocation"
        if document_revocation.KEY in keys:
            return "document-revocation"
        if signer_lists.KEY in keys:
            return "signers"
        return "national"
    if revocation.looks_like_cms(stripped):
        return "revocation-cms"
    raise ListFormatError("unknown list shape: expected gateway JSON, a national two-line list, "
                          "a revocation list or batch, a TS 119 612 XML trusted list or a GDHCN DID trust list")


def verify_any(data: bytes, anchor: x509.Certificate, *, now: dt.datetime, shape: str | None = None) -> VerifiedList:
    shape = shape or sniff(data)
    if shape == "gateway":
        return dsc_lists.verify_gateway(data, anchor)
    if shape == "national":
        return dsc_lists.verify_national(data, anchor)
    if shape == "revocation":
        return revocation.verify_national(data, anchor)
    if shape == "revocation-cms":
        return revocation.verify_gateway_batch(data, anchor, now=now)
    if shape == "document-revocation":
        return document_revocation.verify(data, anchor)
    if shape == "signers":
        return signer_lists.verify(data, anchor)
    if shape == "tsl":
        return tsl.verify(data, anchor)
    if shape == "gdhcn-did":
        return gdhcn.verify(data, anchor)
    raise ListFormatError(f"unknown list shape {shape!r}; use one of {', '.join(SHAPES)}")


def default_name(verified: VerifiedList, anchor: x509.Certificate) -> str:
    """Stable per (kind, pinned anchor): the same signer's next list replaces this one.
    A gateway revocation batch is one of many, so each batch keeps its own name."""
    base = f"{verified.kind}-{fingerprint(anchor)[:16]}"
    if verified.shape == "revocation-cms":
        return f"{base}-{verified.digest[:12]}"
    return base


def import_list(cache: TrustListCache, data: bytes, *, anchor: x509.Certificate, source: str, now: dt.datetime,
                name: str | None = None, shape: str | None = None, max_age: dt.timedelta = DEFAULT_MAX_AGE,
                actor: str = "unknown") -> StoreResult:
    try:
        verified = verify_any(data, anchor, now=now, shape=shape)
    except (TrustListRejected, ListFormatError) as refused:
        with cache.locked():
            cache.log(actor, "refuse", name or "-", {"source": source, "code": refused.code,
                                                    "reason": refused.message, "anchor_sha256": fingerprint(anchor)})
        raise
    return cache.store(verified, name=name or default_name(verified, anchor), source=source, fetched_at=now,
                       anchor=anchor, raw=data, max_age=max_age, actor=actor)


def update_all(cache: TrustListCache, *, now: dt.datetime, actor: str = "unknown") -> list[tuple[str, str, str]]:
    """Re-fetch every configured URL: (name, "stored"|"unchanged"|"refused", detail) each."""
    results = []
    for name, source in sorted(cache.sources().items()):
        anchor = x509.load_pem_x509_certificate(source["anchor"].encode())
        max_age = dt.timedelta(hours=float(source.get("max_age_hours", DEFAULT_MAX_AGE.total_seconds() / 3600)))
        try:
            data = read_source(source["url"])
            result = import_list(cache, data, anchor=anchor, source=source["url"], now=now, name=name,
                                 max_age=max_age, actor=actor)
            results.append((name, result.status, f"{len(result.list.entries)} entries"))
        except (TrustListRejected, ListFormatError) as refused:
            results.append((name, "refused", refused.message))
    return results
