"""Issue a medical certificate as a signed PDF: validate, QR, render, sign, record.

The flow of DESIGN.md: the signer is checked in the register (revoked / held / expired /
suspended refused, before anything is signed); the document's signer and facility blocks and
its issue time come from the register and the clock (``register_face``: data naming anyone
else is refused); the data is validated against the type's schema; the verification QR is signed with
the signer's key; Typst renders the PDF/A-2b; pyHanko signs it at the requested PAdES
level (a second signer may countersign); the register records number, type, signer,
serial and SHA-256 (never medical content) and the audit log says ``pdf.issue`` in the
same transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any, cast

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.signer_keys import SignerMaterial
from mohpromt_ca.errors import AlreadyExists, InputError
from mohpromt_ca.issuer.pdf.levels import PadesLevel
from mohpromt_ca.issuer.pdf.register import document_number_taken, record_issued
from mohpromt_ca.issuer.pdf.signing import PdfSigningService
from mohpromt_ca.templates import CertificateTypes

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
    dcc_hc1: str | None = None
    """The holder's EU DCC / Digital Health Pass printed beside the verification QR."""
    dcc_uvci: str | None = None
    """Its UVCI, when this issuance issued the DCC (``issue_with_dcc``)."""

    def as_dict(self) -> dict[str, Any]:
        out = {"document_number": self.document_number, "type": self.type, "sha256": self.sha256,
               "level": self.level.value, "signer": self.signer_id, "certificate_serial": self.certificate_serial,
               "countersigner": self.countersigner_id, "bytes": len(self.pdf)}
        if self.dcc_hc1 is not None:
            out.update({"dcc_uvci": self.dcc_uvci, "dcc_hc1": self.dcc_hc1})
        return out


_BASE45 = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
#: types whose template has a place for the holder's DCC QR
DCC_TYPES = frozenset({"vaccination"})


def check_dcc_hc1(type_key: str, dcc_hc1: str) -> str:
    """A DCC for the record: ``HC1:`` text, bounded, on a type that prints it."""
    from mohpromt_ca.issuer.rendering import MAX_HC1_TEXT

    if type_key not in DCC_TYPES:
        raise InputError(f"dcc_hc1: certificate type {type_key!r} has no place for a DCC QR "
                         f"(only {', '.join(sorted(DCC_TYPES))})", code="hc1-text")
    if not isinstance(dcc_hc1, str):
        raise InputError("dcc_hc1 must be text starting with 'HC1:'", code="hc1-text")
    text = dcc_hc1.strip()
    if not text.startswith("HC1:"):
        raise InputError(f"dcc_hc1 must start with 'HC1:' (it starts with {text[:8]!r})", code="hc1-text")
    if len(text) > MAX_HC1_TEXT:
        raise InputError(f"dcc_hc1 is {len(text)} characters; at most {MAX_HC1_TEXT} print reliably",
                         code="hc1-text")
    if not set(text[4:]) <= _BASE45:
        raise InputError("dcc_hc1 holds characters outside base45 (0-9, A-Z, space and $%*+-./:)", code="hc1-text")
    return text


def with_register_face(type_key: str, data: Any, material: SignerMaterial, now: Any) -> Any:
    """``data`` with signer, facility and issue time from the register and the clock
    (``register_face``); anything but an object is left for the schema to refuse."""
    from mohpromt_ca.issuer.pdf.register_face import face_from_register

    if not isinstance(data, dict):
        return data
    return face_from_register(type_key, data, material, now)


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
    """One per host (keep it: it keeps the signing service's keys warm; the renderer's
    compilers are shared by the process).

    ``types`` is the host's :class:`~mohpromt_ca.templates.CertificateTypes` (the CLI context
    and the app factory build it, with their plugins' types); without it the issuer knows
    the built-in types only. ``signing`` defaults to a :class:`PdfSigningService` of this
    issuer's own.
    """

    def __init__(self, authority: Authority, *, renderer: Any = None,
                 signing: PdfSigningService | None = None, types: CertificateTypes | None = None) -> None:
        from mohpromt_ca.issuer.rendering import default_renderer

        self.authority = authority
        self.renderer = renderer or default_renderer()
        self.signing = signing or PdfSigningService(authority)
        self.types = types if types is not None else CertificateTypes()

    def default_level(self) -> PadesLevel:
        return PadesLevel.parse(self.authority.settings.pades_level)

    def issue(self, type_key: str, data: Any, *, signer_id: int, level: PadesLevel | str | None = None,
              certify: bool = False, countersigner_id: int | None = None, idempotency_key: str | None = None,
              record: bool = True, dcc_hc1: str | None = None) -> IssuedPdf:
        """Validate, QR, render, sign, record. ``dcc_hc1`` (``HC1:...``, vaccination record
        only) prints the holder's EU DCC / Digital Health Pass QR beside the verification QR."""
        from mohpromt_ca.issuer.pdf.summary import summary_qr_text

        level = PadesLevel.parse(level) if level else self.default_level()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        ctype = self.types.get(type_key)
        if dcc_hc1 is not None:
            dcc_hc1 = check_dcc_hc1(ctype.key, dcc_hc1)
        model, material = self.prepare(type_key, data, signer_id=signer_id)
        if record and document_number_taken(self.authority, model.document_number):
            raise AlreadyExists(f"document {model.document_number!r} was already issued")
        counter = self.signing.signer_material(countersigner_id) if countersigner_id is not None else None
        timings["validate"] = time.perf_counter() - t0

        t1 = time.perf_counter()
        qr_text = summary_qr_text(ctype, model, material)
        timings["qr"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        if dcc_hc1 is None:  # callers' renderers (and bench stubs) need not know the argument
            pdf = self.renderer.render_validated(ctype, model, qr_text)
        else:
            pdf = self.renderer.render_validated(ctype, model, qr_text, hc1_text=dcc_hc1)
        timings["render"] = time.perf_counter() - t2

        t3 = time.perf_counter()
        rect = ctype.signature_rect
        from mohpromt_ca.issuer.pdf.signing import COUNTERSIGN_BOX

        signed = self.signing.sign(pdf, signer_id=signer_id, level=level, certify=certify, box=rect.box,
                                   page=rect.page, material=material,
                                   reason=f"{ctype.title_en} {model.document_number}",
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
                           qr_text, countersigner_id, timings, dcc_hc1)
        if record:
            t4 = time.perf_counter()
            self.record(issued, idempotency_key=idempotency_key)
            timings["register"] = time.perf_counter() - t4
        return issued

    def prepare(self, type_key: str, data: Any, *, signer_id: int) -> tuple[Any, SignerMaterial]:
        """The validated model of ``data`` as signer ``signer_id`` would sign it now: its signer,
        facility and issue time from the register and the clock, then the type's schema (text,
        dates against the issue time) and the signer's right to sign the type."""
        ctype = self.types.get(type_key)
        material = self.signing.signer_material(signer_id)
        model = ctype.validate(with_register_face(ctype.key, data, material, self.authority.clock.now()))
        check_data_matches_signer(model, material)
        return model, material

    def issue_with_dcc(self, type_key: str, data: Any, *, signer_id: int, profile: str = "eu-dcc",
                       dsc: str | None = None, **options: Any) -> IssuedPdf:
        """Issue the holder's DCC from the vaccination record's own data (its latest dose), then
        the record with that DCC's QR on it. Everything the PDF would refuse (data, signer,
        document number) is checked before the DCC is signed; a record lacking what the DCC
        needs is refused naming the record's field (``vaccination_dcc``)."""
        from mohpromt_ca.issuer.dcc import DccIssuer
        from mohpromt_ca.issuer.pdf.vaccination_dcc import DccFromRecordError, dcc_input_from_record, record_field
        from mohpromt_verifier.formats.hcert.errors import PayloadError

        ctype = self.types.get(type_key)
        if ctype.key not in DCC_TYPES:
            raise InputError(f"--with-dcc: certificate type {ctype.key!r} has no DCC (only "
                             f"{', '.join(sorted(DCC_TYPES))})", code="hc1-text")
        model, _material = self.prepare(ctype.key, data, signer_id=signer_id)
        if options.get("record", True) and document_number_taken(self.authority, model.document_number):
            raise AlreadyExists(f"document {model.document_number!r} was already issued")
        typed = dcc_input_from_record(model)
        try:
            signed = DccIssuer(self.authority, profile=profile, dsc=dsc).issue(typed, dcc_type="vaccination")
        except PayloadError as exc:
            where = record_field(exc.path, len(cast(Any, model).doses) - 1)  # the vaccination record's
            if where is None:
                raise
            raise DccFromRecordError(where, f"the DCC refuses it: {exc.message}") from None
        issued = self.issue(type_key, data, signer_id=signer_id, dcc_hc1=signed.hc1, **options)
        return dataclasses.replace(issued, dcc_uvci=signed.uvci)

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


__all__ = ["DCC_TYPES", "EXTERNAL_TYPE", "IssuedPdf", "PdfIssuer", "check_data_matches_signer", "check_dcc_hc1",
           "with_register_face"]
