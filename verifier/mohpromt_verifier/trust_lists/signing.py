"""Who signs a list, and how a receiver decides the signer is the one it pinned.

A ``ListSigner`` is a certificate and a callable that signs bytes (SHA-256; ECDSA results
DER-encoded, RSA PKCS#1 v1.5). The CA passes one built on its key handle, so no private
key ever enters this package.

Pinning: a list is accepted when its signer certificate *is* the pinned anchor, or was
issued directly by it (the anchor's key verifies the signer certificate's signature and
the names chain). Shapes that carry no certificate (the national two-line list) need the
anchor's own key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.trust_lists.errors import BadListSignature, ListFormatError


@dataclass(frozen=True)
class ListSigner:
    """A trust-list signing certificate and a function that signs with its key (SHA-256)."""

    certificate: x509.Certificate
    sign: Callable[[bytes], bytes]

    def __repr__(self) -> str:  # never anything the callable closes over
        return f"<ListSigner {self.certificate.subject.rfc4514_string()}>"


def der_of(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(Encoding.DER)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(certificate: x509.Certificate) -> str:
    return sha256_hex(der_of(certificate))


def load_pem_certificates(data: bytes) -> list[x509.Certificate]:
    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError as exc:
        raise ListFormatError(f"not a PEM certificate file: {exc}") from None
    return certificates


def load_anchor(data: bytes) -> x509.Certificate:
    """One pinned anchor certificate from PEM (the first one) or DER."""
    if b"-----BEGIN" in data:
        return load_pem_certificates(data)[0]
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise ListFormatError("the anchor is neither a PEM nor a DER certificate") from None


def raw_to_der(signature: bytes) -> bytes:
    half = len(signature) // 2
    return encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))


def verify_with_key(public_key: object, signature: bytes, data: bytes, *, accept_raw: bool = False,
                    hash_algorithm: hashes.HashAlgorithm | None = None) -> bool:
    """True when ``signature`` over ``data`` verifies (ECDSA DER, or raw r||s when allowed; RSA PKCS#1 v1.5)."""
    algorithm = hash_algorithm or hashes.SHA256()
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            candidates = [signature]
            size = (public_key.curve.key_size + 7) // 8
            if accept_raw and len(signature) == 2 * size:
                candidates.append(raw_to_der(signature))
            for candidate in candidates:
                try:
                    public_key.verify(candidate, data, ec.ECDSA(algorithm))
                    return True
                except (InvalidSignature, ValueError):
                    continue
            return False
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), algorithm)
            return True
    except (InvalidSignature, ValueError):
        return False
    return False


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def check_signer_against_anchor(signer: x509.Certificate, anchor: x509.Certificate, *, what: str) -> None:
    """The signer is the pinned anchor, or directly issued by it; otherwise ``BadListSignature``."""
    if der_of(signer) == der_of(anchor):
        return
    if issued_by(signer, anchor):
        return
    raise BadListSignature(
        f"{what} is signed by {signer.subject.rfc4514_string()!r}, which is neither the pinned anchor "
        f"{anchor.subject.rfc4514_string()!r} nor issued by it"
    )
