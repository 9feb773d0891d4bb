"""The HC1 pipeline: DCC -> CWT -> COSE_Sign1 -> zlib -> base45 -> "HC1:" and back.

Every decoding step is bounded and raises its own error class (code in brackets):
prefix [hc1-prefix], base45 [base45], zlib [zlib] (a bomb included), COSE structure
[cose], CBOR payload [cbor], CWT claims [claims]. Decoding does **not** verify the
signature: ``verify_signature`` does, with candidate certificates or keys the caller
looked up (by kid) in its trust list.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
from mohpromt_verifier.formats.hcert.cbor import DEFAULT_MAX_CBOR_DEPTH, loads_bounded
from mohpromt_verifier.formats.hcert.claims import HcertClaims, parse_claims, to_epoch
from mohpromt_verifier.formats.hcert.compression import DEFAULT_MAX_INFLATED, compress, inflate, looks_compressed
from mohpromt_verifier.formats.hcert.cose import Candidate, CoseSign1, SignatureMatch, parse_sign1, sign1, verify_sign1
from mohpromt_verifier.formats.hcert.errors import HcertTooLarge, PrefixError
from mohpromt_verifier.formats.hcert.signer import CoseSigner

__all__ = [
    "HC1_PREFIX",
    "DecodeLimits",
    "DecodedHcert",
    "EncodedHcert",
    "build_hc1",
    "decode_hc1",
    "encode_hc1",
    "verify_signature",
]

HC1_PREFIX = "HC1:"


@dataclass(frozen=True)
class DecodeLimits:
    """Bounds applied while decoding untrusted input."""

    max_text: int = 8192
    """Characters of HC1 text. A QR code holds at most 4,296 alphanumeric characters."""
    max_inflated: int = DEFAULT_MAX_INFLATED
    max_cbor_depth: int = DEFAULT_MAX_CBOR_DEPTH
    allow_uncompressed: bool = False
    """Accept a base45 body that is raw COSE instead of zlib data (some issuers' early
    test data). Off by default: HCERT issuers must compress."""


DEFAULT_LIMITS = DecodeLimits()


@dataclass(frozen=True)
class EncodedHcert:
    """Everything produced while encoding, for the register and revocation hashes."""

    text: str
    cose: bytes
    compressed: bytes
    claims: HcertClaims

    @property
    def signature(self) -> bytes:
        return parse_sign1(self.cose).signature


@dataclass(frozen=True)
class DecodedHcert:
    """A structurally valid HCERT whose signature has *not* been checked yet."""

    text: str
    base45: str
    compressed: bytes
    """The base45-decoded bytes (zlib data, or raw COSE when uncompressed)."""
    was_compressed: bool
    cose_bytes: bytes
    cose: CoseSign1
    claims: HcertClaims

    @property
    def dcc(self) -> Mapping[str, Any] | None:
        return self.claims.dcc

    @property
    def kid(self) -> bytes | None:
        return self.cose.kid

    @property
    def alg(self) -> int | None:
        return self.cose.alg


def build_hc1(
    dcc: Mapping[str, Any],
    *,
    signer: CoseSigner,
    iat: _dt.datetime | int,
    exp: _dt.datetime | int,
    issuer: str = "TH",
    ddcc_vs: Mapping[str, Any] | None = None,
    validate: bool = True,
) -> EncodedHcert:
    """Encode and sign; returns the HC1 text and the intermediate bytes.

    With ``validate`` (the default) the DCC is checked against the schema and value
    sets first (``payload.validate_dcc``); pass False only for a payload already checked.
    """
    if validate:
        from mohpromt_verifier.formats.hcert.payload import validate_dcc

        validate_dcc(dcc)
    if ddcc_vs is not None:
        from mohpromt_verifier.formats.hcert.ddcc import validate_ddcc_vs

        validate_ddcc_vs(ddcc_vs)
    iat_s, exp_s = to_epoch(iat), to_epoch(exp)
    if exp_s <= iat_s:
        raise ValueError("exp must be after iat")
    claims = HcertClaims(issuer=issuer, issued_at=iat_s, expires_at=exp_s, dcc=dcc, ddcc_vs=ddcc_vs)
    cose = sign1(claims.to_cbor(), signer)
    compressed = compress(cose)
    return EncodedHcert(text=HC1_PREFIX + b45encode(compressed), cose=cose, compressed=compressed, claims=claims)


def encode_hc1(
    dcc: Mapping[str, Any],
    *,
    signer: CoseSigner,
    iat: _dt.datetime | int,
    exp: _dt.datetime | int,
    issuer: str = "TH",
    ddcc_vs: Mapping[str, Any] | None = None,
    validate: bool = True,
) -> str:
    """DCC JSON object -> ``HC1:...`` text (see ``build_hc1``)."""
    return build_hc1(
        dcc, signer=signer, iat=iat, exp=exp, issuer=issuer, ddcc_vs=ddcc_vs, validate=validate
    ).text


def strip_prefix(text: str) -> str:
    if not isinstance(text, str):
        raise PrefixError("HC1 input must be text")
    if not text.startswith(HC1_PREFIX):
        head = text[:4]
        raise PrefixError(f"HCERT text must start with {HC1_PREFIX!r}, got {head!r}")
    return text[len(HC1_PREFIX):]


def decode_cose_bytes(cose_bytes: bytes, *, limits: DecodeLimits = DEFAULT_LIMITS) -> tuple[CoseSign1, HcertClaims]:
    """COSE_Sign1 bytes -> parsed structure and claims (no signature check)."""
    cose = parse_sign1(cose_bytes, max_depth=limits.max_cbor_depth)
    item = loads_bounded(
        cose.payload, what="CWT payload", max_size=limits.max_inflated, max_depth=limits.max_cbor_depth
    )
    return cose, parse_claims(item)


def decode_hc1(text: str, *, limits: DecodeLimits = DEFAULT_LIMITS) -> DecodedHcert:
    """Decode ``HC1:`` text into its parts; raises a stage-specific ``HcertDecodeError``."""
    if isinstance(text, str) and len(text) > limits.max_text:
        raise HcertTooLarge(f"HC1 text is {len(text)} characters, above the {limits.max_text} limit")
    text = text.rstrip("\r\n") if isinstance(text, str) else text
    body = strip_prefix(text)
    raw = b45decode(body)
    if limits.allow_uncompressed and not looks_compressed(raw):
        cose_bytes, was_compressed = raw, False
    else:
        cose_bytes, was_compressed = inflate(raw, max_size=limits.max_inflated), True
    cose, claims = decode_cose_bytes(cose_bytes, limits=limits)
    return DecodedHcert(
        text=text,
        base45=body,
        compressed=raw,
        was_compressed=was_compressed,
        cose_bytes=cose_bytes,
        cose=cose,
        claims=claims,
    )


def verify_signature(
    decoded: DecodedHcert | CoseSign1,
    candidates: Iterable[Candidate],
    *,
    match_kid: bool = True,
    allow_unprotected_alg: bool = False,
) -> SignatureMatch:
    """Try each candidate certificate/public key; return the one that verified.

    Raises ``UnsupportedAlgorithm`` (alg missing from the protected header, or not
    ES256/PS256) or ``SignatureError`` (no candidate verified).
    """
    cose = decoded.cose if isinstance(decoded, DecodedHcert) else decoded
    return verify_sign1(cose, candidates, match_kid=match_kid, allow_unprotected_alg=allow_unprotected_alg)
