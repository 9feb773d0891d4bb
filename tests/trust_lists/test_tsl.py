"""ETSI TS 119 612: read an EU-style trusted list (signed by a foreign operator), write ours,
schema-valid against the standard's XSD and signed with enveloped XAdES-B-B, checked by
xmlsec1; tampering, a plain XMLDSig, a schema-invalid list and a wrong anchor are refused."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.trust_list_export import export
from mohpromt_verifier.trust_lists import tsl
from mohpromt_verifier.trust_lists.errors import BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.importer import import_list, sniff
from mohpromt_verifier.trust_lists.tsl_schema import SchemaInvalid

from .conftest import now

SAMPLE = Path(__file__).with_name("data") / "eu-tsl-sample.xml"
SCHEMA = Path(tsl.__file__).with_name("schemas") / "ts_119612v020401_xsd.xsd"
XADES = "http://uri.etsi.org/01903/v1.3.2#"


def _b64(certificate) -> str:  # type: ignore[no-untyped-def]
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode()


def _filled_sample(foreign, issued: dt.datetime) -> bytes:  # type: ignore[no-untyped-def]
    text = SAMPLE.read_text("utf-8")
    for placeholder, value in {"{{QC_CA}}": _b64(foreign.certificate_of("document-signing")),
                               "{{WITHDRAWN_CA}}": _b64(foreign.certificate_of("dcc-csca")),
                               "{{QTST}}": _b64(foreign.certificate_of("tsa")),
                               "{{QVAL}}": _b64(foreign.certificate_of("ocsp-root")),
                               "{{ISSUED}}": issued.isoformat().replace("+00:00", "Z"),
                               "{{NEXT}}": (issued + dt.timedelta(days=180)).isoformat().replace("+00:00", "Z"),
                               }.items():
        text = text.replace(placeholder, value)
    return text.encode()


@pytest.fixture
def eu_list(foreign):  # type: ignore[no-untyped-def]
    """The sample filled with the foreign authority's certificates and signed (XAdES) by its trust-list key."""
    from mohpromt_ca.authority.trust_list_signer import list_signer

    signer = list_signer(foreign)
    issued = now()
    return tsl.sign(_filled_sample(foreign, issued), signer, signing_time=issued), signer, issued


def _xsd_errors(data: bytes) -> list[str]:
    """The standard's schema applied by lxml directly (not through our code)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    valid = schema.validate(etree.fromstring(data))
    return [] if valid else [str(e) for e in schema.error_log]


def test_read_an_eu_style_list(foreign, eu_list, cache) -> None:
    data, signer, issued = eu_list
    assert sniff(data) == "tsl"
    assert _xsd_errors(data) == []
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


def test_tampered_plain_invalid_or_wrongly_anchored_list_is_refused(foreign, eu_list, anchor, cache) -> None:
    from lxml import etree
    from signxml import SignatureMethod, XMLSigner

    data, signer, issued = eu_list
    tampered = data.replace(b"Svcstatus/withdrawn", b"Svcstatus/granted")
    assert tampered != data
    with pytest.raises(BadListSignature):
        tsl.verify(tampered, signer.certificate)
    with pytest.raises(BadListSignature):
        tsl.verify(data, anchor)  # our signer pinned, theirs signed
    with pytest.raises(ListFormatError):
        tsl.verify(b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", signer.certificate)
    # a schema-valid list with only a plain XMLDSig (what we published before): no XAdES, refused
    from mohpromt_verifier.trust_lists.xades import _SignxmlKey

    plain = XMLSigner(signature_algorithm=SignatureMethod.ECDSA_SHA256, digest_algorithm="sha256",
                      c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
        etree.fromstring(_filled_sample(foreign, issued)), key=_SignxmlKey(signer),
        cert=[signer.certificate.public_bytes(Encoding.PEM).decode()])
    with pytest.raises(BadListSignature, match="plain XMLDSig"):
        tsl.verify(etree.tostring(plain), signer.certificate)
    # signed, but not valid against the schema (TSPAddress removed): refused before the signature
    root = etree.fromstring(_filled_sample(foreign, issued))
    address = root.find(f".//{{{tsl.NS}}}TSPAddress")
    address.getparent().remove(address)
    invalid = tsl.sign(etree.tostring(root), signer, signing_time=issued)
    with pytest.raises(SchemaInvalid, match="TSPAddress"):
        import_list(cache, invalid, anchor=signer.certificate, source="x", now=now())
    assert cache.log_entries()[-1]["action"] == "refuse"
    assert "trust-list-schema" in str(cache.log_entries()[-1])


@pytest.mark.skipif(shutil.which("xmlsec1") is None, reason="xmlsec1 is not installed")
def test_ours_validates_against_the_xsd_and_xmlsec1_verifies_its_xades(ca, anchor, cache, tmp_path) -> None:
    from lxml import etree

    data = export(ca, "tsl")
    assert _xsd_errors(data) == []
    root = etree.fromstring(data)
    t = {"t": tsl.NS, "ds": tsl.DS, "x": XADES}
    scheme = root.find("t:SchemeInformation", t)
    assert scheme.findtext("t:SchemeTerritory", namespaces=t) == "TH"
    assert {n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text
            for n in scheme.findall("t:SchemeOperatorName/t:Name", t)} == {
        "en": "Ministry of Public Health", "th": "กระทรวงสาธารณสุข"}
    assert scheme.find("t:SchemeOperatorAddress/t:PostalAddresses/t:PostalAddress", t) is not None
    assert int(scheme.findtext("t:TSLSequenceNumber", namespaces=t)) >= 1
    types = [s.findtext("t:ServiceTypeIdentifier", namespaces=t) for s in root.iterfind(".//t:ServiceInformation", t)]
    assert types == [tsl.TYPE_CA_PKC] * 3 + [tsl.TYPE_TSA]
    assert all(s.findtext("t:StatusStartingTime", namespaces=t) for s in root.iterfind(".//t:ServiceInformation", t))
    # the XAdES-B-B parts: SigningTime, SigningCertificateV2 = SHA-256 of the signer certificate
    signature = root.find("ds:Signature", t)
    properties = signature.find("ds:Object/x:QualifyingProperties", t)
    assert properties.get("Target") == f"#{signature.get('Id')}"
    signed = properties.find("x:SignedProperties/x:SignedSignatureProperties", t)
    assert signed.findtext("x:SigningTime", namespaces=t)
    digest = signed.findtext("x:SigningCertificateV2/x:Cert/x:CertDigest/ds:DigestValue", namespaces=t)
    assert base64.b64decode(digest) == hashlib.sha256(anchor.public_bytes(Encoding.DER)).digest()
    references = signature.findall("ds:SignedInfo/ds:Reference", t)
    assert references[0].get("URI") == "#tsl"
    assert [r.get("Type") for r in references].count("http://uri.etsi.org/01903#SignedProperties") == 1

    # xmlsec1, trusting only our root (the signer certificate travels in KeyInfo)
    (tmp_path / "root.pem").write_bytes(ca.certificate_of("root").public_bytes(Encoding.PEM))
    (tmp_path / "tsl.xml").write_bytes(data)
    command = ["xmlsec1", "--verify", "--trusted-pem", str(tmp_path / "root.pem"),
               "--id-attr:Id", "TrustServiceStatusList"]
    checked = subprocess.run([*command, str(tmp_path / "tsl.xml")], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and "OK" in checked.stderr and "References (ok/all): 3/3" in checked.stderr
    stored = import_list(cache, data, anchor=anchor, source="ours", now=now())
    subjects = {e["subject"] for e in stored.list.entries}
    assert subjects == {ca.certificate_of(n).subject.rfc4514_string()
                        for n in ("root", "document-signing", "dcc-csca", "tsa")}

    # a changed TSPName: xmlsec1 and our import both refuse it
    tsp_name = root.find(".//t:TSPInformation/t:TSPName/t:Name", t)
    assert tsp_name.text == "Ministry of Public Health"
    tsp_name.text = "Ministry of Public Wealth"
    changed = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    (tmp_path / "changed.xml").write_bytes(changed)
    refused = subprocess.run([*command, str(tmp_path / "changed.xml")], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "OK" not in refused.stderr.splitlines()
    with pytest.raises(BadListSignature, match="does not verify"):
        import_list(cache, changed, anchor=anchor, source="changed", now=now())


def test_sequence_number_grows_with_every_change(ca) -> None:
    from lxml import etree

    def issue(data: bytes) -> tuple[int, str]:
        scheme = etree.fromstring(data).find(f"{{{tsl.NS}}}SchemeInformation")
        return (int(scheme.findtext(f"{{{tsl.NS}}}TSLSequenceNumber")),
                scheme.findtext(f"{{{tsl.NS}}}ListIssueDateTime"))

    t0 = now() + dt.timedelta(days=400)  # after whatever the other tests issued
    first = issue(export(ca, "tsl", now=t0))
    assert issue(export(ca, "tsl", now=t0 + dt.timedelta(hours=1))) == first  # same content: the same issue
    previous = ca.settings.tsl_contact_uri
    ca.settings.tsl_contact_uri = "mailto:pki@example.go.th"
    try:
        changed = issue(export(ca, "tsl", now=t0 + dt.timedelta(hours=2)))
    finally:
        ca.settings.tsl_contact_uri = previous
    assert changed[0] == first[0] + 1
    restored = issue(export(ca, "tsl", now=t0 + dt.timedelta(hours=3)))  # changed back: another issue
    assert restored[0] == changed[0] + 1
    due = issue(export(ca, "tsl", now=t0 + dt.timedelta(days=20)))  # past half the validity: a new issue
    assert due[0] == restored[0] + 1 and due[1] > restored[1]
