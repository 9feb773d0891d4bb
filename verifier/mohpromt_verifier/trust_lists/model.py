"""What a verified list is, whatever shape it arrived in (plain data, JSON-able entries)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography import x509

ListKind = Literal["dsc", "revocation", "anchors", "document-revocation", "signers"]


def parse_time(value: Any, *, what: str) -> dt.datetime:
    from mohpromt_verifier.trust_lists.errors import ListFormatError

    if not isinstance(value, str) or not value:
        raise ListFormatError(f"{what} is not a timestamp")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ListFormatError(f"{what} {value[:40]!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def content_digest(entries: Any) -> str:
    return hashlib.sha256(json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def comparable_digest(entries: Any) -> str:
    """Digest of what a list says, without the entries' own signatures (ECDSA signatures
    differ at each signing, so the same list signed twice compares equal)."""
    return content_digest([{k: v for k, v in e.items() if k != "signature"} if isinstance(e, dict) else e
                           for e in entries])


@dataclass(frozen=True)
class VerifiedList:
    """A list whose signature and entries have been checked (or a manual one)."""

    kind: ListKind
    shape: str
    """gateway | national | revocation | revocation-cms | document-revocation | signers | tsl | pem | manual"""
    issued_at: dt.datetime
    """What freshness is judged on."""
    entries: tuple[dict[str, Any], ...]
    signer: x509.Certificate | None = None
    expires_at: dt.datetime | None = None
    """An expiry the list states itself (TS 119 612 NextUpdate, a revocation batch's expires)."""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return content_digest(list(self.entries))
