"""The national two-line shape (Germany's DSC list and others).

Line 1: base64 of an ECDSA P-256 / SHA-256 signature over the exact bytes of line 2.
Line 2: one line of JSON (``{"certificates": [...]}`` for signer lists).

We write the signature DER-encoded (X9.62, what Java's ``SHA256withECDSA`` and OpenSSL
produce); we accept DER or raw r||s (64 bytes) on import, since both occur in the wild.
The shape carries no certificate, so it verifies only with the pinned anchor's own key.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography import x509

from mohpromt_verifier.trust_lists.errors import BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.signing import ListSigner, verify_with_key


def canonical_line(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode()


def sign(payload: dict[str, Any], signer: ListSigner) -> bytes:
    line = canonical_line(payload)
    return base64.b64encode(signer.sign(line)) + b"\n" + line + b"\n"


def split(data: bytes) -> tuple[bytes, bytes]:
    """(signature bytes, the signed line) or ``ListFormatError``."""
    text = data.lstrip(b"\xef\xbb\xbf")
    lines = [line.rstrip(b"\r") for line in text.split(b"\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != 2:
        raise ListFormatError(f"a national list has two lines (signature, JSON); this has {len(lines)}")
    try:
        signature = base64.b64decode(lines[0].strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ListFormatError("line 1 of the national list is not base64") from None
    return signature, lines[1]


def looks_like(data: bytes) -> bool:
    try:
        _signature, line = split(data)
    except ListFormatError:
        return False
    return line.lstrip().startswith(b"{")


def verify(data: bytes, anchor: x509.Certificate, *, what: str = "the national list") -> dict[str, Any]:
    """Check line 1 against the anchor's key; return line 2 parsed."""
    signature, line = split(data)
    if not verify_with_key(anchor.public_key(), signature, line, accept_raw=True):
        raise BadListSignature(
            f"{what}'s signature does not verify with the pinned anchor {anchor.subject.rfc4514_string()!r}")
    try:
        payload = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise ListFormatError(f"line 2 of {what} is not JSON") from None
    if not isinstance(payload, dict):
        raise ListFormatError(f"line 2 of {what} is not a JSON object")
    return payload
