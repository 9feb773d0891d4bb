"""A pyHanko ``Signer`` that signs through our ``KeyHandle`` (file or PKCS#11, the same way).

The handle is loaded once per process by the key store; this object holds it, the
certificate and the chain, parsed once. pyHanko's ``SimpleSigner`` re-parses its key on
every call; this never does. A dry run (size estimate) returns a placeholder of the
largest DER signature the key can make, without touching the key.
"""

from __future__ import annotations

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec, SignatureScheme

# the longest signature each key type can produce (DER ECDSA-Sig-Value, or the RSA modulus)
_MAX_SIGNATURE = {KeySpec.EC_P256: 72, KeySpec.EC_P384: 104, KeySpec.RSA_3072: 384}
_EC_SCHEMES = {"sha256": SignatureScheme.ECDSA_SHA256, "sha384": SignatureScheme.ECDSA_SHA384}


def to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


class KeyHandleSigner(Signer):
    def __init__(self, handle: KeyHandle, certificate: x509.Certificate, chain: tuple[x509.Certificate, ...]) -> None:
        cert = to_asn1(certificate)
        others = [to_asn1(c) for c in chain]
        super().__init__(signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs([cert, *others]),
                         embed_roots=True)
        self._handle = handle
        self.chain = others

    def _scheme(self, digest_algorithm: str) -> SignatureScheme:
        if self._handle.spec.is_ec:
            try:
                return _EC_SCHEMES[digest_algorithm]
            except KeyError:
                raise SigningError(f"digest {digest_algorithm} is not supported with an EC key") from None
        if digest_algorithm != "sha256":
            raise SigningError(f"digest {digest_algorithm} is not supported with an RSA key")
        return SignatureScheme.RSA_PKCS1_SHA256

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:
            return bytes(_MAX_SIGNATURE[self._handle.spec])
        return self._handle.sign(data, self._scheme(digest_algorithm))

    def __repr__(self) -> str:
        return f"KeyHandleSigner({self._handle!r})"
