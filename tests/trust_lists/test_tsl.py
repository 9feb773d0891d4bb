"""ETSI TS 119 612: read an EU-style trusted list (signed by a foreign operator), write ours
signed with XMLDSig, verify both; tampering and a wrong anchor are refused."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.trust_list_export import export
from mohpromt_verifier.trust_lists import tsl
from mohpromt_verifier.trust_lists.errors import BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.importer import import_list, sniff

from .conftest import now

SAMPLE = Path(__file__).with_name("data") / "eu-tsl-sample.xml"


def _b64(certificate) -> str:  # type: ignore[no-untyped-def]
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode()


@pytest.fixture
def eu_list(foreign):  # type: ignore[no-untyped-def]
    """The sample filled with the foreign authority's certificates and signed by its trust-list key."""
    from mohpromt_ca.authority.trust_list_signer import list_signer

    signer = list_signer(foreign)
    issued = now()
    text = SAMPLE.read_text("utf-8")
    for placeholder, value in {"{{QC_CA}}": _b64(foreign.certificate_of("document-signing")),
                               "{{WITHDRAWN_CA}}": _b64(foreign.certificate_of("dcc-csca")),
                               "{{QTST}}": _b64(foreign.certificate_of("tsa")),
                               "{{QVAL}}": _b64(foreign.certificate_of("ocsp-root")),
                               "{{ISSUED}}": issued.isoformat().replace("+00:00", "Z"),
                               "{{NEXT}}": (issued + dt.timedelta(days=180)).isoformat().replace("+00:00", "Z"),
                               }.items():
        text = text.replace(placeholder, value)
    return tsl.sign(text.encode(), signer), signer, issued


def test_read_an_eu_style_list(foreign, eu_list, cache) -> None:
    data, signer, issued = eu_list
    assert sniff(data) == "tsl"
    stored = import_list(cache, data, anchor=signer.certificate, source="https://example.nl/tsl.xml", now=now())
    listed = stored.list
    assert listed.kind == "anchors" and listed.issued_at == issued
    assert listed.expires_at == issued + dt.timedelta(days=180)
    by_subject = {e["subject"]: e for e in listed.entries}
    qc = foreign.certificate_of("document-signing").subject.rfc4514_string()
    qtst = foreign.certificate_of("tsa").subject.rfc4514_string()
    assert set(by_subject) == {qc, qtst}  # withdrawn CA and the validation service are not anchors
    assert by_subject[qc]["serviceType"] == tsl.TYPE_CA_QC and by_subject[qc]["country"] == "NL"
    assert by_subject[qc]["tsp"] == "Example Qualified Trust Services B.V."
    assert listed.details["services_skipped"] == 2 and listed.details["sequence"] == "42"
    anchors = cache.open_view(now=now()).pdf_anchors()
    assert {a.certificate.subject.rfc4514_string() for a in anchors} == {qc, qtst}
    # the foreign root issued the list signer: pinning the root works too (signer cert is in KeyInfo)
    assert tsl.verify(data, foreign.certificate_of("root")).entries == listed.entries


def test_tampered_or_wrongly_anchored_list_is_refused(eu_list, anchor, cache) -> None:
    data, signer, _issued = eu_list
    tampered = data.replace(b"Svcstatus/withdrawn", b"Svcstatus/granted")
    assert tampered != data
    with pytest.raises(BadListSignature):
        tsl.verify(tampered, signer.certificate)
    with pytest.raises(BadListSignature):
        tsl.verify(data, anchor)  # our signer pinned, theirs signed
    with pytest.raises(ListFormatError):
        tsl.verify(b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", signer.certificate)
    unsigned = SAMPLE.read_bytes()
    with pytest.raises(BadListSignature):
        tsl.verify(unsigned, signer.certificate)


def test_write_ours_and_verify_it_independently(ca, anchor, cache) -> None:
    from lxml import etree
    from signxml import XMLVerifier

    data = export(ca, "tsl")
    root = etree.fromstring(data)
    assert root.tag == f"{{{tsl.NS}}}TrustServiceStatusList"
    assert root.findtext(f"{{{tsl.NS}}}SchemeInformation/{{{tsl.NS}}}SchemeTerritory") == "TH"
    signature = root.find(f"{{{tsl.DS}}}Signature")
    assert signature is not None
    assert signature.find(f".//{{{tsl.DS}}}SignatureMethod").get("Algorithm").endswith("ecdsa-sha256")
    # signxml on its own, with the pinned certificate
    XMLVerifier().verify(data, x509_cert=anchor.public_bytes(Encoding.PEM).decode())
    stored = import_list(cache, data, anchor=anchor, source="ours", now=now())
    subjects = {e["subject"] for e in stored.list.entries}
    assert subjects == {ca.certificate_of(n).subject.rfc4514_string() for n in ("root", "document-signing", "tsa")}
    services = {e["serviceType"] for e in stored.list.entries}
    assert services == {tsl.TYPE_CA_PKC, tsl.TYPE_TSA}


def test_pem_bundle_export(ca) -> None:
    from cryptography import x509

    bundle = export(ca, "pem")
    certificates = x509.load_pem_x509_certificates(bundle)
    assert [c.subject for c in certificates] == [ca.certificate_of("root").subject,
                                                 ca.certificate_of("document-signing").subject]
