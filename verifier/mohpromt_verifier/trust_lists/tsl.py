"""ETSI TS 119 612 trusted lists: read an EU-style list, write ours, XAdES-B-B both ways.

Writing (``build``, ``sign``): every element the TS 119 612 v2.4.1 XSD makes mandatory, in its
order, names and addresses in several languages; an enveloped XAdES baseline B-B signature
(``xades``) referencing the list by its Id.

Reading (``verify``): the list must validate against the vendored XSD (``tsl_schema``), then
its XAdES signature must verify with the pinned anchor, or with the embedded certificate when
the anchor issued it (SigningCertificateV2 must name that certificate); only the XML that the
signature covers is read (no signature-wrapping tricks). Kept: the services a PAdES validator
can anchor to (service types under ``Svctype/CA/`` and ``Svctype/TSA``) whose status is
granted (or the national / legacy equivalents), with each service's X.509 certificates.
``ListIssueDateTime`` is the freshness, ``NextUpdate`` the expiry. What is not done:
following the EU List of Trusted Lists' pointers, history of service statuses.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_verifier.trust_lists import tsl_schema, xades
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
STATUS_RECOGNISED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel"
STATUS_DEPRECATED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/deprecatedatnationallevel"
TRUSTED_LIST = "http://uri.etsi.org/TrstSvc/TrustedList"
LIST_ID = "tsl"
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
class Address:
    """A TS 119 612 address: one postal address per language and electronic addresses (URIs)."""

    postal: dict[str, PostalAddress]
    """language -> postal address"""
    electronic: tuple[str, ...]
    """mailto: / https: URIs"""


@dataclass(frozen=True)
class PostalAddress:
    street: str
    locality: str
    country: str
    postal_code: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Provider:
    """A trust service provider: names per language, address, information URIs."""

    names: dict[str, str]
    address: Address
    information_uris: tuple[str, ...]


@dataclass(frozen=True)
class TslService:
    provider: Provider
    names: dict[str, str]
    """language -> service name"""
    certificate: x509.Certificate
    service_type: str = TYPE_CA_PKC
    status: str = STATUS_RECOGNISED
    status_since: dt.datetime | None = None


@dataclass(frozen=True)
class Scheme:
    """Every SchemeInformation element a list needs, whatever issue of the list it is."""

    operator_names: dict[str, str]
    operator_address: Address
    scheme_names: dict[str, str]
    information_uris: tuple[str, ...]
    territory: str
    legal_notices: dict[str, str]
    distribution_points: tuple[str, ...] = ()
    history_days: int = 65535
    tsl_type: str | None = None
    status_determination: str | None = None


def _names(E: Any, parent: Any, names: dict[str, str], tag: str = "Name") -> None:
    for lang, name in names.items():
        E(tag, parent, name, **{XML_LANG: lang})


def _address(E: Any, parent: Any, address: Address) -> None:
    postal_addresses = E("PostalAddresses", parent)
    for lang, postal in address.postal.items():
        node = E("PostalAddress", postal_addresses, **{XML_LANG: lang})
        E("StreetAddress", node, postal.street)
        E("Locality", node, postal.locality)
        if postal.province:
            E("StateOrProvince", node, postal.province)
        if postal.postal_code:
            E("PostalCode", node, postal.postal_code)
        E("CountryName", node, postal.country)
    electronic = E("ElectronicAddress", parent)
    for uri in address.electronic:
        E("URI", electronic, uri, **{XML_LANG: "en"})


def _uris(E: Any, parent: Any, uris: Iterable[str], *, multilingual: bool = True) -> None:
    for uri in uris:
        E("URI", parent, uri, **({XML_LANG: "en"} if multilingual else {}))


def build(services: Iterable[TslService], *, scheme: Scheme, sequence: int, issued_at: dt.datetime,
          next_update: dt.datetime) -> bytes:
    """An unsigned TrustServiceStatusList (TS 119 612 v2, TSLVersionIdentifier 5), in the XSD's order."""
    from lxml import etree

    def E(name: str, parent: Any = None, text: str | None = None, **attrs: str) -> Any:
        return _element(etree, name, parent, text, attrs)

    root = etree.Element(_q("TrustServiceStatusList"), nsmap={None: NS, "ds": DS},
                         attrib={"Id": LIST_ID, "TSLTag": TSL_TAG})
    info = E("SchemeInformation", root)
    E("TSLVersionIdentifier", info, "5")
    E("TSLSequenceNumber", info, str(sequence))
    E("TSLType", info, scheme.tsl_type or f"{TRUSTED_LIST}/TSLType/{scheme.territory}list")
    _names(E, E("SchemeOperatorName", info), scheme.operator_names)
    _address(E, E("SchemeOperatorAddress", info), scheme.operator_address)
    _names(E, E("SchemeName", info), scheme.scheme_names)
    _uris(E, E("SchemeInformationURI", info), scheme.information_uris)
    E("StatusDeterminationApproach", info,
      scheme.status_determination or f"{TRUSTED_LIST}/StatusDetn/{scheme.territory}determination")
    E("SchemeTerritory", info, scheme.territory)
    _names(E, E("PolicyOrLegalNotice", info), scheme.legal_notices, tag="TSLLegalNotice")
    E("HistoricalInformationPeriod", info, str(scheme.history_days))
    E("ListIssueDateTime", info, iso(issued_at))
    E("dateTime", E("NextUpdate", info), iso(next_update))
    if scheme.distribution_points:
        _uris(E, E("DistributionPoints", info), scheme.distribution_points, multilingual=False)
    providers = E("TrustServiceProviderList", root)
    by_provider: dict[int, tuple[Provider, list[TslService]]] = {}
    for service in services:
        by_provider.setdefault(id(service.provider), (service.provider, []))[1].append(service)
    for provider, provider_services in by_provider.values():
        node = E("TrustServiceProvider", providers)
        tsp_information = E("TSPInformation", node)
        _names(E, E("TSPName", tsp_information), provider.names)
        _address(E, E("TSPAddress", tsp_information), provider.address)
        _uris(E, E("TSPInformationURI", tsp_information), provider.information_uris)
        services_node = E("TSPServices", node)
        for service in provider_services:
            information = E("ServiceInformation", E("TSPService", services_node))
            E("ServiceTypeIdentifier", information, service.service_type)
            _names(E, E("ServiceName", information), service.names)
            identity = E("ServiceDigitalIdentity", information)
            E("X509Certificate", E("DigitalId", identity), base64.b64encode(der_of(service.certificate)).decode())
            E("X509SubjectName", E("DigitalId", identity), service.certificate.subject.rfc4514_string())
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


def sign(xml: bytes, signer: ListSigner, *, signing_time: dt.datetime) -> bytes:
    """An enveloped XAdES-B-B signature (``xades.sign``) over the whole list, referenced by its Id."""
    from lxml import etree

    root = _parse(xml)
    list_id = root.get("Id")
    if not list_id:
        root.set("Id", LIST_ID)
        list_id = LIST_ID
    signed = xades.sign(root, signer, signing_time=signing_time, reference_uri=f"#{list_id}")
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
    """Check the list against the TS 119 612 schema, verify its XAdES signature against the
    anchor, then read what the signature covers."""
    root = _parse(xml)
    if root.tag != _q("TrustServiceStatusList"):
        raise ListFormatError("not an ETSI TS 119 612 TrustServiceStatusList")
    tsl_schema.check(root)
    embedded = _embedded_certificate(root)
    key_certificate = anchor
    if embedded is not None:
        check_signer_against_anchor(embedded, anchor, what="the trusted list")
        key_certificate = embedded
    signed = xades.verify(root, key_certificate)
    if signed.tag != _q("TrustServiceStatusList"):
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
