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
from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec, SignatureScheme

_RSA_THROWAWAY: dict[KeySpec, rsa.RSAPrivateKey] = {}
_RSA_LOCK = threading.Lock()


def throwaway_key(spec: KeySpec) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
    """A key of ``spec``'s type and curve that is never the CA's: it signs drafts only.

    EC keys are fresh on every call (generating one costs microseconds). An RSA-3072 key
    takes a good part of a second to generate, so one per process is kept; it still only
    ever signs drafts whose signature is thrown away or linted, never a published object.
    """
    if spec is KeySpec.EC_P256:
        return ec.generate_private_key(ec.SECP256R1())
    if spec is KeySpec.EC_P384:
        return ec.generate_private_key(ec.SECP384R1())
    with _RSA_LOCK:
        if spec not in _RSA_THROWAWAY:
            _RSA_THROWAWAY[spec] = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        return _RSA_THROWAWAY[spec]


def _dummy_key(scheme: SignatureScheme) -> PrivateKeyTypes:
    """A throwaway key that makes a builder write ``scheme``'s signatureAlgorithm."""
    if scheme is SignatureScheme.ECDSA_SHA384:
        return throwaway_key(KeySpec.EC_P384)
    if scheme is SignatureScheme.ECDSA_SHA256:
        return throwaway_key(KeySpec.EC_P256)
    return throwaway_key(KeySpec.RSA_3072)


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


def _sign_with(key: PrivateKeyTypes, data: bytes, scheme: SignatureScheme) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(scheme.hash_algorithm))
    if isinstance(key, rsa.RSAPrivateKey):
        pad = rsa_padding(scheme)
        assert pad is not None
        return key.sign(data, pad, scheme.hash_algorithm)
    raise TypeError(f"no throwaway signing with a {type(key).__name__}")


def crl_draft(
    builder: x509.CertificateRevocationListBuilder, scheme: SignatureScheme, *, revoked_entries: bytes = b""
) -> tuple[bytes, bytes]:
    """A complete CRL signed by a throwaway key (for linting) and its TBSCertList bytes.

    ``revoked_entries`` (concatenated DER entries) are spliced into the list: cryptography's
    immutable builder copies its entry list on every addition, which made a 100,000-entry
    CRL take half a minute; encoded entries go in at once instead.
    """
    key = _dummy_key(scheme)
    draft = builder.sign(key, scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]
    tbs = draft.tbs_certlist_bytes
    if revoked_entries:
        parts = der.children(tbs)
        at = next((i for i, part in enumerate(parts) if part[0] == 0xA0), len(parts))
        tbs = der.sequence(*parts[:at], der.tlv(0x30, revoked_entries), *parts[at:])
    algorithm = der.children(draft.public_bytes(Encoding.DER))[1]
    return der.sequence(tbs, algorithm, der.bit_string(_sign_with(key, tbs, scheme))), tbs


def sign_crl(
    builder: x509.CertificateRevocationListBuilder,
    handle: KeyHandle,
    scheme: SignatureScheme | None = None,
    *,
    revoked_entries: bytes = b"",
) -> bytes:
    """Sign a CRL with ``handle`` (no linting: ``ca.crl.build_crl`` lints before it signs)."""
    scheme = scheme or SignatureScheme.default_for(handle.spec)
    draft, tbs = crl_draft(builder, scheme, revoked_entries=revoked_entries)
    return splice_signature(draft, tbs, handle.sign(tbs, scheme))
