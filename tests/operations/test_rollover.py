"""`ca rollover`: a successor document-signing CA with overlap, under a pinned clock.

A PDF signed before the rollover still verifies after it with `mohpromt-ca verify` against the
exported anchors; a signer enrolled after it chains to the successor; the old CA stays in the
PEM anchors and the TS 119 612 list until its notAfter.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader

from mohpromt_ca.clock import FixedClock
from tests.conftest import TEST_PASSPHRASE, make_settings
from tests.issuer.pdf.conftest import data_for  # type: ignore[import-not-found]

CLI = [sys.executable, "-m", "mohpromt_ca.cli"]


def _sign(authority, facility, signer_id: int, licence: str, number: str) -> bytes:  # type: ignore[no-untyped-def]
    from mohpromt_ca.issuer.pdf.service import PdfIssuer

    data = data_for("general-health", facility, licence, number=number)
    at = authority.clock.now().astimezone(dt.timezone(dt.timedelta(hours=7))).replace(microsecond=0)
    data.update(issued_at=at.isoformat(), history_declared_on=at.date().isoformat(), exam_date=at.date().isoformat())
    return PdfIssuer(authority).issue("general-health", data, signer_id=signer_id, level="B-LT").pdf


def _signing_chain(pdf: bytes) -> list[x509.Certificate]:
    import io

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures[0]
    return [x509.load_der_x509_certificate(c.dump()) for c in signature.signed_data["certificates"]]


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.rollover import roll_over
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    base = tmp_path_factory.mktemp("rollover")
    # pinned a little in the past: pyHanko checks validity against the wall clock when signing
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=4)
    clock = FixedClock(start)
    authority = Authority.open(make_settings(base / "data"), clock=clock, actor="test-officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    facility = register_facility(authority, type="medical-clinic", licence="LIC-ROLL-1", name_th="คลินิกหมอพร้อม",
                                 name_en="Mor Prom Clinic", contact="clinic@example.org",
                                 address="99/1 ถนนสีลม กรุงเทพมหานคร 10500")  # the PDFs print the register's
    facility = decide_facility(authority, facility.id, "approve")
    before = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
    old_ca = authority.certificate_of("document-signing")
    pdf_before = _sign(authority, facility, before.signer.id, "ว.12345", "ROLL-1")
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.issuer.dcc import DccIssuer
    from tests.issuer.conftest import sample  # type: ignore[import-not-found]

    old_dsc = issue_dsc(authority)
    hc1_before = DccIssuer(authority).issue(sample("vaccination")).hc1

    clock.advance(dt.timedelta(minutes=1))
    results = roll_over(authority, "document-signing")
    csca_results = roll_over(authority, "dcc-csca")

    clock.advance(dt.timedelta(minutes=1))
    after = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.54321",
                         name_th="แพทย์หญิง ทดสอบ ใหม่", name_en="Test Mai")
    pdf_old_signer_after = _sign(authority, facility, before.signer.id, "ว.12345", "ROLL-2")
    pdf_new_signer = _sign(authority, facility, after.signer.id, "ว.54321", "ROLL-3")
    files = {}
    for name, pdf in (("before", pdf_before), ("old-signer-after", pdf_old_signer_after), ("new", pdf_new_signer)):
        files[name] = base / f"{name}.pdf"
        files[name].write_bytes(pdf)
    from mohpromt_ca.authority.trust_list_export import export

    anchors = base / "anchors.pem"
    anchors.write_bytes(export(authority, "pem"))
    tsl = export(authority, "tsl")
    new_dsc = issue_dsc(authority)
    (base / "dcc-before.txt").write_text(hc1_before)
    (base / "old-dsc.pem").write_bytes(old_dsc.certificate.public_bytes(Encoding.PEM))
    did = json.loads(export(authority, "gdhcn-did"))
    yield {"csca_results": csca_results, "old_dsc": old_dsc, "new_dsc": new_dsc, "did": did,
           "authority": authority, "results": results, "old_ca": old_ca, "before": before, "after": after,
           "files": files, "anchors": anchors, "tsl": tsl, "base": base, "clock": clock}
    authority.close()


def _verify(rolled, pdf_path, at: dt.datetime, *anchor_paths) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    args = [*CLI, "verify", "--trust-list", str(rolled["base"] / "no-cache"), "--at", at.isoformat(), "--json"]
    for anchor in anchor_paths:
        args += ["--anchor", str(anchor)]
    return subprocess.run([*args, str(pdf_path)], capture_output=True, text=True, timeout=120)


def test_successor_is_current_and_the_old_ca_stays_published(rolled) -> None:
    authority = rolled["authority"]
    old_ca, new_ca = rolled["old_ca"], authority.certificate_of("document-signing")
    assert [r.name for r in rolled["results"]] == ["document-signing", "ocsp-document-signing", "tsa"]
    assert new_ca.public_key() != old_ca.public_key()
    assert new_ca.subject.rfc4514_string().startswith("CN=Ministry of Public Health Document Signing CA G2")
    assert new_ca.issuer == old_ca.issuer == authority.certificate_of("root").subject
    assert authority.certificate_of("document-signing.g1") == old_ca
    # the overlap: both valid now, the old until its own notAfter
    now = rolled["clock"].now()
    assert old_ca.not_valid_before_utc <= now <= old_ca.not_valid_after_utc
    assert new_ca.not_valid_before_utc <= now
    bundle = x509.load_pem_x509_certificates(rolled["anchors"].read_bytes())
    assert old_ca in bundle and new_ca in bundle and authority.certificate_of("root") in bundle
    for certificate in (old_ca, new_ca):
        assert certificate.public_bytes(Encoding.DER) in _tsl_certificates(rolled["tsl"])
    # new issuance uses the successor; the signer enrolled before keeps the old CA's certificate
    assert rolled["after"].certificate.issuer == new_ca.subject
    assert rolled["before"].certificate.issuer == old_ca.subject
    assert (authority.settings.data_dir / "certs" / "document-signing.g1.pem").exists()


def _tsl_certificates(tsl: bytes) -> set[bytes]:
    import base64

    from lxml import etree

    tree = etree.fromstring(tsl)
    return {base64.b64decode(node.text) for node in tree.iter("{*}X509Certificate")
            if node.getparent() is not None and "DigitalId" in node.getparent().tag}


def test_pdfs_verify_across_the_rollover_with_the_exported_anchors(rolled) -> None:
    old_ca = rolled["old_ca"]
    new_ca = rolled["authority"].certificate_of("document-signing")
    chains = {name: _signing_chain(path.read_bytes()) for name, path in rolled["files"].items()}
    assert old_ca in chains["before"] and old_ca in chains["old-signer-after"] and new_ca not in chains["before"]
    assert new_ca in chains["new"] and old_ca not in chains["new"]
    later = rolled["clock"].now() + dt.timedelta(minutes=2)
    for name, path in rolled["files"].items():
        result = _verify(rolled, path, later, rolled["anchors"])
        assert result.returncode == 0, (name, result.stdout[-2000:], result.stderr[-2000:])
        report = json.loads(result.stdout)
        assert report["verdict"] == "valid", (name, report)


def test_cli_rollover_of_a_service_key(rolled) -> None:
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(rolled["authority"].settings.data_dir),
           "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    env.pop("MOHPROMT_DATABASE_URL", None)
    run = subprocess.run([*CLI, "ca", "rollover", "ocsp-root", "--json"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    rolled_keys = json.loads(run.stdout)["rolled"]
    assert [(r["name"], r["generation"], r["previous_name"]) for r in rolled_keys] == [("ocsp-root", 2, "ocsp-root.g1")]
    assert rolled_keys[0]["successor"]["subject"].startswith("CN=Ministry of Public Health OCSP Responder (Root CA) G2")
    bad = subprocess.run([*CLI, "ca", "rollover", "no-such-ca"], capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode != 0 and "cannot roll over" in bad.stderr and "Traceback" not in bad.stderr


def test_a_dcc_signed_before_a_csca_rollover_still_verifies(rolled) -> None:
    from click.testing import CliRunner

    from mohpromt_ca.authority.generations import issuer_certificate
    from mohpromt_ca.authority.trust_list_contents import exported_dscs
    from mohpromt_ca.cli import main

    authority = rolled["authority"]
    assert [r.name for r in rolled["csca_results"]] == ["dcc-csca", "ocsp-dcc-csca"]
    old_csca = authority.certificate_of("dcc-csca.g1")
    assert issuer_certificate(authority, rolled["old_dsc"].certificate, ("dcc-csca",)) == old_csca
    assert rolled["new_dsc"].certificate.issuer == authority.certificate_of("dcc-csca").subject != old_csca.subject
    listed = [item.certificate for item in exported_dscs(authority, rolled["clock"].now())]
    assert rolled["old_dsc"].certificate in listed and rolled["new_dsc"].certificate in listed
    # the GDHCN DID document chains the old DSC to the old CSCA
    x5c = [method["publicKeyJwk"]["x5c"] for method in rolled["did"]["verificationMethod"]]
    old_csca_b64 = __import__("base64").b64encode(old_csca.public_bytes(Encoding.DER)).decode()
    assert any(chain[-1] == old_csca_b64 for chain in x5c)
    base = rolled["base"]
    result = CliRunner().invoke(main, ["verify", "--trust-list", str(base / "no-cache"), "--dsc",
                                       str(base / "old-dsc.pem"), "--json", str(base / "dcc-before.txt")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verdict"] == "valid"


def test_successor_names_fit_the_common_name_bound() -> None:
    from mohpromt_ca.authority.rollover import successor_subject
    from mohpromt_ca.ca.names import ca_name

    org = "Ministry of Public Health"
    long_name = ca_name(f"{org} OCSP Responder (Document Signing CA)", org, "TH")
    g2 = successor_subject(long_name, 2)
    assert g2.rfc4514_string() == f"CN=OCSP Responder (Document Signing CA) G2,O={org},C=TH"
    assert successor_subject(g2, 3).rfc4514_string().startswith("CN=OCSP Responder (Document Signing CA) G3,")
    root_g3 = successor_subject(successor_subject(ca_name(f"{org} Root CA", org, "TH"), 2), 3)
    assert root_g3.rfc4514_string() == f"CN={org} Root CA G3,O={org},C=TH"
