"""COSE_Sign1 (RFC 9052) as HCERT uses it: build, sign, parse, verify.

Parsing accepts tag 18, an untagged array, and CWT tag 61 wrapping tag 18 (all seen in
real issuers' data). The algorithm is read from the protected header: by default a
message whose alg sits only in the unprotected header is refused
(``UnsupportedAlgorithm``), because an unprotected alg can be rewritten by anyone. A
verifier may pass ``allow_unprotected_alg=True`` (as the EU verifier apps do,
dgca-app-core-android ``VerificationCryptoService.getAlgoFromHeader``): the alg is then
taken from the unprotected header only when the protected one has none, and is still
bound to the key type (ES256 needs a P-256 key, PS256 an RSA key), so rewriting it cannot
substitute an algorithm.
The kid is taken from the protected header, else from the unprotected one.

Verification takes candidate certificates or public keys and tries each one (kids
collide: two DSCs can share the 8-byte kid). Certificates whose kid differs from the
message's kid are skipped; bare public keys are always tried.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import sha256
from typing import Any

import cbor2
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from mohpromt_verifier.formats.hcert.cbor import DEFAULT_MAX_CBOR_DEPTH, loads_bounded
from mohpromt_verifier.formats.hcert.errors import CoseError, SignatureError, UnsupportedAlgorithm
from mohpromt_verifier.formats.hcert.signer import (
    ES256,
    ES256_SIGNATURE_LENGTH,
    PS256,
    SUPPORTED_ALGS,
    CoseSigner,
    checked_signature,
    ecdsa_raw_to_der,
    pss_padding,
)

__all__ = [
    "COSE_SIGN1_TAG",
    "CWT_TAG",
    "HEADER_ALG",
    "HEADER_KID",
    "Candidate",
    "CoseSign1",
    "SignatureMatch",
    "kid_of",
    "parse_sign1",
    "sign1",
    "verify_sign1",
]

COSE_SIGN1_TAG = 18
CWT_TAG = 61
HEADER_ALG = 1
HEADER_KID = 4

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
Candidate = x509.Certificate | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def kid_of(certificate: x509.Certificate | bytes) -> bytes:
    """HCERT kid: the first 8 bytes of SHA-256 over the certificate's DER."""
    if isinstance(certificate, bytes):
        return sha256(certificate).digest()[:8]
    return _certificate_kid(certificate)


@lru_cache(maxsize=4096)
def _certificate_kid(certificate: x509.Certificate) -> bytes:
    """Cached per DSC: a verifier checks the same few thousand DSCs over and over."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return sha256(certificate.public_bytes(Encoding.DER)).digest()[:8]


@lru_cache(maxsize=4096)
def _certificate_key(certificate: x509.Certificate) -> Any:
    """The DSC's public key, parsed once (loading an EC point costs as much as a hash)."""
    return certificate.public_key()


@dataclass(frozen=True)
class CoseSign1:
    """A parsed COSE_Sign1. ``protected_bytes`` are kept verbatim for Sig_structure."""

    protected_bytes: bytes
    protected: Mapping[Any, Any]
    unprotected: Mapping[Any, Any]
    payload: bytes
    signature: bytes
    tags: tuple[int, ...] = field(default=())
    """Outer to inner tags seen around the array: (18,), (61, 18) or ()."""

    @property
    def alg(self) -> int | None:
        """The algorithm from the protected header only (None when absent there)."""
        alg = self.protected.get(HEADER_ALG)
        return alg if isinstance(alg, int) and not isinstance(alg, bool) else None

    @property
    def kid(self) -> bytes | None:
        """kid from the protected header, else the unprotected one."""
        for header in (self.protected, self.unprotected):
            kid = header.get(HEADER_KID)
            if isinstance(kid, bytes):
                return kid
        return None

    @property
    def kid_source(self) -> str | None:
        if isinstance(self.protected.get(HEADER_KID), bytes):
            return "protected"
        if isinstance(self.unprotected.get(HEADER_KID), bytes):
            return "unprotected"
        return None

    def sig_structure(self) -> bytes:
        return sig_structure(self.protected_bytes, self.payload)

    @property
    def unprotected_alg(self) -> int | None:
        """The alg of the unprotected header, when the protected header has none."""
        if HEADER_ALG in self.protected:
            return None
        alg = self.unprotected.get(HEADER_ALG)
        return alg if isinstance(alg, int) and not isinstance(alg, bool) else None

    def require_alg(self, *, allow_unprotected: bool = False) -> int:
        """The protected alg (or, when allowed and the protected header has none, the
        unprotected one), checked to be ES256 or PS256."""
        alg = self.alg
        if alg is None and allow_unprotected:
            alg = self.unprotected_alg
        if alg is None:
            where = " (it is only in the unprotected header)" if HEADER_ALG in self.unprotected else ""
            raise UnsupportedAlgorithm(f"COSE protected header has no alg{where}")
        if alg not in SUPPORTED_ALGS:
            raise UnsupportedAlgorithm(f"COSE algorithm {alg} is not supported (only ES256 and PS256)")
        return alg


def sig_structure(protected_bytes: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    """The bytes that are signed: CBOR ["Signature1", protected, external_aad, payload]."""
    return cbor2.dumps(["Signature1", protected_bytes, external_aad, payload])


def sign1(
    payload: bytes,
    signer: CoseSigner,
    *,
    unprotected: Mapping[int, Any] | None = None,
    tagged: bool = True,
) -> bytes:
    """Build and sign a COSE_Sign1 with alg and kid in the protected header."""
    alg = signer.alg
    if alg not in SUPPORTED_ALGS:
        raise UnsupportedAlgorithm(f"COSE algorithm {alg!r} is not supported (only ES256 and PS256)")
    protected_bytes = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: bytes(signer.kid)})
    signature = checked_signature(signer, sig_structure(protected_bytes, payload))
    body = [protected_bytes, dict(unprotected or {}), payload, signature]
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, body) if tagged else body)


def parse_sign1(data: bytes, *, max_depth: int = DEFAULT_MAX_CBOR_DEPTH) -> CoseSign1:
    """Parse COSE_Sign1 bytes (tag 18, untagged, or tag 61 around tag 18)."""
    item = loads_bounded(data, what="COSE_Sign1", max_size=max(len(data), 1), max_depth=max_depth, error=CoseError)
    tags: list[int] = []
    while isinstance(item, cbor2.CBORTag):
        tags.append(item.tag)
        item = item.value
    if tags not in ([], [COSE_SIGN1_TAG], [CWT_TAG, COSE_SIGN1_TAG]):
        raise CoseError(f"unexpected CBOR tags {tags} around COSE_Sign1 (want 18, none, or 61 then 18)")
    if not isinstance(item, Sequence) or isinstance(item, (bytes, str)) or len(item) != 4:
        raise CoseError("COSE_Sign1 must be an array of 4 items")
    protected_bytes, unprotected, payload, signature = item
    if not isinstance(protected_bytes, bytes):
        raise CoseError("COSE_Sign1 protected header must be a byte string")
    if not isinstance(unprotected, Mapping):
        raise CoseError("COSE_Sign1 unprotected header must be a map")
    if not isinstance(payload, bytes):
        raise CoseError("COSE_Sign1 payload must be a byte string (detached payloads are not HCERT)")
    if not isinstance(signature, bytes):
        raise CoseError("COSE_Sign1 signature must be a byte string")
    if protected_bytes:
        protected = loads_bounded(
            protected_bytes, what="COSE protected header", max_size=len(protected_bytes),
            max_depth=max_depth, error=CoseError,
        )
        if not isinstance(protected, Mapping):
            raise CoseError("COSE protected header must encode a map")
    else:
        protected = {}
    return CoseSign1(
        protected_bytes=protected_bytes,
        protected=dict(protected),
        unprotected=dict(unprotected),
        payload=payload,
        signature=signature,
        tags=tuple(tags),
    )


@dataclass(frozen=True)
class SignatureMatch:
    """Which candidate verified: its position in the list given, and the candidate."""

    index: int
    candidate: Candidate
    alg: int
    kid: bytes | None


def _public_key(candidate: Candidate) -> PublicKey:
    if isinstance(candidate, x509.Certificate):
        key = _certificate_key(candidate)
    else:
        key = candidate
    if not isinstance(key, (ec.EllipticCurvePublicKey, rsa.RSAPublicKey)):
        raise TypeError("candidate is not an EC or RSA key")
    return key


def _verify_one(key: PublicKey, alg: int, signature: bytes, tbs: bytes) -> bool:
    try:
        if alg == ES256:
            if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
                return False
            if len(signature) != ES256_SIGNATURE_LENGTH:
                return False
            key.verify(ecdsa_raw_to_der(signature), tbs, ec.ECDSA(hashes.SHA256()))
            return True
        if alg == PS256:
            if not isinstance(key, rsa.RSAPublicKey):
                return False
            key.verify(signature, tbs, pss_padding(), hashes.SHA256())
            return True
    except (InvalidSignature, ValueError):
        return False
    return False


def verify_sign1(
    message: CoseSign1,
    candidates: Iterable[Candidate],
    *,
    match_kid: bool = True,
    allow_unprotected_alg: bool = False,
) -> SignatureMatch:
    """Return the first candidate whose key verifies the signature.

    With ``match_kid`` (the default) a certificate candidate is tried only when its kid
    equals the message's kid (when the message has one). Raises ``UnsupportedAlgorithm``
    when the protected header has no ES256/PS256 alg and ``SignatureError`` when no
    candidate verifies.
    """
    alg = message.require_alg(allow_unprotected=allow_unprotected_alg)
    kid = message.kid
    tbs = message.sig_structure()
    tried = 0
    for index, candidate in enumerate(candidates):
        if match_kid and kid is not None and isinstance(candidate, x509.Certificate):
            if kid_of(candidate) != kid:
                continue
        try:
            key = _public_key(candidate)
        except (TypeError, ValueError):
            continue
        tried += 1
        if _verify_one(key, alg, message.signature, tbs):
            return SignatureMatch(index=index, candidate=candidate, alg=alg, kid=kid)
    kid_text = kid.hex() if kid is not None else "none"
    if tried == 0:
        raise SignatureError(f"no candidate certificate or key for kid {kid_text}")
    raise SignatureError(
        f"the {SUPPORTED_ALGS[alg]} signature did not verify with any of {tried} candidate(s) for kid {kid_text}"
    )
