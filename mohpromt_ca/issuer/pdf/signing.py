"""PAdES signing of a PDF by a registered signer, at B-B, B-T, B-LT or B-LTA.

One :class:`PdfSigningService` per process and authority. It keeps, per signer, the
pyHanko signer built on the signer's ``KeyHandle`` (loaded once), one timestamper and
one source of validation data. Before every signature the register is asked whether the
signer may sign now (:func:`mohpromt_ca.authority.signer_keys.load_signer`): a revoked, held or
expired signer is refused with a clear error before anything is signed.

Space for the CMS blob is reserved up front (``bytes_reserved``), so pyHanko never signs
a throw-away copy to measure it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.signer_keys import SignerMaterial, load_signer
from mohpromt_ca.errors import InputError, MohpromtError
from mohpromt_ca.issuer.pdf.levels import DEFAULT_LEVEL, PadesLevel

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper

    from mohpromt_ca.issuer.pdf.revocation import RevocationSource

#: bytes reserved for the CMS SignedData (the PDF holds twice as many hex digits). Measured:
#: B-B with the chain ~3 KB; with the signature timestamp ~6 KB.
RESERVED_PLAIN = 8 * 1024
RESERVED_TIMESTAMPED = 14 * 1024
#: where a countersignature goes when no box is given: above the first signature, on the same page
COUNTERSIGN_BOX = (340.0, 160.0, 538.0, 198.0)


class PdfSigningError(MohpromtError):
    code = "pdf-signing"


class _QuietFetchWarning(logging.Filter):
    """pyHanko warns that fetching is off whenever validation data is embedded from our own
    responder: that is the design here, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_QuietFetchWarning())


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    level: PadesLevel
    signer_id: int
    certificate_serial: str
    field_name: str
    timings: dict[str, float] = field(default_factory=dict)  # seconds


@dataclass
class _Prepared:
    signer: object  # KeyHandleSigner
    serial: str


class PdfSigningService:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._prepared: dict[tuple[int, str], _Prepared] = {}
        self._timestamper: TimeStamper | None = None
        self._revocation: RevocationSource | None = None
        self._lock = threading.Lock()
        from mohpromt_ca.issuer.pdf.appearance import StampCache
        from mohpromt_ca.issuer.pdf.presign_cache import PresignCache

        self._stamps = StampCache()
        self._presign = PresignCache()

    # ----------------------------------------------------------------- per-process pieces

    def _signer_for(self, material: SignerMaterial) -> _Prepared:
        key = (material.signer_id, material.serial)
        with self._lock:
            prepared = self._prepared.get(key)
            if prepared is None:
                from mohpromt_ca.issuer.pdf.cms_signer import KeyHandleSigner

                prepared = _Prepared(KeyHandleSigner(material.handle, material.certificate, material.chain),
                                     material.serial)
                self._prepared[key] = prepared
            return prepared

    def timestamper(self) -> TimeStamper:
        with self._lock:
            if self._timestamper is None:
                from mohpromt_ca.issuer.pdf.timestamping import make_timestamper

                self._timestamper = make_timestamper(self.authority)
            return self._timestamper

    def revocation(self) -> RevocationSource:
        with self._lock:
            if self._revocation is None:
                from mohpromt_ca.issuer.pdf.revocation import RevocationSource

                self._revocation = RevocationSource(self.authority)
            return self._revocation

    def signer_material(self, signer_id: int) -> SignerMaterial:
        """The register's answer for ``signer_id`` now (raises ``SignerUnavailable``)."""
        return load_signer(self.authority, signer_id, at=self.authority.clock.now())

    # ----------------------------------------------------------------- signing

    def sign(self, pdf: bytes, *, signer_id: int, level: PadesLevel | str = DEFAULT_LEVEL, certify: bool = False,
             box: tuple[float, float, float, float] | None = None, page: int = -1, field_name: str | None = None,
             countersign: bool = False, material: SignerMaterial | None = None, role_th: str | None = None,
             role_en: str | None = None, reason: str | None = None,
             prepare_fields: dict[str, tuple[float, float, float, float]] | None = None) -> SignedPdf:
        """Sign ``pdf`` (synchronous; use :meth:`async_sign` inside a running event loop)."""
        return asyncio.run(self.async_sign(
            pdf, signer_id=signer_id, level=level, certify=certify, box=box, page=page, field_name=field_name,
            countersign=countersign, material=material, role_th=role_th, role_en=role_en, reason=reason,
            prepare_fields=prepare_fields))

    async def async_sign(self, pdf: bytes, *, signer_id: int, level: PadesLevel | str = DEFAULT_LEVEL,
                         certify: bool = False, box: tuple[float, float, float, float] | None = None,
                         page: int = -1, field_name: str | None = None, countersign: bool = False,
                         material: SignerMaterial | None = None, role_th: str | None = None,
                         role_en: str | None = None, reason: str | None = None,
                         prepare_fields: dict[str, tuple[float, float, float, float]] | None = None) -> SignedPdf:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.misc import PdfReadError
        from pyhanko.sign import fields, signers
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.signers.pdf_byterange import SigSeedSubFilter
        from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference

        from mohpromt_ca.issuer.pdf.appearance import appearance_text

        level = PadesLevel.parse(level)
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        material = material or self.signer_material(signer_id)
        prepared = self._signer_for(material)
        timings["register_check"] = time.perf_counter() - t0

        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise InputError(f"the input is not a PDF pyHanko can read: {exc}") from None
        existing = {name: value is not None for name, value, _ref in fields.enumerate_sig_fields(writer.prev)}
        if field_name is None:
            empty = [name for name, filled in existing.items() if not filled]
            if countersign and empty:  # the field the certifying signer prepared for us
                field_name = empty[0]
            else:
                n = 1
                while f"Signature{n}" in existing:
                    n += 1
                field_name = f"Signature{n}"
        if existing.get(field_name):
            raise InputError(f"the PDF's signature field {field_name!r} is already signed")
        if countersign and box is None:
            box = COUNTERSIGN_BOX
        if certify and any(existing.values()):
            raise InputError("only the first signature of a document can certify it (DocMDP)")
        for name, extra_box in (prepare_fields or {}).items():
            # empty fields for the signers who come after a certification signature: under DocMDP P=2
            # they may sign existing fields, so the certifier lays them out in its own revision
            fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name, box=_pdf_box(extra_box),
                                                                      on_page=page))

        t1 = time.perf_counter()
        validation_context = None
        revinfo = None
        if level.long_term:
            source = self.revocation()
            signing_cert, chain = prepared.signer.signing_cert, prepared.signer.chain  # type: ignore[attr-defined]
            revinfo = source.local_revinfo(signing_cert, chain)
            validation_context = source.context(signing_cert, chain, with_revocation=True, revinfo=revinfo)
        timings["validation_data"] = time.perf_counter() - t1

        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256" if material.handle.spec.value != "ec-p384" else "sha384",
            subfilter=SigSeedSubFilter.PADES,
            certify=certify,
            reason=reason,
            location="TH",
            name=material.name_en,
            embed_validation_info=level.long_term,
            use_pades_lta=level.archival,
            validation_context=validation_context,
            # B-LT in one revision: the DSS (OCSP, CRLs, chains, validated before signing) goes in
            # the signature's own revision, so signing writes the file once and a verifier has no
            # later revision to analyse; no VRI (deprecated in PAdES, and only possible after)
            dss_settings=DSSContentSettings(placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
                                            include_vri=False),
        )
        style = None
        if box:
            t3 = time.perf_counter()
            text = appearance_text(material, self.authority.clock.now(), role_th=role_th, role_en=role_en)
            style = self._stamps.style(box, text)
            timings["appearance"] = time.perf_counter() - t3
        spec = None if field_name in existing else fields.SigFieldSpec(
            sig_field_name=field_name, box=_pdf_box(box) if box else None, on_page=page if box else 0)
        pdf_signer = signers.PdfSigner(
            meta, signer=prepared.signer,  # type: ignore[arg-type]
            timestamper=self.timestamper() if level.timestamped else None,
            stamp_style=style,
            new_field_spec=spec,
        )
        out = io.BytesIO()
        t2 = time.perf_counter()
        presign_key = None
        if revinfo is not None and not (level.archival and _has_document_timestamp(writer)):
            # what pyHanko validates before signing depends on the chains, the revocation data and
            # the timestamper only (B-LTA over an earlier document timestamp also on that timestamp)
            presign_key = (prepared.signer.signing_cert.sha256,  # type: ignore[attr-defined]
                           tuple(c.sha256 for c in prepared.signer.chain),  # type: ignore[attr-defined]
                           level.timestamped, level.archival, meta.md_algorithm)
        try:
            await self._sign_with_pyhanko(pdf_signer, writer, out, level, presign_key, revinfo, timings)
        except SigningError as exc:
            raise PdfSigningError(f"pyHanko refused to sign: {exc}") from None
        timings["pyhanko"] = time.perf_counter() - t2
        return SignedPdf(out.getvalue(), level, material.signer_id, material.serial, field_name, timings)

    async def _sign_with_pyhanko(self, pdf_signer: Any, writer: Any, out: io.BytesIO, level: PadesLevel,
                                 presign_key: tuple[object, ...] | None, revinfo: Any,
                                 timings: dict[str, float]) -> None:
        """pyHanko's ``async_sign_pdf`` step by step, with the pre-signature validation (the
        signer's and the TSA's chains against the OCSP responses and CRLs) taken from the
        :class:`~mohpromt_ca.issuer.pdf.presign_cache.PresignCache` while every input to it is
        unchanged and inside its validity."""
        from pyhanko.pdf_utils import misc
        from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes

        session = pdf_signer.init_signing_session(writer, existing_fields_only=False)
        t0 = time.perf_counter()
        now = self.authority.clock.now()
        validation_info = None
        if presign_key is not None:
            ocsps, crls = revinfo
            validation_info = self._presign.get(presign_key, ocsps=ocsps, crls=crls, now=now)
        if validation_info is None:
            validation_info = await session.perform_presign_validation(writer)
            if presign_key is not None and validation_info is not None:
                ocsps, crls = revinfo
                self._presign.put(presign_key, validation_info, ocsps=ocsps, crls=crls, now=now)
        timings["presign_validation"] = time.perf_counter() - t0
        tbs_document = session.prepare_tbs_document(
            validation_info=validation_info,
            bytes_reserved=RESERVED_TIMESTAMPED if level.timestamped else RESERVED_PLAIN,
            appearance_text_params={})
        prepared_digest, res_output = tbs_document.digest_tbs_document(output=out)
        post_signing = await tbs_document.perform_signature(
            document_digest=prepared_digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(
                signing_time=session.system_time,
                adobe_revinfo_attr=None if validation_info is None else validation_info.adobe_revinfo_attr,
                cades_signed_attrs=pdf_signer.signature_meta.cades_signed_attr_spec))
        t1 = time.perf_counter()
        await post_signing.post_signature_processing(res_output)
        timings["post_sign"] = time.perf_counter() - t1
        misc.finalise_output(out, res_output)


def _has_document_timestamp(writer: object) -> bool:
    try:
        return any(True for _ in writer.prev.embedded_timestamp_signatures)  # type: ignore[attr-defined]
    except Exception:  # an unreadable earlier revision: validate afresh, never from the cache
        return True


def _pdf_box(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """pyHanko annotates field rectangles as ints; PDF coordinates are reals and pyHanko writes
    floats as given, so the points pass through unchanged (rounding would move the stamp)."""
    return cast("tuple[int, int, int, int]", box)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
