"""Sign X.509 structures (certificates, CRLs) with any ``KeyHandle``.

cryptography's builders only sign with an in-memory key. We let a builder sign
with a throwaway key of the same family (so it writes the right
signatureAlgorithm), take its to-be-signed bytes, have the handle sign them, and
splice the real signature in. The throwaway key is never the CA's key; the CA's
key stays inside its backend, file or token alike.
"""

from __future__ import annotations

import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding

from .keys.base import KeyHandle, SignatureScheme

_DUMMIES: dict[str, PrivateKeyTypes] = {}
_DUMMY_LOCK = threading.Lock()


def _dummy_key(scheme: SignatureScheme) -> PrivateKeyTypes:
    family = "ec" if scheme in (SignatureScheme.ECDSA_SHA256, SignatureScheme.ECDSA_SHA384) else "rsa"
    with _DUMMY_LOCK:
        if family not in _DUMMIES:
            _DUMMIES[family] = (
                ec.generate_private_key(ec.SECP256R1())
                if family == "ec"
                else rsa.generate_private_key(public_exponent=65537, key_size=2048)
            )
        return _DUMMIES[family]


def rsa_padding(scheme: SignatureScheme) -> padding.AsymmetricPadding | None:
    if scheme is SignatureScheme.RSA_PSS_SHA256:
        return padding.PSS(padding.MGF1(hashes.SHA256()), 32)
    if scheme is SignatureScheme.RSA_PKCS1_SHA256:
        return padding.PKCS1v15()
    return None


def _read_header(der: bytes, offset: int) -> tuple[int, int]:
    """(header length, content length) of the DER element at ``offset``."""
    first = der[offset + 1]
    if first < 0x80:
        return 2, first
    count = first & 0x7F
    return 2 + count, int.from_bytes(der[offset + 2 : offset + 2 + count], "big")


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def splice_signature(signed_der: bytes, tbs: bytes, signature: bytes) -> bytes:
    """Rebuild SEQUENCE{tbs, algorithm, BIT STRING} with a new signature value."""
    header, _ = _read_header(signed_der, 0)
    if signed_der[header : header + len(tbs)] != tbs:
        raise ValueError("to-be-signed bytes are not at the start of the structure")
    at = header + len(tbs)
    alg_header, alg_len = _read_header(signed_der, at)
    algorithm = signed_der[at : at + alg_header + alg_len]
    bit_string = b"\x03" + _length(len(signature) + 1) + b"\x00" + signature
    body = tbs + algorithm + bit_string
    return b"\x30" + _length(len(body)) + body


def sign_certificate(
    builder: x509.CertificateBuilder, handle: KeyHandle, scheme: SignatureScheme | None = None
) -> x509.Certificate:
    scheme = scheme or SignatureScheme.default_for(handle.spec)
    draft = builder.sign(_dummy_key(scheme), scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]
    tbs = draft.tbs_certificate_bytes
    der = splice_signature(draft.public_bytes(Encoding.DER), tbs, handle.sign(tbs, scheme))
    return x509.load_der_x509_certificate(der)


def sign_crl(
    builder: x509.CertificateRevocationListBuilder, handle: KeyHandle, scheme: SignatureScheme | None = None
) -> x509.CertificateRevocationList:
    scheme = scheme or SignatureScheme.default_for(handle.spec)
    draft = builder.sign(_dummy_key(scheme), scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]
    tbs = draft.tbs_certlist_bytes
    der = splice_signature(draft.public_bytes(Encoding.DER), tbs, handle.sign(tbs, scheme))
    return x509.load_der_x509_crl(der)
