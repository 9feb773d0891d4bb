"""Issue a medical certificate as a signed PDF: validate, QR, render, sign, record.

The flow of DESIGN.md: the data is validated against the type's schema; the signer is
checked in the register (revoked / held / expired / suspended refused, before anything is
signed) and must be the professional the data names; the verification QR is signed with
the signer's key; Typst renders the PDF/A-2b; pyHanko signs it at the requested PAdES
level (a second signer may countersign); the register records number, type, signer,
serial and SHA-256 (never medical content) and the audit log says ``pdf.issue`` in the
same transaction.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from mohpromt_ca.ca.authority import Authority
from mohpromt_ca.ca.signer_keys import SignerMaterial
from mohpromt_ca.errors import AlreadyExists, InputError

from .levels import PadesLevel
from .register import document_number_taken, record_issued
from .signing import PdfSigningService, signing_service

EXTERNAL_TYPE = "external"


@dataclass(frozen=True)
class IssuedPdf:
    pdf: bytes
    document_number: str
    type: str
    sha256: str
    level: PadesLevel
    signer_id: int
    certificate_serial: str
    qr_text: str | None = None
    countersigner_id: int | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step

    def as_dict(self) -> dict[str, Any]:
        return {"document_number": self.document_number, "type": self.type, "sha256": self.sha256,
                "level": self.level.value, "signer": self.signer_id, "certificate_serial": self.certificate_serial,
                "countersigner": self.countersigner_id, "bytes": len(self.pdf)}


def check_data_matches_signer(model: Any, signer: SignerMaterial) -> None:
    """The professional the certificate names must be the one who signs it."""
    if model.signer.profession != signer.profession or model.signer.licence_no != signer.licence_digits:
        raise InputError(
            f"signer: the data names {model.signer.licence} ({model.signer.profession}) but signer "
            f"{signer.signer_id} is {signer.licence_display} ({signer.profession})")
    if model.facility.licence != signer.facility_licence:
        raise InputError(f"facility.licence: the data names {model.facility.licence!r} but signer "
                         f"{signer.signer_id} belongs to facility licence {signer.facility_licence!r}")


class PdfIssuer:
    """One per process: keeps the renderer's compilers and the signing service's keys warm."""

    def __init__(self, authority: Authority, *, renderer: Any = None,
                 signing: PdfSigningService | None = None) -> None:
        from mohpromt_ca.issuer.rendering import default_renderer

        self.authority = authority
        self.renderer = renderer or default_renderer()
        self.signing = signing or signing_service(authority)

    def default_level(self) -> PadesLevel:
        return PadesLevel.parse(self.authority.settings.pades_level)

    def issue(self, type_key: str, data: Any, *, signer_id: int, level: PadesLevel | str | None = None,
              certify: bool = False, countersigner_id: int | None = None, idempotency_key: str | None = None,
              record: bool = True) -> IssuedPdf:
        from mohpromt_ca.templates import get_type

        from .summary import summary_qr_text

        level = PadesLevel.parse(level) if level else self.default_level()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        ctype = get_type(type_key)
        model = ctype.validate(data)
        material = self.signing.signer_material(signer_id)
        check_data_matches_signer(model, material)
        if record and document_number_taken(self.authority, model.document_number):
            raise AlreadyExists(f"document {model.document_number!r} was already issued")
        counter = self.signing.signer_material(countersigner_id) if countersigner_id is not None else None
        timings["validate"] = time.perf_counter() - t0

        t1 = time.perf_counter()
        qr_text = summary_qr_text(ctype, model, material)
        timings["qr"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        pdf = self.renderer.render_validated(ctype, model, qr_text)
        timings["render"] = time.perf_counter() - t2

        t3 = time.perf_counter()
        rect = ctype.signature_rect
        from .signing import COUNTERSIGN_BOX

        signed = self.signing.sign(pdf, signer_id=signer_id, level=level, certify=certify, box=rect.box,
                                   page=rect.page, material=material, reason=f"{ctype.title_en} {model.document_number}",
                                   prepare_fields={"Signature2": COUNTERSIGN_BOX} if counter is not None else None)
        if counter is not None:
            signed = self.signing.sign(signed.pdf, signer_id=counter.signer_id, level=level, countersign=True,
                                       page=rect.page, material=counter, role_th="ลงนามรับรองร่วมโดย",
                                       role_en="Countersigned by")
        timings["sign"] = time.perf_counter() - t3
        for key, value in signed.timings.items():
            timings[f"sign.{key}"] = value
        digest = hashlib.sha256(signed.pdf).hexdigest()
        issued = IssuedPdf(signed.pdf, model.document_number, ctype.key, digest, level, signer_id, material.serial,
                           qr_text, countersigner_id, timings)
        if record:
            t4 = time.perf_counter()
            self.record(issued, idempotency_key=idempotency_key)
            timings["register"] = time.perf_counter() - t4
        return issued

    def record(self, issued: IssuedPdf, *, idempotency_key: str | None = None) -> None:
        record_issued(self.authority, document_number=issued.document_number, type_key=issued.type,
                      signer_id=issued.signer_id, certificate_serial=issued.certificate_serial, sha256=issued.sha256,
                      level=issued.level.value, idempotency_key=idempotency_key,
                      countersigner_id=issued.countersigner_id)

    def sign_existing(self, pdf: bytes, *, signer_id: int, level: PadesLevel | str | None = None,
                      certify: bool = False, box: tuple[float, float, float, float] | None = None, page: int = -1,
                      countersign: bool = False, document_number: str | None = None,
                      field_name: str | None = None) -> IssuedPdf:
        """Sign any PDF (the integrators' ``mohpromt-ca sign INPUT.pdf``) and record it."""
        level = PadesLevel.parse(level) if level else self.default_level()
        if not pdf.lstrip()[:5] == b"%PDF-":
            raise InputError("the input is not a PDF (no %PDF- header)")
        if document_number and document_number_taken(self.authority, document_number):
            raise AlreadyExists(f"document {document_number!r} was already issued")
        signed = self.signing.sign(pdf, signer_id=signer_id, level=level, certify=certify, box=box, page=page,
                                   countersign=countersign, field_name=field_name,
                                   role_th="ลงนามรับรองร่วมโดย" if countersign else None,
                                   role_en="Countersigned by" if countersign else None)
        digest = hashlib.sha256(signed.pdf).hexdigest()
        number = document_number or f"EXT-{digest[:24]}"
        issued = IssuedPdf(signed.pdf, number, EXTERNAL_TYPE, digest, signed.level, signer_id,
                           signed.certificate_serial, None, None, dict(signed.timings))
        self.record(issued)
        return issued


__all__ = ["EXTERNAL_TYPE", "IssuedPdf", "PdfIssuer", "check_data_matches_signer"]
