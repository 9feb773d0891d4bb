"""PAdES levels validated by pyHanko from the document alone; revocation later; refusals."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest

from .conftest import ades_lta, data_for, qpdf_check, root_asn1, tool, validate_embedded

LEVELS = ["B-B", "B-T", "B-LT", "B-LTA"]


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_validates(tmp_path, authority, approved_facility, physician, issuer, level) -> None:
    data = data_for("general-health", approved_facility, "ว.12345", number=f"GH-{level}-1")
    issued = issuer.issue("general-health", data, signer_id=physician.signer.id, level=level)
    root = root_asn1(authority)
    status, reader = validate_embedded(issued.pdf, root)
    assert status.intact and status.valid, status.pretty_print_details()
    assert status.trusted, status.pretty_print_details()
    assert status.bottom_line, status.pretty_print_details()
    assert status.signing_cert.serial_number == physician.certificate.serial_number
    if level == "B-B":
        assert status.timestamp_validity is None
    else:
        ts = status.timestamp_validity
        assert ts is not None and ts.intact and ts.valid and ts.trusted, status.pretty_print_details()
    dss_present = "/DSS" in reader.root
    assert dss_present == (level in ("B-LT", "B-LTA"))
    if level == "B-LTA":
        assert len(reader.embedded_timestamp_signatures) == 1
        result = ades_lta(issued.pdf, root)
        assert result.ades_subindic.name == "OK", result
    qpdf_check(issued.pdf, tmp_path)


@pytest.mark.parametrize("level", ["B-LT", "B-LTA"])
def test_long_term_levels_survive_later_revocation(authority, approved_facility, physician, issuer, level) -> None:
    from mohpromt_ca.authority.revocation import revoke

    data = data_for("general-health", approved_facility, "ว.12345", number=f"GH-REV-{level}")
    issued = issuer.issue("general-health", data, signer_id=physician.signer.id, level=level)
    revoke(authority, physician.certificate.serial_number, "keyCompromise")
    root = root_asn1(authority)
    status, _reader = validate_embedded(issued.pdf, root)  # offline: the DSS is all there is
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    if level == "B-LTA":
        assert ades_lta(issued.pdf, root).ades_subindic.name == "OK"
    # ...and the revoked signer can sign nothing new
    from mohpromt_ca.authority.signer_keys import SignerUnavailable

    with pytest.raises(SignerUnavailable, match="revoked"):
        issuer.issue("general-health", data_for("general-health", approved_facility, "ว.12345", number="GH-AFTER"),
                     signer_id=physician.signer.id, level=level)


def test_revoked_held_and_expired_signers_are_refused_before_signing(authority, approved_facility, physician,
                                                                     issuer) -> None:
    from mohpromt_ca.authority.revocation import revoke
    from mohpromt_ca.authority.signer_keys import SignerUnavailable
    from mohpromt_ca.clock import FixedClock

    data = data_for("general-health", approved_facility, "ว.12345", number="GH-REFUSE-1")
    real_clock = authority.clock
    authority.clock = FixedClock(real_clock.now() + dt.timedelta(days=3 * 365))
    try:
        with pytest.raises(SignerUnavailable, match="expired"):
            issuer.issue("general-health", data, signer_id=physician.signer.id)
    finally:
        authority.clock = real_clock
    revoke(authority, physician.certificate.serial_number, "certificateHold")
    with pytest.raises(SignerUnavailable, match="on hold"):
        issuer.issue("general-health", data, signer_id=physician.signer.id)
    from sqlalchemy import func, select

    from mohpromt_ca.storage.models import IssuedDocument

    with authority.register.reading() as session:
        assert session.execute(select(func.count(IssuedDocument.id))).scalar_one() == 0


def test_register_and_audit_record_identifiers_only(authority, approved_facility, physician, issuer) -> None:
    import hashlib

    from sqlalchemy import select

    from mohpromt_ca.errors import AlreadyExists, InputError
    from mohpromt_ca.storage.models import AuditEntry, IssuedDocument

    data = data_for("general-health", approved_facility, "ว.12345", number="GH-REG-1")
    issued = issuer.issue("general-health", data, signer_id=physician.signer.id, level="B-B")
    with authority.register.reading() as session:
        row = session.execute(select(IssuedDocument).where(IssuedDocument.document_number == "GH-REG-1")).scalar_one()
        assert (row.kind, row.type, row.signer_id) == ("pdf", "general-health", physician.signer.id)
        assert row.sha256 == hashlib.sha256(issued.pdf).hexdigest()
        assert row.certificate_serial == format(physician.certificate.serial_number, "x")
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "pdf.issue")).scalar_one()
        assert entry.target == "document:GH-REG-1"
        assert "มาลี" not in entry.details and "Malee" not in entry.details  # no patient data in the log
    with pytest.raises(AlreadyExists):
        issuer.issue("general-health", data, signer_id=physician.signer.id, level="B-B")
    wrong = data_for("general-health", approved_facility, "ว.99999", number="GH-REG-2")
    with pytest.raises(InputError, match="signer"):
        issuer.issue("general-health", wrong, signer_id=physician.signer.id, level="B-B")
    missing = data_for("general-health", approved_facility, "ว.12345", number="GH-REG-3")
    del missing["patient"]["name_th"]
    with pytest.raises(InputError, match="patient.name_th"):
        issuer.issue("general-health", missing, signer_id=physician.signer.id, level="B-B")


def test_certified_then_countersigned(tmp_path, authority, approved_facility, physician, lab_director, issuer) -> None:
    """A lab report: the lab director's signature certifies (DocMDP P=2), the physician countersigns."""
    from pyhanko.sign.fields import MDPPerm

    data = data_for("lab-result", approved_facility, "ทน.6789", profession="medical-technologist",
                    number="LAB-CS-1")
    issued = issuer.issue("lab-result", data, signer_id=lab_director.signer.id, countersigner_id=physician.signer.id,
                          certify=True, level="B-LT")
    root = root_asn1(authority)
    first, reader = validate_embedded(issued.pdf, root, index=0)
    second, _ = validate_embedded(issued.pdf, root, index=1)
    assert first.bottom_line and second.bottom_line, first.pretty_print_details() + second.pretty_print_details()
    assert reader.embedded_signatures[0].docmdp_level == MDPPerm.FILL_FORMS and first.docmdp_ok
    assert second.signing_cert.serial_number == physician.certificate.serial_number
    assert [s.field_name for s in reader.embedded_regular_signatures] == ["Signature1", "Signature2"]
    qpdf_check(issued.pdf, tmp_path)


def test_thai_appearance_is_embedded(authority, approved_facility, physician, issuer) -> None:
    """The stamp's text layer reads back in Thai and English (Sarabun subset embedded)."""
    data = data_for("general-health", approved_facility, "ว.12345", number="GH-LOOK-1")
    issued = issuer.issue("general-health", data, signer_id=physician.signer.id, level="B-B")
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(issued.pdf))
    field = reader.embedded_signatures[0].sig_field
    appearance = field["/AP"]["/N"]
    assert appearance["/BBox"]  # a visible widget
    text = subprocess.run([tool("pdftotext"), "-", "-"], input=issued.pdf, capture_output=True).stdout.decode()
    assert "Somchai Jaidee" in text


def test_pkcs11_signer_key_signs_a_pdf(token_signer_keys, authority, approved_facility, issuer) -> None:
    from mohpromt_ca.registration.desk import enrol_signer

    enrolment = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.31337",
                             name_th="แพทย์หญิง ทดสอบ โทเคน", name_en="Hsm Doctor")
    assert enrolment.signer.key_backend == "pkcs11"
    data = data_for("general-health", approved_facility, "ว.31337", number="GH-HSM-1")
    data["signer"]["title"] = "แพทย์หญิง"
    issued = issuer.issue("general-health", data, signer_id=enrolment.signer.id, level="B-LT")
    status, _ = validate_embedded(issued.pdf, root_asn1(authority))
    assert status.bottom_line, status.pretty_print_details()
    assert status.signing_cert.serial_number == enrolment.certificate.serial_number


def test_sign_any_pdf_and_level_parsing(authority, approved_facility, physician, issuer) -> None:
    from mohpromt_ca.errors import InputError
    from mohpromt_ca.issuer.pdf import PadesLevel
    from mohpromt_ca.issuer.rendering import render
    from mohpromt_ca.templates import get_type

    assert PadesLevel.parse("lta") is PadesLevel.B_LTA and PadesLevel.parse("B-LT") is PadesLevel.B_LT
    with pytest.raises(InputError):
        PadesLevel.parse("B-XL")
    pdf = render("atk", get_type("atk").sample, "MPC1:X")
    issued = issuer.sign_existing(pdf, signer_id=physician.signer.id, level="B-T")
    assert issued.type == "external" and issued.document_number.startswith("EXT-")
    status, _ = validate_embedded(issued.pdf, root_asn1(authority), from_dss=False)
    assert status.bottom_line and status.timestamp_validity.valid
    with pytest.raises(InputError):
        issuer.sign_existing(b"not a pdf", signer_id=physician.signer.id)


@pytest.mark.postgres
def test_issue_on_postgres(tmp_path, postgres_url) -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    from ...conftest import make_settings

    auth = Authority.open(make_settings(tmp_path / "pg", postgres_url), actor="t")
    try:
        initialise(auth, organisation="Ministry of Public Health", country="TH")
        facility = register_facility(auth, type="medical-clinic", licence="PG-1", name_th="คลินิก", name_en="Clinic",
                                     address="1 ถนนพระราม 6 กรุงเทพมหานคร")
        decide_facility(auth, facility.id, "approve")
        enrolment = enrol_signer(auth, facility_id=facility.id, profession="physician", licence="ว.12345",
                                 name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
        issued = PdfIssuer(auth).issue("general-health", data_for("general-health", facility, "ว.12345"),
                                       signer_id=enrolment.signer.id, level="B-LT")
        status, _ = validate_embedded(issued.pdf, root_asn1(auth))
        assert status.bottom_line
    finally:
        auth.close()
