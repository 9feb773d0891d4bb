"""PDF verification: each PAdES level from our issuer, and the attacks a verifier must reject."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.clock import SYSTEM_CLOCK
from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, has_trailing_bytes, verify_pdf
from tests.issuer.pdf.conftest import data_for  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def signed(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.registration.desk import enrol_signer

    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
    issuer = PdfIssuer(authority)

    def make(level: str, number: str) -> bytes:
        data = data_for("general-health", approved_facility, "ว.12345", number=number)
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(microsecond=0)
        data.update(issued_at=today.isoformat(), history_declared_on=today.date().isoformat(),
                    exam_date=today.date().isoformat())
        return issuer.issue("general-health", data, signer_id=signer.signer.id, level=level).pdf

    return {"make": make, "root": authority.certificate_of("root"), "signer": signer}


def _verify(pdf: bytes, signed) -> object:  # type: ignore[no-untyped-def]
    return verify_pdf(pdf, PdfVerification(anchors=(signed["root"],), clock=SYSTEM_CLOCK))


def test_each_level(signed) -> None:
    for level in ("B-B", "B-T", "B-LT", "B-LTA"):
        report = _verify(signed["make"](level, f"VER-{level}"), signed)
        assert report.document["pades_level"] == level, report.to_text()  # type: ignore[attr-defined]
        if level in ("B-LT", "B-LTA"):
            assert report.verdict == "valid", report.to_text()  # type: ignore[attr-defined]
        else:  # offline, a B-B/B-T signature carries no revocation data to judge by
            assert report.verdict == "indeterminate"  # type: ignore[attr-defined]
            assert any("no revocation data" in r for r in report.reasons)  # type: ignore[attr-defined]
        holder = report.holder  # type: ignore[attr-defined]
        assert holder["signer"] == "Somchai Jaidee" and holder["licence"] == "ว.12345"
        assert holder["facility"] == "Mor Prom Clinic"


def test_long_term_still_valid_after_later_revocation(authority, signed) -> None:
    from mohpromt_ca.authority.revocation import revoke

    pdf = signed["make"]("B-LT", "VER-REVOKED-LATER")
    revoke(authority, signed["signer"].certificate.serial_number, "keyCompromise")
    report = _verify(pdf, signed)
    assert report.verdict == "valid", report.to_text()  # type: ignore[attr-defined]


def test_attacks_are_invalid(signed) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    pdf = signed["make"]("B-LT", "VER-ATTACK")

    # 1. content added to the page in an incremental update
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 72 Td (FIT TO WORK) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    report = _verify(out.getvalue(), signed)
    assert report.verdict == "invalid" and any("changed after" in r for r in report.reasons), report.to_text()  # type: ignore[attr-defined]

    # 2. the signature dictionary replaced in an update (its /ByteRange now points elsewhere)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    v_ref = writer.root["/AcroForm"]["/Fields"][0].raw_get("/V")
    signature_dict = v_ref.get_object()
    ranges = [int(v) for v in signature_dict["/ByteRange"]]
    signature_dict["/ByteRange"] = generic.ArrayObject(
        [generic.NumberObject(v - 1 if i == 3 else v) for i, v in enumerate(ranges)])
    writer.mark_update(v_ref)
    out = io.BytesIO()
    writer.write(out)
    assert PdfFileReader(io.BytesIO(out.getvalue())).embedded_signatures[0].sig_object["/ByteRange"][3] == ranges[3] - 1
    assert _verify(out.getvalue(), signed).verdict == "invalid"  # type: ignore[attr-defined]

    # 3. bytes appended after the last revision
    appended = pdf + b"\n% and then some\n1 0 obj (hello) endobj\n"
    assert has_trailing_bytes(appended) and not has_trailing_bytes(pdf)
    report = _verify(appended, signed)
    assert report.verdict == "invalid" and any("after the end" in r for r in report.reasons)  # type: ignore[attr-defined]

    # 4. one byte flipped inside the signed range
    flipped = bytearray(pdf)
    flipped[2000] ^= 0x01
    assert _verify(bytes(flipped), signed).verdict == "invalid"  # type: ignore[attr-defined]

    # 5. truncated and garbage PDFs
    for broken in (pdf[: len(pdf) // 2], b"%PDF-1.7\n" + os.urandom(2000), b"%PDF-1.7\n%%EOF"):
        assert _verify(broken, signed).verdict == "invalid"  # type: ignore[attr-defined]


def test_untrusted_root_is_not_valid(signed, tmp_path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Somebody Else's Root")])
    now = dt.datetime.now(dt.UTC)
    other = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
             .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(key, hashes.SHA256()))
    pdf = signed["make"]("B-LT", "VER-UNTRUSTED")
    report = verify_pdf(pdf, PdfVerification(anchors=(other,), clock=SYSTEM_CLOCK))
    assert report.verdict != "valid"
    assert verify_pdf(pdf, PdfVerification(anchors=(), clock=SYSTEM_CLOCK)).verdict == "indeterminate"


def test_cli_exit_codes_for_pdfs(signed, tmp_path) -> None:
    root = tmp_path / "root.pem"
    root.write_bytes(signed["root"].public_bytes(Encoding.PEM))
    good = tmp_path / "good.pdf"
    good.write_bytes(signed["make"]("B-LTA", "VER-CLI"))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good.read_bytes() + b"\ntrailing\n")
    cli = [sys.executable, "-m", "mohpromt_ca.cli", "verify", "--trust-list", str(tmp_path / "none"),
           "--anchor", str(root), "--json"]
    ok = subprocess.run([*cli, str(good)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["document"]["pades_level"] == "B-LTA"
    refused = subprocess.run([*cli, str(bad)], capture_output=True, text=True)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr


def test_summary_qr_from_the_printout(signed, authority, tmp_path) -> None:
    """The MPC1 summary QR printed on the certificate verifies offline with the signer's certificate."""
    from mohpromt_ca.issuer.pdf.service import PdfIssuer  # noqa: F401 - same issuer as the fixture
    from tests.issuer.pdf.conftest import data_for as _data  # type: ignore[import-not-found]  # noqa: F401

    pdf = signed["make"]("B-B", "VER-SUMMARY")
    pages = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", "-", str(pages)], input=pdf, check=True)
    from mohpromt_verifier.verifier.input_sniffing import qr_texts_from_image

    texts = [t for t in qr_texts_from_image((tmp_path / "page.png").read_bytes()) if t.startswith("MPC1:")]
    assert len(texts) == 1
    signer_pem = tmp_path / "signer.pem"
    signer_pem.write_bytes(signed["signer"].certificate.public_bytes(Encoding.PEM))
    ica = tmp_path / "ica.pem"
    ica.write_bytes(authority.certificate_of("document-signing").public_bytes(Encoding.PEM))
    root = tmp_path / "root.pem"
    root.write_bytes(signed["root"].public_bytes(Encoding.PEM))
    cli = [sys.executable, "-m", "mohpromt_ca.cli", "verify", "--trust-list", str(tmp_path / "none"), "--json"]
    trusted = [*cli, "--anchor", str(root), "--anchor", str(ica), "--signer-cert", str(signer_pem)]
    ok = subprocess.run([*trusted, texts[0]], capture_output=True, text=True)
    report = json.loads(ok.stdout)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert report["document"]["document_number"] == "VER-SUMMARY" and report["document"]["licence"] == "ว.12345"
    unknown = subprocess.run([*cli, "--anchor", str(root), texts[0]], capture_output=True, text=True)
    assert unknown.returncode == 2
    tampered = texts[0][:-6] + ("A" if texts[0][-6] != "A" else "B") + texts[0][-5:]
    bad = subprocess.run([*cli, "--anchor", str(root), "--anchor", str(ica), "--signer-cert", str(signer_pem),
                          tampered], capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("level", ["B-LT", "B-LTA"])
def test_certified_and_countersigned_is_valid(authority, approved_facility, signed, level) -> None:  # type: ignore[no-untyped-def]
    """`sign --certify --countersigner N`: the certification (DocMDP P=2) permits the second
    signature (form filling), so both signatures pass and the document is valid (issue 13)."""
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.registration.desk import enrol_signer

    lab = enrol_signer(authority, facility_id=approved_facility.id, profession="medical-technologist",
                       licence="ทน.6789", name_th="ทนพญ. วิภาวดี รุ่งเรือง", name_en="Wipawadee Rungruang")
    data = data_for("lab-result", approved_facility, "ทน.6789", profession="medical-technologist",
                    number=f"LAB-CS-{level}")
    pdf = PdfIssuer(authority).issue("lab-result", data, signer_id=lab.signer.id,
                                     countersigner_id=signed["signer"].signer.id, certify=True, level=level).pdf
    report = _verify(pdf, signed)
    assert report.verdict == "valid", report.to_text()  # type: ignore[attr-defined]
    entries = report.document["signatures"]  # type: ignore[attr-defined]
    regular = [e for e in entries if e["type"] == "signature"]
    assert len(regular) == 2 and all(e["indication"] == "TOTAL-PASSED" for e in entries), entries
    if level == "B-LTA":
        assert any(e["type"] == "document-timestamp" for e in entries)
        assert report.document["pades_level"] == "B-LTA"  # type: ignore[attr-defined]


def test_info_dictionary_change_after_signing_is_a_warning(signed) -> None:  # type: ignore[no-untyped-def]
    from tests.verifier.hostile import new_info

    pdf = signed["make"]("B-LT", "GH-INFO-1")
    before = _verify(pdf, signed)
    after = _verify(new_info(pdf), signed)
    assert after.verdict == before.verdict == "valid", after.to_text()  # type: ignore[attr-defined]
    assert any("information dictionary" in w for w in after.warnings)  # type: ignore[attr-defined]
    assert not any("information dictionary" in w for w in before.warnings)  # type: ignore[attr-defined]
