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

from mohpromt_ca.ca import der
from mohpromt_ca.ca.keys.base import KeyHandle, SignatureScheme

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


def splice_signature(signed_der: bytes, tbs: bytes, signature: bytes) -> bytes:
    """Rebuild SEQUENCE{tbs, algorithm, BIT STRING} with a new signature value."""
    parts = der.children(signed_der)
    if parts[0] != tbs:
        raise ValueError("to-be-signed bytes are not at the start of the structure")
    return der.sequence(tbs, parts[1], der.bit_string(signature))


def sign_certificate(
    builder: x509.CertificateBuilder, handle: KeyHandle, scheme: SignatureScheme | None = None
) -> x509.Certificate:
    scheme = scheme or SignatureScheme.default_for(handle.spec)
    draft = builder.sign(_dummy_key(scheme), scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]
    tbs = draft.tbs_certificate_bytes
    der = splice_signature(draft.public_bytes(Encoding.DER), tbs, handle.sign(tbs, scheme))
    return x509.load_der_x509_certificate(der)


def sign_crl(
    builder: x509.CertificateRevocationListBuilder,
    handle: KeyHandle,
    scheme: SignatureScheme | None = None,
    *,
    revoked_entries: bytes = b"",
) -> bytes:
    """Sign a CRL; ``revoked_entries`` (concatenated DER entries) are spliced into the list.

    cryptography's immutable builder copies its entry list on every addition, which
    made a 100,000-entry CRL take half a minute; encoded entries go in at once instead.
    """
    scheme = scheme or SignatureScheme.default_for(handle.spec)
    draft = builder.sign(_dummy_key(scheme), scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]
    tbs = draft.tbs_certlist_bytes
    if revoked_entries:
        parts = der.children(tbs)
        at = next((i for i, part in enumerate(parts) if part[0] == 0xA0), len(parts))
        tbs = der.sequence(*parts[:at], der.tlv(0x30, revoked_entries), *parts[at:])
    algorithm = der.children(draft.public_bytes(Encoding.DER))[1]
    return der.sequence(tbs, algorithm, der.bit_string(handle.sign(tbs, scheme)))
