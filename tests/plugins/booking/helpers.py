"""Booking test data and the independent checks (the verifier, not the CA, judges the documents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

CITIZEN = "3100600987659"
OTHER_CITIZEN = "1101700123456"
BANGKOK = dt.timezone(dt.timedelta(hours=7))

HOLDER = {"title": "นาย", "title_en": "Mr", "name_th": "ประเสริฐ วงศ์ไทย", "name_en": "Prasert Wongthai",
          "family_name_latin": "Wongthai", "given_name_latin": "Prasert", "date_of_birth": "1980-01-24",
          "sex": "male"}
PHYSICIAN = {"profession": "physician", "title": "นายแพทย์", "title_en": "Dr.", "name_th": "สมชาย ใจดี",
             "name_en": "Somchai Jaidee", "licence_no": "ว.12345"}


#: the day the tests' appointments take place: yesterday (a certificate states what has happened,
#: within its type's window)
DAY = (dt.datetime.now(BANGKOK) - dt.timedelta(days=1)).date().isoformat()


def facility_block(facility: Any) -> dict[str, Any]:
    """What the booking names: the register's facility (the issuer refuses any other)."""
    return {"name_th": facility.name_th, "name_en": facility.name_en, "licence": facility.licence,
            "address": facility.address or "88 ถนนงามวงศ์วาน ตำบลบางกระสอ อำเภอเมืองนนทบุรี จังหวัดนนทบุรี 11000",
            "phone": facility.phone or "02 987 6543"}


def booking(facility: Any, signer_id: int, *, kind: str = "vaccination", citizen_id: str = CITIZEN,
            slot: str = f"{DAY}T09:30:00+07:00") -> dict[str, Any]:
    return {"kind": kind, "slot_at": slot, "signer_id": signer_id, "citizen_id": citizen_id, "holder": dict(HOLDER),
            "facility": facility_block(facility), "signer": dict(PHYSICIAN)}


def vaccination_outcome(citizen_id: str = CITIZEN) -> dict[str, Any]:
    return {"citizen_id": citizen_id, "vaccine": "Comirnaty", "manufacturer": "Pfizer–BioNTech", "batch": "FF2593",
            "dose_number": 1, "total_doses": 2, "administered_by": "พยาบาล สมศรี ใจงาม"}


def rt_pcr_outcome(citizen_id: str = CITIZEN, result: str = "not-detected") -> dict[str, Any]:
    return {"citizen_id": citizen_id, "lab_number": "M69-00417", "specimen": "np-throat-swab",
            "collected_at": f"{DAY}T09:35:00+07:00", "received_at": f"{DAY}T10:00:00+07:00",
            "reported_at": f"{DAY}T18:10:00+07:00", "result": result,
            "targets": [{"gene": "ORF1ab"}, {"gene": "N"}], "analyst": "ทนพ.สุรชัย มั่นคง (ทน.5432)"}


def verify_pdf_valid(pdf: bytes, authority: Any) -> Any:
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf

    report = verify_pdf(pdf, PdfVerification(anchors=(authority.certificate_of("root"),), clock=SYSTEM_CLOCK))
    assert report.verdict == "valid", report.to_text()
    return report


def verify_hc1_valid(hc1: str, dsc_certificate: Any) -> dict[str, Any]:
    """The HC1 decodes and its signature checks out against the DSC; returns the DCC payload."""
    from mohpromt_ca.clock import FixedClock
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
    from mohpromt_verifier.verifier.trust import CertificateList

    clock = FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    report = verify_hc1(hc1, HcertVerification(trust=CertificateList([dsc_certificate]), clock=clock, rules=None))
    assert report.verdict == "valid", report.to_text()
    return decode_hc1(hc1).dcc  # type: ignore[no-any-return]


def issued_count(authority: Any) -> int:
    """Documents in the CA's register (a retry must not add any)."""
    from sqlalchemy import func, select

    from mohpromt_ca.storage.models import IssuedDocument

    with authority.register.reading() as session:
        return int(session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one())


def vaccination_flow(bookings: Any, authority: Any, facility: Any, signer_id: int, dsc_certificate: Any) -> Any:
    """What every client must give the same result for: book -> complete -> the vaccination record
    PDF and the EU DCC attached and valid -> a retried completion issues nothing new."""
    from mohpromt_ca.errors import StateError

    made = bookings.book(facility.id, booking(facility, signer_id))
    assert made.status == "booked" and made.id.startswith("BK") and made.documents == ()

    done = bookings.complete(made.id, vaccination_outcome(), facility_id=facility.id)
    assert done.status == "completed", done.failure
    record, dcc = done.document("record"), done.document("dcc")
    assert record is not None and dcc is not None
    assert (record.kind, record.type, record.number, record.status) == ("pdf", "vaccination", f"VAC-{made.id}",
                                                                        "valid")
    assert dcc.kind == "dcc" and dcc.number.startswith(f"URN:UVCI:01:TH:BOOKING/{made.id}#")

    pdf = bookings.fetch_pdf(made.id, facility_id=facility.id)
    report = verify_pdf_valid(pdf, authority)
    assert report.holder["signer"] == "Somchai Jaidee"
    payload = verify_hc1_valid(dcc.hc1, dsc_certificate)
    assert payload["nam"]["fnt"] == "WONGTHAI" and payload["dob"] == "1980-01-24"
    entry = payload["v"][0]
    assert (entry["ci"], entry["dn"], entry["sd"], entry["mp"]) == (dcc.number, 1, 2, "EU/1/20/1528")

    before = issued_count(authority)
    again = bookings.complete(made.id, vaccination_outcome(), facility_id=facility.id)
    assert issued_count(authority) == before
    assert again.documents == done.documents
    try:  # a different outcome after issuing is refused, not issued
        bookings.complete(made.id, vaccination_outcome() | {"batch": "OTHER1"}, facility_id=facility.id)
    except StateError:
        pass
    else:
        raise AssertionError("a different outcome after issuing was accepted")
    assert issued_count(authority) == before
    return done
