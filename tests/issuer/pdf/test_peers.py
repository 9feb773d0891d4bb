"""Independent checkers: poppler's pdfsig against an NSS database and our live OCSP responder;
the verification QR read back from the rendered page with pdftoppm + zxing-cpp."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import data_for, tool


@pytest.fixture
def live_pki(tmp_path):  # type: ignore[no-untyped-def]
    """An authority whose AIA/CDP URLs point at a PKI server really listening on that port."""
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.pki import create_pki_app

    from ...conftest import TEST_PASSPHRASE, free_port, serving

    port = free_port()
    settings = Settings(data_dir=tmp_path / "data", key_passphrase=TEST_PASSPHRASE, base_url=f"http://127.0.0.1:{port}")
    authority = Authority.open(settings, actor="test-officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    facility = register_facility(authority, type="medical-clinic", licence="LIC-PDFSIG", name_th="คลินิกหมอพร้อม",
                                 name_en="Mor Prom Clinic", address="99/1 ถนนสีลม กรุงเทพมหานคร 10500")
    decide_facility(authority, facility.id, "approve")
    enrolment = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                             name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
    with serving(create_pki_app(authority), port=port):
        yield authority, facility, enrolment
    authority.close()


def _nss_db(tmp_path, root_pem) -> str:  # type: ignore[no-untyped-def]
    certutil = tool("certutil")
    db = tmp_path / "nss"
    db.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"], check=True, capture_output=True)
    subprocess.run([certutil, "-A", "-d", f"sql:{db}", "-t", ",C,", "-n", "root", "-i", str(root_pem)], check=True,
                   capture_output=True)
    return f"sql:{db}"


def _pdfsig(nss: str, path) -> str:  # type: ignore[no-untyped-def]
    run = subprocess.run([tool("pdfsig"), "-nssdir", nss, str(path)], capture_output=True, text=True, timeout=60)
    return run.stdout + run.stderr  # pdfsig exits 0 whatever it finds


@pytest.mark.parametrize("level", ["B-B", "B-LT", "B-LTA"])
def test_pdfsig_valid_and_trusted_then_digest_mismatch(tmp_path, live_pki, level) -> None:
    from mohpromt_ca.issuer.pdf.service import PdfIssuer

    authority, facility, enrolment = live_pki
    issued = PdfIssuer(authority).issue("general-health", data_for("general-health", facility, "ว.12345",
                                                                   number=f"GH-SIG-{level}"),
                                        signer_id=enrolment.signer.id, level=level)
    path = tmp_path / "signed.pdf"
    path.write_bytes(issued.pdf)
    nss = _nss_db(tmp_path, authority.settings.data_dir / "certs" / "root.pem")
    out = _pdfsig(nss, path)
    first = out.split("Signature #2")[0]
    assert "Signature is Valid" in first, out
    assert "Certificate is Trusted" in first, out
    assert "Somchai Jaidee" in first, out

    # flip one byte inside the first signed range (the page content, well before the signature)
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(issued.pdf)).embedded_signatures[0]
    start, length = sig.byte_range[0], sig.byte_range[1]
    data = bytearray(issued.pdf)
    target = start + length // 2
    while data[target] in b"0123456789 \r\n":  # a byte whose change keeps the file parseable enough
        target += 1
    data[target] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    out = _pdfsig(nss, tampered)
    assert "Digest Mismatch" in out.split("Signature #2")[0], out


def test_summary_qr_reads_back_and_verifies(tmp_path, authority, approved_facility, physician, issuer) -> None:
    import zxingcpp
    from PIL import Image

    from mohpromt_verifier.formats.hcert.errors import SignatureError
    from mohpromt_verifier.formats.summary import decode_summary, verify_summary

    data = data_for("general-health", approved_facility, "ว.12345", number="GH-QR-1")
    issued = issuer.issue("general-health", data, signer_id=physician.signer.id, level="B-B")
    pdf = tmp_path / "qr.pdf"
    pdf.write_bytes(issued.pdf)
    subprocess.run([tool("pdftoppm"), "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
                   check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    texts = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [issued.qr_text], texts
    assert texts[0].startswith("MPC1:")
    decoded = decode_summary(texts[0])
    s = decoded.summary
    assert (s.document_number, s.type) == ("GH-QR-1", "general-health")
    assert s.patient.name_th.endswith("มาลี ศรีสุข") and s.signer.ident == "ว.12345"
    assert s.facility.ident == approved_facility.licence
    assert s.finding.startswith("สุขภาพแข็งแรง") and s.valid_until is not None
    assert decoded.expires_at is not None and decoded.issued_at is not None
    # offline: the signer certificate (from the trust list) verifies it, and chains to the root
    match = verify_summary(decoded, [physician.certificate])
    assert match.candidate == physician.certificate
    ds = authority.certificate_of("document-signing")
    physician.certificate.verify_directly_issued_by(ds)
    ds.verify_directly_issued_by(authority.certificate_of("root"))
    # another signer's certificate does not
    from mohpromt_ca.registration.desk import enrol_signer

    other = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.777",
                         name_th="นายแพทย์ อื่น", name_en="Other Doctor")
    with pytest.raises(SignatureError):
        verify_summary(decoded, [other.certificate.public_key()])


def test_summary_qr_fits_a_printed_qr_for_every_type(authority, approved_facility, physician, lab_director) -> None:
    """Every type's summary is well under the renderer's 36 mm QR limit and round-trips."""
    from mohpromt_ca.authority.signer_keys import load_signer
    from mohpromt_ca.issuer.pdf.summary import summary_qr_text
    from mohpromt_ca.templates import list_types
    from mohpromt_verifier.formats.summary import decode_summary

    for ctype in list_types():
        sample = ctype.sample
        material = load_signer(authority, (lab_director if sample["signer"]["profession"] == "medical-technologist"
                                           else physician).signer.id)
        model = ctype.validate(sample)
        text = summary_qr_text(ctype, model, material)
        assert len(text) < 1000, (ctype.key, len(text))
        decoded = decode_summary(text)
        assert decoded.summary.type == ctype.key and decoded.summary.finding not in ("", "-"), ctype.key
