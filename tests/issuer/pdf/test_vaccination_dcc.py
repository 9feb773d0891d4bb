"""The vaccination record carries the holder's EU DCC / Digital Health Pass QR next to the
verification QR: both read back from a 200 dpi rasterisation, the HC1 verifies against the
DSC, the signed PDF still validates, and without a DCC the record is what it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mohpromt_ca.issuer.pdf.vaccination_dcc import DccFromRecordError, dcc_input_from_record

from .conftest import data_for, root_asn1, tool, validate_embedded
from .test_cli import _cli_pki_made, _run, cli_pki  # noqa: F401  (fixtures)


def _qr_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on every page, rasterised by pdftoppm at 200 dpi and read by zxing-cpp."""
    import zxingcpp
    from PIL import Image

    src = tmp_path / "read.pdf"
    src.write_bytes(pdf)
    subprocess.run([tool("pdftoppm"), "-r", "200", "-png", str(src), str(tmp_path / "page")], check=True,
                   capture_output=True)
    texts: list[str] = []
    for page in sorted(tmp_path.glob("page*.png")):
        with Image.open(page) as image:
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        texts.extend(b.text for b in found)
        page.unlink()
    return texts


def _pages(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def _verify_hc1(hc1: str, dsc_certificate: Any) -> Any:
    from mohpromt_ca.clock import FixedClock
    from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
    from mohpromt_verifier.verifier.trust import CertificateList

    clock = FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    return verify_hc1(hc1, HcertVerification(trust=CertificateList([dsc_certificate]), clock=clock, rules=None))


@pytest.fixture
def dsc(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc

    return issue_dsc(authority)


@pytest.mark.parametrize("profile", ["eu-dcc", "th-dhp"])
def test_record_with_dcc_carries_both_qrs_and_still_validates(authority, approved_facility, physician, issuer, dsc,
                                                              profile, tmp_path) -> None:
    data = data_for("vaccination", approved_facility, "ว.12345", number=f"VC-DCC-{profile}")
    issued = issuer.issue_with_dcc("vaccination", data, signer_id=physician.signer.id, profile=profile, level="B-LT")
    assert issued.dcc_hc1 and issued.dcc_hc1.startswith("HC1:") and issued.dcc_uvci.startswith("URN:UVCI:01:TH:")
    assert issued.as_dict()["dcc_uvci"] == issued.dcc_uvci

    texts = _qr_texts(issued.pdf, tmp_path)
    assert sorted(texts) == sorted([issued.qr_text, issued.dcc_hc1]), texts
    assert issued.qr_text.startswith("MPC1:")
    assert _pages(issued.pdf) == 1

    report = _verify_hc1(issued.dcc_hc1, dsc.certificate)
    assert report.verdict == "valid", report.to_text()
    from mohpromt_verifier.formats.hcert import decode_hc1

    dcc = decode_hc1(issued.dcc_hc1).dcc
    assert dcc["nam"] == {"fn": "Wongthai", "fnt": "WONGTHAI", "gn": "Prasert", "gnt": "PRASERT"}
    assert dcc["dob"] == "1980-01-24"
    v = dcc["v"][0]  # the record's latest dose: Comirnaty 3/3 (the sample's dates moved to today)
    assert (v["vp"], v["mp"], v["ma"], v["dn"], v["sd"], v["dt"], v["co"]) == (
        "1119349007", "EU/1/20/1528", "ORG-100030215", 3, 3, data["doses"][-1]["date"], "TH")
    assert v["ci"] == issued.dcc_uvci

    status, _reader = validate_embedded(issued.pdf, root_asn1(authority))
    assert status.bottom_line, status.pretty_print_details()


def test_given_hc1_is_printed_exactly(authority, approved_facility, physician, issuer, dsc, tmp_path) -> None:
    from mohpromt_ca.issuer.dcc import DccIssuer

    hc1 = DccIssuer(authority).issue({
        "holder": {"family_name": "Wongthai", "given_name": "Prasert", "date_of_birth": "1980-01-24"},
        "vaccination": {"vaccine": "1157024006", "product": "CoronaVac", "manufacturer": "Sinovac-Biotech",
                        "dose_number": 1, "total_doses": 2, "date": "2021-07-05"}}).hc1
    data = data_for("vaccination", approved_facility, "ว.12345", number="VC-DCC-GIVEN")
    issued = issuer.issue("vaccination", data, signer_id=physician.signer.id, level="B-B", dcc_hc1=hc1 + "\n")
    assert issued.dcc_hc1 == hc1
    assert sorted(_qr_texts(issued.pdf, tmp_path)) == sorted([issued.qr_text, hc1])
    assert _verify_hc1(hc1, dsc.certificate).verdict == "valid"
    status, _reader = validate_embedded(issued.pdf, root_asn1(authority), from_dss=False)
    assert status.bottom_line


def test_without_dcc_the_record_is_unchanged(issuer, tmp_path) -> None:
    from mohpromt_ca.templates import get_type

    from ...templates.helpers import QR_TEXT, pdftotext

    sample = get_type("vaccination").sample
    plain = issuer.renderer.render("vaccination", sample, QR_TEXT)
    assert issuer.renderer.render("vaccination", sample, QR_TEXT, hc1_text=None) == plain
    assert _qr_texts(plain, tmp_path) == [QR_TEXT]
    assert "EU DCC" not in pdftotext(plain, tmp_path)
    with_dcc = issuer.renderer.render("vaccination", sample, QR_TEXT, hc1_text="HC1:" + "6BF%RN%TSMAHN" * 40)
    assert "Digital Health Pass / EU DCC" in pdftotext(with_dcc, tmp_path)
    assert _pages(with_dcc) == 1 and b"pdfaid:part" in with_dcc and b"pdfaid:conformance" in with_dcc


@pytest.mark.parametrize("bad", ["MPC1:ABC", "hc1:ABC", "HC1:" + "A" * 1700, "HC1:ab\u00e9"])
def test_a_bad_hc1_is_refused_before_signing(approved_facility, physician, issuer, bad) -> None:
    from mohpromt_ca.errors import InputError

    data = data_for("vaccination", approved_facility, "ว.12345", number="VC-DCC-BAD")
    with pytest.raises(InputError) as info:
        issuer.issue("vaccination", data, signer_id=physician.signer.id, level="B-B", dcc_hc1=bad)
    assert info.value.code == "hc1-text" and "dcc_hc1" in info.value.message


def test_only_the_vaccination_record_takes_a_dcc(approved_facility, physician, issuer) -> None:
    from mohpromt_ca.errors import InputError

    data = data_for("atk", approved_facility, "ว.12345")
    with pytest.raises(InputError, match="no place for a DCC QR"):
        issuer.issue("atk", data, signer_id=physician.signer.id, level="B-B", dcc_hc1="HC1:ABC")


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["patient"].pop("family_name_en"), "patient.family_name_en"),
    (lambda d: d["doses"][-1].update(vaccine="Mystery-Vax"), "doses.2.product_code"),
    (lambda d: d["doses"][-1].update(product_code="EU/9/99/9999"), "doses.2.vaccine_code"),
    (lambda d: d["doses"][-1].update(product_code="EU/9/99/9999", vaccine_code="1119349007",
                                     manufacturer_code="ORG-100030215"), "doses.2.product_code"),
    (lambda d: d.update(disease="Measles"), "disease"),
])
def test_a_record_missing_what_the_dcc_needs_is_refused_naming_it(authority, approved_facility, physician, issuer,
                                                                  dsc, change, field) -> None:
    data = data_for("vaccination", approved_facility, "ว.12345", number="VC-DCC-MISSING")
    change(data)
    with pytest.raises(DccFromRecordError) as info:
        issuer.issue_with_dcc("vaccination", data, signer_id=physician.signer.id, level="B-B")
    assert info.value.field == field and info.value.message.startswith(field + ":")
    from mohpromt_ca.issuer.pdf.register import document_number_taken

    assert not document_number_taken(authority, "VC-DCC-MISSING")


def test_explicit_codes_win_over_the_product_table() -> None:
    from mohpromt_ca.templates import get_type

    data = get_type("vaccination").sample
    data["doses"][-1].update(vaccine="Pfizer booster", product_code="EU/1/20/1528")
    model = get_type("vaccination").validate(data)
    typed = dcc_input_from_record(model)
    assert typed["vaccination"]["product"] == "EU/1/20/1528"
    assert typed["vaccination"]["manufacturer"] == "ORG-100030215"
    assert typed["holder"] == {"family_name": "Wongthai", "given_name": "Prasert", "date_of_birth": "1980-01-24",
                               "sex": "male"}


def test_cli_sign_with_dcc_end_to_end(tmp_path, cli_pki) -> None:  # noqa: F811
    env, signer_id = cli_pki
    _run(["dsc", "issue"], env)
    sample = json.loads(_run(["templates", "show", "vaccination", "--sample"], env).stdout)
    data = tmp_path / "vacc.json"
    data.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "vacc.pdf"
    result = json.loads(_run(["sign", "--template", "vaccination", "--data", str(data), "-o", str(out),
                              "--signer", str(signer_id), "--with-dcc", "--dcc-profile", "th-dhp", "--json"],
                             env).stdout)
    assert result["dcc_hc1"].startswith("HC1:") and result["dcc_uvci"].startswith("URN:UVCI:01:TH:")
    assert sorted(_qr_texts(out.read_bytes(), tmp_path)) == sorted([result["qr"], result["dcc_hc1"]])

    # a ready HC1 from a file
    hc1_file = tmp_path / "dcc.txt"
    hc1_file.write_text(result["dcc_hc1"] + "\n", encoding="ascii")
    sample["document_number"] = "VC-2564-500322"
    data.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    out2 = tmp_path / "vacc2.pdf"
    _run(["sign", "--template", "vaccination", "--data", str(data), "-o", str(out2), "--signer", str(signer_id),
          "--dcc-hc1", str(hc1_file), "--level", "B-B"], env)
    assert result["dcc_hc1"] in _qr_texts(out2.read_bytes(), tmp_path)

    # a record lacking the passport spelling is refused, naming the field
    del sample["patient"]["family_name_en"]
    sample["document_number"] = "VC-2564-500323"
    data.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    bad = _run(["sign", "--template", "vaccination", "--data", str(data), "-o", str(tmp_path / "x.pdf"),
                "--signer", str(signer_id), "--with-dcc"], env, ok=False)
    assert bad.returncode == 3 and "patient.family_name_en" in bad.stderr and "Traceback" not in bad.stderr
    both = _run(["sign", "--template", "vaccination", "--data", str(data), "-o", str(tmp_path / "x.pdf"),
                 "--signer", str(signer_id), "--with-dcc", "--dcc-hc1", str(hc1_file)], env, ok=False)
    assert both.returncode != 0 and "not both" in both.stderr
