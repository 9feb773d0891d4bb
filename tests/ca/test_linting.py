"""pkilint: every profile issues clean; a broken profile is refused, naming the finding."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from mohpromt_ca.authority.dsc import issue_dsc
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.ca.linting import lint_certificate, waivers_for_base_url
from mohpromt_ca.ca.names import signer_name
from mohpromt_ca.ca.profiles import SIGNER
from mohpromt_ca.errors import LintError
from mohpromt_ca.registration.desk import enrol_signer
from mohpromt_ca.storage.models import Certificate


def _errors(cert, kind: str, waive=frozenset()) -> list[str]:  # type: ignore[no-untyped-def]
    findings = lint_certificate(cert.public_bytes(Encoding.DER), kind)
    return [str(f) for f in findings if f.severity in ("ERROR", "FATAL") and f.code not in waive]


def test_every_profile_lints_clean(authority, approved_facility) -> None:
    waive = waivers_for_base_url(authority.settings.base_url)
    for name in ("root", "document-signing", "dcc-csca", "ocsp-root", "ocsp-document-signing", "ocsp-dcc-csca", "tsa"):
        assert _errors(authority.certificate_of(name), "pkix") == [], name
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.1",
                          name_th="นายแพทย์ ก ข", name_en="Kor Khai").certificate
    assert _errors(signer, "etsi-natural-person", waive) == []
    assert _errors(signer, "pkix") == []
    for restrict in (None, "test", "vaccination", "recovery"):
        assert _errors(issue_dsc(authority, restrict_to=restrict).certificate, "pkix") == []
    assert _errors(issue_dsc(authority, algorithm="PS256").certificate, "pkix") == []


def test_loopback_waiver_only_for_loopback() -> None:
    assert waivers_for_base_url("http://127.0.0.1:8000") == {"etsi.internal_domain_name"}
    assert waivers_for_base_url("http://localhost:8000") == {"etsi.internal_domain_name"}
    assert waivers_for_base_url("https://pki.moph.go.th") == frozenset()
    assert waivers_for_base_url("http://10.0.0.5") == frozenset()


def test_production_base_url_with_internal_name_is_refused(tmp_path) -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from tests.conftest import make_settings  # type: ignore[import-not-found]

    settings = make_settings(tmp_path)
    settings = type(settings)(**{**settings.model_dump(), "base_url": "http://pki.internal"})
    auth = Authority.open(settings)
    initialise(auth, organisation="Ministry of Public Health", country="TH")
    facility = register_facility(auth, type="pharmacy", licence="P1", name_th="ร้านยา", name_en="Pharmacy One")
    decide_facility(auth, facility.id, "approve")
    with pytest.raises(LintError, match="etsi.internal_domain_name"):
        enrol_signer(auth, facility_id=facility.id, profession="pharmacist", licence="ภ.9", name_th="ภก. ก",
                     name_en="Phar Macist")
    auth.close()


def test_broken_profile_is_refused_and_named(authority) -> None:
    broken = dataclasses.replace(SIGNER, name="broken-signer", key_usage=frozenset({"key_cert_sign"}), lint="pkix")
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    with pytest.raises(LintError) as refused:
        issue_certificate(authority, issuer=authority.issuing_key("document-signing"), profile=broken,
                          subject=signer_name(name_en="Bad Cert", profession="physician", licence_digits="1",
                                              facility_en="X"), public_key=key)
    assert "pkix." in refused.value.message and "ERROR" in refused.value.message
    with authority.register.transaction() as session:
        statuses = set(session.execute(
            select(Certificate.status).where(Certificate.profile == "broken-signer")).scalars())
    assert statuses == {"failed"}  # reserved, never stored as issued

    # The ETSI natural-person rules refuse a signing certificate without a signing key usage.
    no_signing = dataclasses.replace(SIGNER, name="broken-etsi", key_usage=frozenset({"key_encipherment"}))
    with pytest.raises(LintError, match="etsi"):
        issue_certificate(authority, issuer=authority.issuing_key("document-signing"), profile=no_signing,
                          subject=signer_name(name_en="Bad Cert", profession="physician", licence_digits="2",
                                              facility_en="X"), public_key=key)
