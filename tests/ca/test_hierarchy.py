"""init builds a hierarchy that independent tools accept, and never overwrites a key."""

from __future__ import annotations

import asyncio
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

from mohpromt_ca.authority.dsc import issue_dsc, kid_of
from mohpromt_ca.authority.export import certificate_pem
from mohpromt_ca.authority.hierarchy import initialise
from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.registration.desk import enrol_signer


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _openssl_verify(openssl: str, tmp: Path, root: x509.Certificate, chain: list[x509.Certificate],
                    leaf: x509.Certificate, *extra: str) -> subprocess.CompletedProcess[str]:
    (tmp / "root.pem").write_bytes(_pem(root))
    (tmp / "chain.pem").write_bytes(b"".join(_pem(c) for c in chain))
    (tmp / "leaf.pem").write_bytes(_pem(leaf))
    return subprocess.run([openssl, "verify", *extra, "-CAfile", str(tmp / "root.pem"), "-untrusted",
                           str(tmp / "chain.pem"), str(tmp / "leaf.pem")], capture_output=True, text=True)


def test_hierarchy_shape(authority) -> None:
    root = authority.certificate_of("root")
    assert root.subject == root.issuer
    assert root.public_key().curve.name == "secp384r1"
    years = (root.not_valid_after_utc - root.not_valid_before_utc).days / 365
    assert 20 <= years < 20.1
    for name in ("document-signing", "dcc-csca"):
        ca = authority.certificate_of(name)
        assert ca.issuer == root.subject
        bc = ca.extensions.get_extension_for_class(x509.BasicConstraints)
        assert bc.critical and bc.value.ca and bc.value.path_length == 0
    ocsp = authority.certificate_of("ocsp-document-signing")
    assert ocsp.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.OCSP_SIGNING])
    assert ocsp.extensions.get_extension_for_oid(ExtensionOID.OCSP_NO_CHECK)
    tsa = authority.certificate_of("tsa")
    eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    subject = root.subject
    assert subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == "Ministry of Public Health"
    assert subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)[0].value == "TH"


def test_serials_are_random_positive_and_short(authority, approved_facility) -> None:
    serials = [authority.certificate_of(n).serial_number for n in ("root", "document-signing", "dcc-csca", "tsa")]
    for i in range(5):
        serials.append(enrol_signer(authority, facility_id=approved_facility.id, profession="dentist",
                                    licence=f"ท.{100 + i}", name_th="ทันตแพทย์ ทดสอบ",
                                    name_en="Dent Ist").certificate.serial_number)
    assert len(set(serials)) == len(serials)
    for serial in serials:
        assert 0 < serial < 2**159  # positive, fits 20 octets
        assert serial.bit_length() == 127  # 126 random bits under a fixed leading one


def test_key_files_are_0600_and_encrypted(authority) -> None:
    keys = sorted((authority.settings.data_dir / "keys").glob("*.pem"))
    assert {k.name.split(".")[0] for k in keys} >= {"root", "document-signing", "dcc-csca", "tsa", "ocsp-root"}
    for key in keys:
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        text = key.read_text()
        assert "BEGIN ENCRYPTED PRIVATE KEY" in text
        with pytest.raises(TypeError):
            serialization.load_pem_private_key(text.encode(), password=None)


def test_init_twice_never_overwrites(authority) -> None:
    root_key = (authority.settings.data_dir / "keys" / "root.p8.pem").read_bytes()
    with pytest.raises(AlreadyExists, match="already exists"):
        initialise(authority, organisation="Someone Else", country="TH")
    assert (authority.settings.data_dir / "keys" / "root.p8.pem").read_bytes() == root_key


def test_signer_and_dsc_verify_with_openssl(authority, approved_facility, openssl, tmp_path) -> None:
    root = authority.certificate_of("root")
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").certificate
    result = _openssl_verify(openssl, tmp_path, root, [authority.certificate_of("document-signing")], signer,
                             "-purpose", "any")
    assert result.returncode == 0 and "leaf.pem: OK" in result.stdout, result.stderr
    for restrict in (None, "vaccination", "test", "recovery"):
        dsc = issue_dsc(authority, restrict_to=restrict)
        assert kid_of(dsc.certificate) == dsc.kid and len(dsc.kid) == 8
        result = _openssl_verify(openssl, tmp_path, root, [authority.certificate_of("dcc-csca")], dsc.certificate)
        assert result.returncode == 0 and "leaf.pem: OK" in result.stdout, result.stderr
    # And the chain must not verify against a root it does not belong to.
    other_dir = tmp_path / "other"
    from mohpromt_ca.authority.context import Authority
    from tests.conftest import make_settings  # type: ignore[import-not-found]

    other = Authority.open(make_settings(other_dir))
    initialise(other, organisation="Other Ministry", country="TH")
    result = _openssl_verify(openssl, tmp_path, other.certificate_of("root"),
                             [authority.certificate_of("document-signing")], signer)
    assert result.returncode != 0
    other.close()


def test_signer_certificate_content(authority, approved_facility) -> None:
    cert = enrol_signer(authority, facility_id=approved_facility.id, profession="pharmacist", licence="ภ.๔๒",
                        name_th="เภสัชกรหญิง สุดา ดี", name_en="Suda Dee").certificate
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment and not ku.key_cert_sign
    subject = {a.oid.dotted_string: a.value for a in cert.subject}
    assert subject["2.5.4.5"] == "TH:PH-42"  # licence ภ.42 (Thai digits normalised)
    assert subject["2.5.4.10"] == "Mor Prom Clinic"
    assert subject["2.5.4.42"] == "Suda" and subject["2.5.4.4"] == "Dee"
    aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    urls = sorted(d.access_location.value for d in aia)
    assert urls == ["http://127.0.0.1:8000/pki/certs/document-signing.crt", "http://127.0.0.1:8000/pki/ocsp"]
    cdp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert cdp[0].full_name[0].value == "http://127.0.0.1:8000/pki/crl/document-signing.crl"
    policies = {p.policy_identifier.dotted_string
                for p in cert.extensions.get_extension_for_class(x509.CertificatePolicies).value}
    assert "0.4.0.2042.1.1" in policies and authority.settings.certificate_policy_oid in policies
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    assert 729 <= days <= 731


def test_chain_export_validates_with_certvalidator(authority, approved_facility) -> None:
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="medical-technologist",
                          licence="ทน.777", name_th="ทนพ. ทดสอบ", name_en="Lab Tester").certificate
    bundle = certificate_pem(authority, format(signer.serial_number, "x"), chain=True)
    certs = [asn1_x509.Certificate.load(der) for _t, _h, der in asn1_pem.unarmor(bundle, multiple=True)]
    assert len(certs) == 3 and certs[-1].self_signed
    dsc = issue_dsc(authority, restrict_to="vaccination").certificate
    root = asn1_x509.Certificate.load(authority.certificate_of("root").public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], other_certs=certs[1:2] + [asn1_x509.Certificate.load(
        authority.certificate_of("dcc-csca").public_bytes(serialization.Encoding.DER))], allow_fetching=False,
        revocation_mode="soft-fail")
    path = asyncio.run(CertificateValidator(certs[0], validation_context=context).async_validate_usage(
        {"digital_signature", "non_repudiation"}))
    assert path.first.subject == root.subject
    dsc_asn1 = asn1_x509.Certificate.load(dsc.public_bytes(serialization.Encoding.DER))
    validator = CertificateValidator(dsc_asn1, validation_context=context)
    path = asyncio.run(validator.async_validate_usage({"digital_signature"}))
    assert len(path) == 3
