"""Rendering: every type's sample becomes a one-page PDF/A-2b whose text layer holds its
Thai strings, whose QR decodes to the given text, and whose signature field sits where
the type's metadata says."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from mohpromt_ca.issuer.rendering import QRTextError, Renderer, font_dir, qr_svg, render
from mohpromt_ca.templates import TemplateInputError, UnknownCertificateType, get_type, list_types
from mohpromt_ca.templates.common import A4_HEIGHT_PT, english_date, thai_date

from .helpers import QR_TEXT, need, normalise, pdftotext

KEYS = [t.key for t in list_types()]


def _expected_strings(key: str) -> list[str]:
    t = get_type(key)
    m = t.validate(t.sample)
    issued = m.issued_at.date()
    return [
        t.title_th,
        t.title_en,
        m.facility.name_th,
        m.facility.name_en,
        m.signer.name_th,
        m.signer.name_en,
        m.signer.licence,  # ว.12345 / ภ.24680 / ทน.6789
        m.signer.licence_label_th,
        t.meta.signer_role_th,
        m.patient.name_th,
        m.document_number,
        thai_date(issued, prefix=False),  # "5 มีนาคม พ.ศ. 2568"
        english_date(issued),
        "ตรวจสอบใบรับรองนี้",
    ]


@pytest.mark.parametrize("key", KEYS)
def test_sample_renders_to_one_page_pdf(key: str, rendered: dict[str, bytes]) -> None:
    pdf = rendered[key]
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


@pytest.mark.parametrize("key", KEYS)
def test_pdfa_2b_marker(key: str, rendered: dict[str, bytes]) -> None:
    pdf = rendered[key]
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
    assert b"/OutputIntents" in pdf  # PDF/A needs an output intent


@pytest.mark.parametrize("key", KEYS)
def test_thai_strings_come_back_from_the_text_layer(key: str, rendered: dict[str, bytes], tmp_path: Path) -> None:
    text = normalise(pdftotext(rendered[key], tmp_path))
    missing = [s for s in _expected_strings(key) if normalise(s) not in text]
    assert not missing, f"not in the text layer of {key}: {missing}"


def test_fixed_wording_of_the_medical_council_form(rendered: dict[str, bytes], tmp_path: Path) -> None:
    text = normalise(pdftotext(rendered["general-health"], tmp_path))
    for s in (
        "ข้าพเจ้าขอใบรับรองสุขภาพ โดยมีประวัติสุขภาพดังนี้",
        "ส่วนที่ 1 ของผู้ขอรับใบรับรองสุขภาพ",
        "ส่วนที่ 2 ของแพทย์",
        "วัณโรคในระยะอันตราย",
        "โรคเท้าช้างในระยะที่ปรากฏอาการเป็นที่รังเกียจแก่สังคม",
        "คำรับรองนี้เป็นการตรวจวินิจฉัยเบื้องต้น",
        "วันที่ 5 มีนาคม พ.ศ. 2568",
        "ในการประชุมครั้งที่ 4/2561",
    ):
        assert normalise(s) in text, s
    dl = normalise(pdftotext(rendered["driving-licence"], tmp_path))
    assert normalise("โรคลมชัก") in dl and normalise("ครั้งที่ 2/2564") in dl


@pytest.mark.parametrize("key", KEYS)
def test_only_sarabun_is_embedded(key: str, rendered: dict[str, bytes], tmp_path: Path) -> None:
    exe = need("pdffonts")
    src = tmp_path / "doc.pdf"
    src.write_bytes(rendered[key])
    out = subprocess.run([exe, str(src)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        name = row.split()[0].split("+")[-1]
        assert name.startswith("Sarabun-"), row
        assert " yes " in row  # embedded


def _read_qr(pdf: bytes, tmp_path: Path) -> str | None:
    import zxingcpp

    exe = need("pdftoppm")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    out = tmp_path / "page"
    subprocess.run([exe, "-r", "150", "-gray", "-singlefile", str(src), str(out)], check=True)
    raw = (tmp_path / "page.pgm").read_bytes()
    # binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    assert m, "pdftoppm did not write a binary PGM"
    w, h = int(m.group(1)), int(m.group(2))
    pixels = memoryview(raw[m.end():m.end() + w * h]).cast("B", (h, w))
    found = zxingcpp.read_barcode(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    return None if found is None else found.text


@pytest.mark.parametrize("key", KEYS)
def test_qr_decodes_to_the_given_text(key: str, rendered: dict[str, bytes], tmp_path: Path) -> None:
    assert _read_qr(rendered[key], tmp_path) == QR_TEXT


def test_qr_with_arbitrary_text(renderer: Renderer, tmp_path: Path) -> None:
    t = get_type("atk")
    text = "HC1:" + "6BF%RN%TSMAHN-H/P8JU6+BS.Q6+.0 ZS" * 12
    assert _read_qr(renderer.render("atk", t.sample, text), tmp_path) == text


def test_qr_is_level_q() -> None:
    import zxingcpp

    svg = qr_svg(QR_TEXT)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    b = zxingcpp.create_barcode(QR_TEXT, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    assert b.ec_level == "Q"


@pytest.mark.parametrize("bad", ["", "x" * 5000])
def test_unusable_qr_text_is_refused(bad: str) -> None:
    with pytest.raises(QRTextError):
        qr_svg(bad)


@pytest.mark.parametrize("key", KEYS)
def test_signature_field_is_where_the_metadata_says(key: str, renderer: Renderer) -> None:
    t = get_type(key)
    found = renderer.query(key, t.sample, QR_TEXT, "<signature-field>")
    assert len(found) == 1
    pos = found[0]["value"]
    r = t.signature_rect
    assert pos["page"] == 1
    assert pos["x"] == pytest.approx(r.x1, abs=0.5)
    assert pos["y"] == pytest.approx(A4_HEIGHT_PT - r.y2, abs=0.5)


def test_same_input_same_bytes_and_data_changes_the_document(renderer: Renderer) -> None:
    t = get_type("doctor-opinion")
    a = renderer.render(t.key, t.sample, QR_TEXT)
    assert renderer.render(t.key, t.sample, QR_TEXT) == a
    data = t.sample
    data["document_number"] = "MO-2568-010078"
    b = renderer.render(t.key, data, QR_TEXT)
    assert b != a and b"MO-2568-010078" not in a


def test_creation_date_is_the_issue_time_unless_given(renderer: Renderer) -> None:
    t = get_type("atk")
    pdf = renderer.render(t.key, t.sample, QR_TEXT)
    assert b"<xmp:CreateDate>2022-03-14T02:40:00+00:00" in pdf  # 09.40 Bangkok, written in UTC
    when = dt.datetime(2022, 3, 15, 8, 0, tzinfo=dt.UTC)
    assert b"2022-03-15T08:00:00" in renderer.render(t.key, t.sample, QR_TEXT, timestamp=when)


def test_module_level_render_validates_first() -> None:
    data = get_type("atk").sample
    del data["result"]
    with pytest.raises(TemplateInputError) as info:
        render("atk", data, QR_TEXT)
    assert info.value.field == "result"
    with pytest.raises(UnknownCertificateType):
        render("nope", {}, QR_TEXT)


def test_long_input_flows_onto_a_second_page_with_the_signer_block_last(renderer: Renderer, tmp_path: Path) -> None:
    t = get_type("lab-result")
    data = t.sample
    data["items"] = [dict(data["items"][0], test=f"Test {i:02d}") for i in range(30)]
    data["interpretation"] = "ผลการตรวจอยู่ในเกณฑ์ปกติ " * 40
    pdf = renderer.render(t.key, data, QR_TEXT)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    pos = renderer.query(t.key, data, QR_TEXT, "<signature-field>")[0]["value"]
    assert pos["page"] == 2, "signature rect page -1 means the last page"
    assert t.signature_rect.page == -1
    assert _read_qr_last_page(pdf, tmp_path) == QR_TEXT


def _read_qr_last_page(pdf: bytes, tmp_path: Path) -> str | None:
    import zxingcpp

    exe = need("pdftoppm")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run([exe, "-r", "150", "-gray", "-f", "2", "-l", "2", "-singlefile", str(src), str(tmp_path / "p2")],
                   check=True)
    raw = (tmp_path / "p2.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    assert m
    w, h = int(m.group(1)), int(m.group(2))
    found = zxingcpp.read_barcode(memoryview(raw[m.end():m.end() + w * h]).cast("B", (h, w)))
    return None if found is None else found.text


def test_fonts_come_from_the_wheel() -> None:
    names = {p.name for p in font_dir().glob("*.ttf")}
    assert {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-SemiBold.ttf"} <= names
