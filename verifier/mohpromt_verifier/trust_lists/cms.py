"""CMS SignedData (RFC 5652) for the gateway's shapes, with asn1crypto.

* ``sign`` makes SignedData over ``content`` with signed attributes (contentType,
  messageDigest, signingTime), the signer certificate included, the content either
  detached (a gateway trust-list entry's ``signature`` over its ``rawData``) or
  encapsulated (a revocation batch as the gateway hands it out).
* ``verify`` checks the digest and the signature with the certificate it names and
  returns that certificate and the content; pinning is the caller's job
  (``signing.check_signer_against_anchor``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms
from asn1crypto import tsp as _tsp  # noqa: F401 - see below

# asn1crypto builds a name -> OID table for CMS attribute types on first use, and
# asn1crypto.tsp adds names (signing_certificate_v2, ...) to that type on import. A table built
# before that import never learns them, and pyHanko, signing a PDF later in the same process,
# then fails on the name. Importing tsp first keeps the table whole whatever runs first.
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from mohpromt_verifier.trust_lists.errors import BadListSignature
from mohpromt_verifier.trust_lists.signing import ListSigner, der_of, verify_with_key

_HASHES = {"sha256": (hashlib.sha256, hashes.SHA256), "sha384": (hashlib.sha384, hashes.SHA384),
           "sha512": (hashlib.sha512, hashes.SHA512)}


def sign(content: bytes, signer: ListSigner, *, signing_time: dt.datetime, detached: bool = True) -> bytes:
    """DER ContentInfo(SignedData) over ``content``, signed with SHA-256."""
    certificate = asn1_x509.Certificate.load(der_of(signer.certificate))
    attributes = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(content).digest()]}),
        cms.CMSAttribute({"type": "signing_time",
                          "values": [cms.Time({"utc_time": signing_time.astimezone(dt.UTC)})]}),
    ])
    signature = signer.sign(attributes.dump())
    key = signer.certificate.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        signature_algorithm = "sha256_ecdsa"
    elif isinstance(key, rsa.RSAPublicKey):
        signature_algorithm = "sha256_rsa"
    else:
        raise ValueError("a list signer needs an EC or RSA key")
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": certificate.issuer, "serial_number": certificate.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "signed_attrs": attributes,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": signature_algorithm}),
        "signature": signature,
    })
    encapsulated: dict[str, object] = {"content_type": "data"}
    if not detached:
        encapsulated["content"] = content
    signed_data = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": encapsulated,
        "certificates": [cms.CertificateChoices({"certificate": certificate})],
        "signer_infos": [signer_info],
    })
    encoded: bytes = cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
    return encoded


@dataclass(frozen=True)
class CmsVerified:
    signer: x509.Certificate
    content: bytes
    signing_time: dt.datetime | None


def verify(data: bytes, *, detached_content: bytes | None = None, what: str = "the CMS signature") -> CmsVerified:
    """Check a SignedData's digest and signature; raise ``BadListSignature`` naming what failed."""
    try:
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise BadListSignature(f"{what} is not CMS SignedData")
        signed_data = info["content"]
        signer_infos = list(signed_data["signer_infos"])
        if len(signer_infos) != 1:
            raise BadListSignature(f"{what} has {len(signer_infos)} signers; exactly one is expected")
        signer_info = signer_infos[0]
        encapsulated = signed_data["encap_content_info"]["content"]
        if detached_content is not None:
            content = detached_content
        elif encapsulated.native is not None:
            content = encapsulated.native if isinstance(encapsulated.native, bytes) else encapsulated.contents
        else:
            raise BadListSignature(f"{what} is detached and no content was given")
        certificate = _signer_certificate(signed_data, signer_info)
        if certificate is None:
            raise BadListSignature(f"{what} does not include its signer's certificate")
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        if digest_name not in _HASHES:
            raise BadListSignature(f"{what} uses digest {digest_name}; only SHA-2 is accepted")
        hash_function, hash_class = _HASHES[digest_name]
        signed_attrs = signer_info["signed_attrs"]
        signing_time = None
        if signed_attrs.native is None or len(signed_attrs) == 0:
            message = content
        else:
            digest = None
            for attribute in signed_attrs:
                kind = attribute["type"].native
                if kind == "message_digest":
                    digest = attribute["values"][0].native
                elif kind == "signing_time":
                    signing_time = attribute["values"][0].native
            if digest != hash_function(content).digest():
                raise BadListSignature(f"{what} does not match the content (message digest differs)")
            message = b"\x31" + signed_attrs.dump()[1:]
        cryptography_certificate = x509.load_der_x509_certificate(certificate.dump())
        algorithm = signer_info["signature_algorithm"]["algorithm"].native
        if "pss" in algorithm:
            raise BadListSignature(f"{what} uses {algorithm}, which this reader does not accept")
        if not verify_with_key(cryptography_certificate.public_key(), signer_info["signature"].native, message,
                               hash_algorithm=hash_class()):
            raise BadListSignature(f"{what} does not verify")
        return CmsVerified(cryptography_certificate, content, signing_time)
    except BadListSignature:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise BadListSignature(f"{what} is not valid CMS: {type(exc).__name__}") from None


def _signer_certificate(signed_data: cms.SignedData, signer_info: cms.SignerInfo) -> asn1_x509.Certificate | None:
    sid = signer_info["sid"]
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (certificate.serial_number == wanted["serial_number"].native
                    and certificate.issuer == wanted["issuer"]):
                return certificate
        elif sid.name == "subject_key_identifier":
            if certificate.key_identifier == sid.chosen.native:
                return certificate
    return None
