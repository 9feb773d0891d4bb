"""How the format layer asks for a signature without ever holding a key.

``CoseSigner`` is the whole contract: an algorithm id, a kid and ``sign(to_be_signed)``
returning the signature *in COSE form* (raw ``r || s`` for ES256, the PSS signature for
PS256). The CA's key backends (a key file, a PKCS#11 token) implement it or wrap
their sign function in ``FunctionSigner``; ``KeySigner`` adapts a ``cryptography``
private key for tests and simple deployments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from mohpromt_verifier.formats.hcert.errors import SigningError, UnsupportedAlgorithm

__all__ = [
    "ES256",
    "PS256",
    "SUPPORTED_ALGS",
    "CoseSigner",
    "FunctionSigner",
    "KeySigner",
    "ecdsa_der_to_raw",
    "ecdsa_raw_to_der",
    "pss_padding",
]

ES256 = -7
PS256 = -37
SUPPORTED_ALGS: dict[int, str] = {ES256: "ES256", PS256: "PS256"}
ES256_SIGNATURE_LENGTH = 64


@runtime_checkable
class CoseSigner(Protocol):
    """Signs COSE Sig_structure bytes; never exposes key material."""

    @property
    def alg(self) -> int:
        """COSE algorithm id: -7 (ES256) or -37 (PS256)."""
        ...

    @property
    def kid(self) -> bytes:
        """Key identifier put in the protected header (HCERT: SHA-256(DSC DER)[:8])."""
        ...

    def sign(self, to_be_signed: bytes) -> bytes:
        """Signature over ``to_be_signed`` in COSE form (ES256: raw r||s, 64 bytes)."""
        ...


def ecdsa_der_to_raw(der: bytes, size: int = 32) -> bytes:
    """DER ECDSA-Sig-Value -> fixed-length ``r || s`` (COSE / JWS form)."""
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def ecdsa_raw_to_der(raw: bytes) -> bytes:
    """Fixed-length ``r || s`` -> DER ECDSA-Sig-Value (what OpenSSL/cryptography verify)."""
    if len(raw) % 2 or not raw:
        raise ValueError("raw ECDSA signature must have an even, non-zero length")
    half = len(raw) // 2
    return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))


def pss_padding() -> padding.PSS:
    """RSASSA-PSS as COSE PS256 requires (RFC 8230): MGF1-SHA-256, 32-byte salt."""
    return padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def check_alg(alg: int) -> str:
    name = SUPPORTED_ALGS.get(alg)
    if name is None:
        raise UnsupportedAlgorithm(f"COSE algorithm {alg!r} is not supported (only ES256 and PS256)")
    return name


@dataclass(frozen=True)
class FunctionSigner:
    """Wraps a key backend's sign function (e.g. a PKCS#11 session's).

    ``sign_fn`` receives the bytes to sign and returns a signature; set ``der=True``
    when it returns a DER-encoded ECDSA signature (file keys via ``cryptography``) so
    it is converted to the raw form COSE needs. PKCS#11 ``CKM_ECDSA`` returns raw.
    """

    alg: int
    kid: bytes
    sign_fn: Callable[[bytes], bytes]
    der: bool = False

    def __post_init__(self) -> None:
        check_alg(self.alg)

    def sign(self, to_be_signed: bytes) -> bytes:
        sig = self.sign_fn(to_be_signed)
        if self.alg == ES256 and self.der:
            sig = ecdsa_der_to_raw(sig)
        return sig

    def __repr__(self) -> str:  # never show what the function closes over
        return f"FunctionSigner(alg={self.alg}, kid={self.kid.hex()})"


class KeySigner:
    """A ``CoseSigner`` over a ``cryptography`` private key (P-256 or RSA).

    The key stays inside this object; ``repr`` shows only the algorithm and kid.
    """

    __slots__ = ("_key", "_alg", "_kid")

    def __init__(
        self,
        private_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
        kid: bytes,
    ) -> None:
        if isinstance(private_key, ec.EllipticCurvePrivateKey):
            if not isinstance(private_key.curve, ec.SECP256R1):
                raise UnsupportedAlgorithm("ES256 needs a P-256 key")
            self._alg = ES256
        elif isinstance(private_key, rsa.RSAPrivateKey):
            self._alg = PS256
        else:
            raise UnsupportedAlgorithm("only P-256 (ES256) and RSA (PS256) keys are supported")
        self._key = private_key
        self._kid = bytes(kid)

    @property
    def alg(self) -> int:
        return self._alg

    @property
    def kid(self) -> bytes:
        return self._kid

    def sign(self, to_be_signed: bytes) -> bytes:
        key = self._key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return ecdsa_der_to_raw(key.sign(to_be_signed, ec.ECDSA(hashes.SHA256())))
        return key.sign(to_be_signed, pss_padding(), hashes.SHA256())

    def __repr__(self) -> str:
        return f"KeySigner(alg={SUPPORTED_ALGS[self._alg]}, kid={self._kid.hex()})"


def checked_signature(signer: CoseSigner, to_be_signed: bytes) -> bytes:
    """Call the signer and check the shape of what it returns."""
    check_alg(signer.alg)
    sig = signer.sign(to_be_signed)
    if not isinstance(sig, (bytes, bytearray)) or not sig:
        raise SigningError("the signer returned no signature bytes")
    if signer.alg == ES256 and len(sig) != ES256_SIGNATURE_LENGTH:
        raise SigningError(
            f"ES256 signature must be raw r||s of 64 bytes, got {len(sig)} (DER? use der=True)"
        )
    return bytes(sig)
