"""Enveloped XAdES baseline B-B signatures on XML trusted lists (ETSI EN 319 132-1, TS 119 612 5.7).

Signing (signxml's XAdES signer, the key routed to a ``ListSigner`` callable so no private key
enters this package): ECDSA-SHA256, exclusive c14n, one reference to the whole list
(enveloped-signature then exclusive c14n), one to ``xades:SignedProperties`` (Type
``http://uri.etsi.org/01903#SignedProperties``), the signer certificate in KeyInfo, and
``SignedSignatureProperties`` = ``SigningTime`` (from the caller's clock) + ``SigningCertificateV2``.

Verifying: the XMLDSig with the key certificate, then the qualifying properties: the
SignedProperties reference is signed and of the right Type, ``QualifyingProperties@Target``
names this signature, ``SigningTime`` is there, and ``SigningCertificateV2`` (or v1) digests
the certificate that verified the signature. Returns the list element the signature covers.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.trust_lists.errors import BadListSignature
from mohpromt_verifier.trust_lists.signing import ListSigner, der_of

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_DIGESTS = {
    "http://www.w3.org/2001/04/xmlenc#sha256": hashlib.sha256,
    "http://www.w3.org/2001/04/xmldsig-more#sha384": hashlib.sha384,
    "http://www.w3.org/2001/04/xmlenc#sha512": hashlib.sha512,
}


class _SignxmlKey:
    """What signxml calls on a private key, routed to the list signer's callable."""

    def __init__(self, signer: ListSigner) -> None:
        public = signer.certificate.public_key()
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise ValueError("our trusted list is signed with an EC key")
        self._signer = signer
        self._public = public
        self.key_size = public.key_size
        self.curve = public.curve

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self._public

    def sign(self, data: bytes, signature_algorithm: ec.ECDSA) -> bytes:
        if not isinstance(signature_algorithm.algorithm, hashes.SHA256):
            raise ValueError("the list signer signs with SHA-256")
        return self._signer.sign(data)

    def __repr__(self) -> str:
        return "<list signer key>"


def _signer_class() -> Any:
    from base64 import b64encode

    from lxml.etree import SubElement
    from signxml import util
    from signxml.xades import XAdESSigner, xades

    ds_tag: Any = util.ds_tag  # untyped in signxml
    xades_tag: Any = getattr(xades, "xades_tag")  # noqa: B009  (imported there, not re-exported)

    class ClockedXAdESSigner(XAdESSigner):
        """signxml's XAdES signer with SigningTime from our clock (signxml reads the system time)."""

        signing_time: dt.datetime

        def add_signing_time(self, signed_signature_properties: Any, sig_root: Any, signing_settings: Any) -> None:
            node = SubElement(signed_signature_properties, xades_tag("SigningTime"), nsmap=self.namespaces)
            node.text = self.signing_time.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

        def _add_reference_to_signed_info(self, sig_root: Any, node_to_reference: Any, **attrs: str) -> None:
            # signxml digests the node with exclusive c14n but writes no Transform saying so, and a
            # reference without one is inclusive c14n to every verifier: name the transform.
            find: Any = self._find
            signed_info = find(sig_root, "SignedInfo")
            reference = SubElement(signed_info, ds_tag("Reference"), nsmap=self.namespaces)
            reference.set("URI", f"#{node_to_reference.get('Id')}")
            for name, value in attrs.items():
                reference.set(name, value)
            transforms = SubElement(reference, ds_tag("Transforms"), nsmap=self.namespaces)
            SubElement(transforms, ds_tag("Transform"), nsmap=self.namespaces, Algorithm=self.c14n_alg.value)
            SubElement(reference, ds_tag("DigestMethod"), nsmap=self.namespaces, Algorithm=self.digest_alg.value)
            digest_value = SubElement(reference, ds_tag("DigestValue"), nsmap=self.namespaces)
            canonical = self._c14n(node_to_reference, algorithm=self.c14n_alg)
            digest_value.text = b64encode(self._get_digest(canonical, algorithm=self.digest_alg)).decode()

    return ClockedXAdESSigner


def sign(root: Any, signer: ListSigner, *, signing_time: dt.datetime, reference_uri: str) -> Any:
    """``root`` with an enveloped XAdES-B-B signature appended; ``reference_uri`` = ``#<list Id>``."""
    from signxml import SignatureMethod

    xades_signer = _signer_class()(signature_algorithm=SignatureMethod.ECDSA_SHA256, digest_algorithm="sha256",
                                   c14n_algorithm=EXC_C14N)
    xades_signer.signing_time = signing_time
    key = cast("ec.EllipticCurvePrivateKey", _SignxmlKey(signer))
    return xades_signer.sign(root, key=key, cert=[signer.certificate.public_bytes(Encoding.PEM).decode()],
                             reference_uri=reference_uri)


def verify(root: Any, key_certificate: x509.Certificate, *, what: str = "the trusted list") -> Any:
    """Verify the enveloped XAdES signature of ``root``; the element its list reference covers."""
    from signxml import SignatureConfiguration, XMLVerifier
    from signxml.exceptions import InvalidInput, InvalidSignature

    signature = root.find(f"{{{DS}}}Signature")
    if signature is None:
        raise BadListSignature(f"{what} has no enveloped ds:Signature")
    properties = signature.find(f"{{{DS}}}Object/{{{XADES}}}QualifyingProperties")
    if properties is None:
        raise BadListSignature(f"{what}'s signature is plain XMLDSig: it has no XAdES QualifyingProperties")
    signature_id = signature.get("Id")
    if not signature_id or properties.get("Target") != f"#{signature_id}":
        raise BadListSignature(f"{what}'s XAdES QualifyingProperties do not target its signature")
    try:
        results = XMLVerifier().verify(root, x509_cert=key_certificate.public_bytes(Encoding.PEM).decode(),
                                       expect_config=SignatureConfiguration(expect_references=True))
    except (InvalidSignature, InvalidInput) as exc:
        raise BadListSignature(f"{what}'s XML signature does not verify: {exc}".splitlines()[0]) from None
    results = results if isinstance(results, list) else [results]
    covered_list = None
    signed_properties = None
    references = signature.findall(f"{{{DS}}}SignedInfo/{{{DS}}}Reference")
    for reference, result in zip(references, results, strict=False):
        node = result.signed_xml
        if node is None:
            continue
        if node.tag == root.tag:
            covered_list = node
            transforms = [t.get("Algorithm") for t in reference.iterfind(f"{{{DS}}}Transforms/{{{DS}}}Transform")]
            if ENVELOPED not in transforms:
                raise BadListSignature(f"{what}'s reference lacks the enveloped-signature transform")
        elif node.tag == f"{{{XADES}}}SignedProperties":
            if reference.get("Type") != SIGNED_PROPERTIES_TYPE:
                raise BadListSignature(f"{what}'s SignedProperties reference has Type {reference.get('Type')!r}")
            signed_properties = node
    if covered_list is None:
        raise BadListSignature(f"{what}'s XML signature does not cover the whole list")
    if signed_properties is None:
        raise BadListSignature(f"{what}'s XAdES SignedProperties are not signed")
    _check_signed_properties(signed_properties, key_certificate, what=what)
    return covered_list


def _check_signed_properties(signed_properties: Any, certificate: x509.Certificate, *, what: str) -> None:
    base = f"{{{XADES}}}SignedSignatureProperties"
    if signed_properties.find(f"{base}/{{{XADES}}}SigningTime") is None:
        raise BadListSignature(f"{what}'s XAdES signature has no SigningTime")
    certs = (signed_properties.findall(f"{base}/{{{XADES}}}SigningCertificateV2/{{{XADES}}}Cert")
             or signed_properties.findall(f"{base}/{{{XADES}}}SigningCertificate/{{{XADES}}}Cert"))
    if not certs:
        raise BadListSignature(f"{what}'s XAdES signature has no SigningCertificateV2")
    der = der_of(certificate)
    for cert in certs:
        method = cert.find(f"{{{XADES}}}CertDigest/{{{DS}}}DigestMethod")
        value = cert.findtext(f"{{{XADES}}}CertDigest/{{{DS}}}DigestValue")
        digest = _DIGESTS.get(method.get("Algorithm") if method is not None else "")
        if digest is None or value is None:
            continue
        try:
            if base64.b64decode("".join(value.split())) == digest(der).digest():
                return
        except ValueError:
            continue
    raise BadListSignature(f"{what}'s XAdES SigningCertificateV2 does not name the certificate that signed it")
