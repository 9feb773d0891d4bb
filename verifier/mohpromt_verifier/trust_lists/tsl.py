"""ETSI TS 119 612 trusted lists: read an EU-style list, write ours, XMLDSig both ways.

Reading keeps the services a PAdES validator can anchor to (service types under
``Svctype/CA/`` and ``Svctype/TSA``) whose status is granted (or the national / legacy
equivalents), with each service's X.509 certificates. The signature is checked first
(signxml, enveloped XMLDSig) with the pinned anchor, or with the embedded certificate
when the anchor issued it, and only the XML that the signature covers is read (no
signature-wrapping tricks). ``ListIssueDateTime`` is the freshness, ``NextUpdate`` the
expiry. What is not done: following the EU List of Trusted Lists' pointers, XAdES
qualifying properties, history of service statuses.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.trust_lists.anchors import anchor_entry
from mohpromt_verifier.trust_lists.errors import BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner, check_signer_against_anchor, der_of

NS = "http://uri.etsi.org/02231/v2#"
DS = "http://www.w3.org/2000/09/xmldsig#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TSL_TAG = "http://uri.etsi.org/19612/TSLTag"
TYPE_CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
TYPE_CA_PKC = "http://uri.etsi.org/TrstSvc/Svctype/CA/PKC"
TYPE_TSA = "http://uri.etsi.org/TrstSvc/Svctype/TSA"
TYPE_TSA_QTST = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
STATUS_GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
STATUS_WITHDRAWN = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn"
_GOOD_STATUS = {
    STATUS_GRANTED,
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited",
}
_ANCHOR_TYPES = ("http://uri.etsi.org/TrstSvc/Svctype/CA/", TYPE_TSA)
MAX_XML = 32 * 1024 * 1024


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass(frozen=True)
class TslService:
    tsp_name: str
    name: str
    certificate: x509.Certificate
    service_type: str = TYPE_CA_PKC
    status: str = STATUS_GRANTED
    status_since: dt.datetime | None = None


def build(services: Iterable[TslService], *, operator: str, territory: str, sequence: int,
          issued_at: dt.datetime, next_update: dt.datetime, tsl_type: str | None = None) -> bytes:
    """An unsigned TrustServiceStatusList (TS 119 612 v2, TSLVersionIdentifier 5)."""
    from lxml import etree

    def E(name: str, parent: Any = None, text: str | None = None, **attrs: str) -> Any:
        return _element(etree, name, parent, text, attrs)

    root = etree.Element(_q("TrustServiceStatusList"), nsmap={None: NS, "ds": DS},
                         attrib={"Id": "tsl", "TSLTag": TSL_TAG})
    scheme = E("SchemeInformation", root)
    E("TSLVersionIdentifier", scheme, "5")
    E("TSLSequenceNumber", scheme, str(sequence))
    E("TSLType", scheme, tsl_type or f"http://uri.etsi.org/TrstSvc/TrustedList/TSLType/{territory}generic")
    operator_name = E("SchemeOperatorName", scheme)
    E("Name", operator_name, operator, **{XML_LANG: "en"})
    E("SchemeTerritory", scheme, territory)
    E("ListIssueDateTime", scheme, iso(issued_at))
    E("dateTime", E("NextUpdate", scheme), iso(next_update))
    providers = E("TrustServiceProviderList", root)
    by_tsp: dict[str, list[TslService]] = {}
    for service in services:
        by_tsp.setdefault(service.tsp_name, []).append(service)
    for tsp_name, tsp_services in by_tsp.items():
        provider = E("TrustServiceProvider", providers)
        E("Name", E("TSPName", E("TSPInformation", provider)), tsp_name, **{XML_LANG: "en"})
        services_node = E("TSPServices", provider)
        for service in tsp_services:
            information = E("ServiceInformation", E("TSPService", services_node))
            E("ServiceTypeIdentifier", information, service.service_type)
            E("Name", E("ServiceName", information), service.name, **{XML_LANG: "en"})
            digital_id = E("DigitalId", E("ServiceDigitalIdentity", information))
            E("X509Certificate", digital_id, base64.b64encode(der_of(service.certificate)).decode())
            E("ServiceStatus", information, service.status)
            E("StatusStartingTime", information,
              iso(service.status_since or service.certificate.not_valid_before_utc))
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return document


def _element(etree: Any, name: str, parent: Any, text: str | None, attrs: dict[str, str]) -> Any:
    node = etree.Element(_q(name), attrib=attrs) if parent is None else etree.SubElement(parent, _q(name), attrib=attrs)
    if text is not None:
        node.text = text
    return node


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


def sign(xml: bytes, signer: ListSigner) -> bytes:
    """Enveloped XMLDSig (ECDSA-SHA256, exclusive c14n), the signer certificate in KeyInfo."""
    from lxml import etree
    from signxml import SignatureMethod, XMLSigner

    root = _parse(xml)
    xml_signer = XMLSigner(signature_algorithm=SignatureMethod.ECDSA_SHA256, digest_algorithm="sha256",
                           c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    # signxml calls only public_key() and sign() on the key, which _SignxmlKey routes to the list signer
    key = cast("ec.EllipticCurvePrivateKey", _SignxmlKey(signer))
    signed = xml_signer.sign(root, key=key, cert=[signer.certificate.public_bytes(Encoding.PEM).decode()])
    document: bytes = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
    return document


def _parse(xml: bytes) -> Any:
    from lxml import etree

    if len(xml) > MAX_XML:
        raise ListFormatError(f"the trusted list is {len(xml)} bytes, above the {MAX_XML} limit")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        return etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"the trusted list is not well-formed XML: {exc}") from None


def _embedded_certificate(root: Any) -> x509.Certificate | None:
    node = root.find(f".//{{{DS}}}Signature/{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate")
    if node is None or not (node.text or "").strip():
        return None
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join(node.text.split())))
    except ValueError:
        return None


def verify(xml: bytes, anchor: x509.Certificate) -> VerifiedList:
    """Verify the XMLDSig against the anchor, then read what it signed."""
    from signxml import XMLVerifier
    from signxml.exceptions import InvalidInput, InvalidSignature

    root = _parse(xml)
    if root.tag != _q("TrustServiceStatusList"):
        raise ListFormatError("not an ETSI TS 119 612 TrustServiceStatusList")
    embedded = _embedded_certificate(root)
    key_certificate = anchor
    if embedded is not None:
        check_signer_against_anchor(embedded, anchor, what="the trusted list")
        key_certificate = embedded
    try:
        result = XMLVerifier().verify(root, x509_cert=key_certificate.public_bytes(Encoding.PEM).decode())
    except (InvalidSignature, InvalidInput) as exc:
        raise BadListSignature(f"the trusted list's XML signature does not verify: {exc}".splitlines()[0]) from None
    if isinstance(result, list):  # only when more than one reference is expected, which we never ask for
        raise BadListSignature("the trusted list's XML signature has more than one reference")
    signed = result.signed_xml
    if signed is None or signed.tag != _q("TrustServiceStatusList"):
        raise BadListSignature("the XML signature does not cover the whole trusted list")
    return read_signed(signed, signer=key_certificate)


def _text(node: Any, path: str) -> str | None:
    found = node.find(path, namespaces={"t": NS})
    return found.text.strip() if found is not None and found.text else None


def read_signed(root: Any, *, signer: x509.Certificate | None) -> VerifiedList:
    scheme = root.find("t:SchemeInformation", namespaces={"t": NS})
    if scheme is None:
        raise ListFormatError("the trusted list has no SchemeInformation")
    territory = _text(scheme, "t:SchemeTerritory") or "XX"
    issued = parse_time(_text(scheme, "t:ListIssueDateTime"), what="ListIssueDateTime")
    next_update_text = _text(scheme, "t:NextUpdate/t:dateTime")
    next_update = parse_time(next_update_text, what="NextUpdate") if next_update_text else None
    operator = _text(scheme, "t:SchemeOperatorName/t:Name")
    sequence = _text(scheme, "t:TSLSequenceNumber")
    entries: list[dict[str, Any]] = []
    skipped = 0
    for provider in root.iterfind("t:TrustServiceProviderList/t:TrustServiceProvider", namespaces={"t": NS}):
        tsp_name = _text(provider, "t:TSPInformation/t:TSPName/t:Name")
        for service in provider.iterfind("t:TSPServices/t:TSPService/t:ServiceInformation", namespaces={"t": NS}):
            service_type = _text(service, "t:ServiceTypeIdentifier") or ""
            status = _text(service, "t:ServiceStatus") or ""
            if not service_type.startswith(_ANCHOR_TYPES) or status not in _GOOD_STATUS:
                skipped += 1
                continue
            for node in service.iterfind("t:ServiceDigitalIdentity/t:DigitalId/t:X509Certificate",
                                         namespaces={"t": NS}):
                try:
                    certificate = x509.load_der_x509_certificate(base64.b64decode("".join((node.text or "").split())))
                except ValueError:
                    raise ListFormatError(f"a certificate of {tsp_name!r} is not X.509") from None
                entries.append(anchor_entry(certificate, source="tsl", country=territory, tsp=tsp_name,
                                            service=_text(service, "t:ServiceName/t:Name"),
                                            serviceType=service_type, status=status))
    return VerifiedList(kind="anchors", shape="tsl", issued_at=issued, entries=tuple(entries), signer=signer,
                        expires_at=next_update,
                        details={"territory": territory, "operator": operator, "sequence": sequence,
                                 "services_skipped": skipped})


def looks_like(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]
    return head.startswith(b"<") and b"TrustServiceStatusList" in data[:4096]
