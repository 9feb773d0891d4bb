"""RDF Dataset Canonicalization (URDNA2015) of a JSON-LD document, with contexts held offline.

A JsonWebSignature2020 proof signs SHA-256 of the canonical N-Quads, so producer and
verifier must expand the document with the same contexts. Only the contexts in
``contexts/`` (see its SOURCE.md) are known; any other is refused, never fetched.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from mohpromt_verifier.trust_lists.errors import ListFormatError

CONTEXT_DIR = Path(__file__).with_name("contexts")
DID_V1 = "https://www.w3.org/ns/did/v1"
JWS_2020_V1 = "https://w3id.org/security/suites/jws-2020/v1"
KNOWN = {DID_V1: "did-v1.jsonld", JWS_2020_V1: "jws-2020-v1.jsonld"}


class UnknownContext(ListFormatError):
    code = "trust-list-context"


@cache
def _context(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((CONTEXT_DIR / KNOWN[url]).read_text("utf-8"))
    return document


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in KNOWN:
        raise UnknownContext(f"the JSON-LD context {url[:200]!r} is not one this verifier holds "
                             f"({', '.join(KNOWN)}); it is never fetched")
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonical(document: dict[str, Any]) -> str:
    """The URDNA2015 N-Quads of ``document``."""
    from pyld import jsonld

    try:
        text: str = jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                                "documentLoader": _loader, "safeMode": False})
    except jsonld.JsonLdError as exc:
        cause = _unknown_context(exc)
        if cause is not None:
            raise cause from None
        raise ListFormatError(f"the document is not valid JSON-LD: {str(exc).splitlines()[0][:200]}") from None
    return text


def digest(document: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical N-Quads (UTF-8)."""
    return hashlib.sha256(canonical(document).encode()).digest()


def _unknown_context(error: BaseException) -> UnknownContext | None:
    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, UnknownContext):
            return current
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__ or current.__context__
        seen += 1
    return None
