"""Verify a signed PDF with pyHanko as ETSI EN 319 102-1 judges signatures: every signature and
document timestamp gets an ``indication`` (TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE) and a
``subindication`` (HASH_FAILURE, SIG_CRYPTO_FAILURE, FORMAT_FAILURE, REVOKED,
NO_CERTIFICATE_CHAIN_FOUND, OUT_OF_BOUNDS_NO_POE, CRYPTO_CONSTRAINTS_FAILURE, TRY_LATER, ...)
in ``document.signatures`` of the report. The document is valid only when every one passes.

Later revisions that signing allows do not fail an earlier signature: another signature, a
document timestamp, DSS updates, and form filling or annotations where the certification
(DocMDP P) permits them (pyHanko's difference analysis, ``docmdp_ok``). A content change
(modification level OTHER), a signature that does not cover its whole revision, bytes after
the last revision, or a parse error fails it. A change of the information dictionary or the
XMP metadata after a signature is a warning in the report.

Hostile input is bounded (``pdf_limits``: revisions, signatures, signature fields, pages,
nesting) and refused with a reason (indeterminate, code ``limits``); a library's exception
on a malformed signature is that signature's FORMAT_FAILURE, never a crash; the libraries'
logging is silent unless asked for (``quiet``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.verifier import pdf_limits as limits
from mohpromt_verifier.verifier.quiet import quiet_libraries
from mohpromt_verifier.verifier.report import Outcome, Report

_LICENCE_PREFIX = {"MD": "ว.", "DT": "ท.", "PH": "ภ.", "MT": "ทน."}
LEVEL_ORDER = ("B-B", "B-T", "B-LT", "B-LTA")


@dataclass(frozen=True)
class PdfVerification:
    anchors: tuple[x509.Certificate, ...]
    clock: Clock
    online: bool = False
    #: the issuers' document revocation lists (``trust_lists.document_revocation``), when loaded:
    #: ``revoked_document(pdf) -> (revoked at, reason, list) | None`` and the lists' names
    revoked_document: Callable[[bytes], tuple[str, str, str] | None] | None = None
    document_revocation_lists: tuple[str, ...] = ()


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def signer_identity(certificate: Any) -> dict[str, Any]:
    """Name, licence and facility from a signer certificate (asn1crypto)."""
    subject = certificate.subject.native
    serial = str(subject.get("serial_number") or "")
    licence = None
    if serial.startswith("TH:") and "-" in serial:
        tag, _, digits = serial[3:].partition("-")
        licence = f"{_LICENCE_PREFIX.get(tag, tag + ' ')}{digits}"
    return {"signer": subject.get("common_name"), "profession": subject.get("title"), "licence": licence,
            "facility": subject.get("organization_name")}


_TAIL = re.compile(rb"startxref\s+\d+\s+%%EOF[\r\n\t \x00]*")


def has_trailing_bytes(data: bytes) -> bool:
    """Anything but end-of-line after the final startxref ... %%EOF is not part of the PDF."""
    at = data.rfind(b"startxref")
    return at < 0 or _TAIL.fullmatch(data, at) is None


def _token_time(embedded: Any) -> dt.datetime | None:
    """genTime of the signature timestamp token in the CMS unsigned attributes, if any."""
    try:
        signer_info = embedded.signed_data["signer_infos"][0]
        for attribute in signer_info["unsigned_attrs"] or []:
            if attribute["type"].native == "signature_time_stamp_token":
                token = attribute["values"][0]
                moment = token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
                return moment if isinstance(moment, dt.datetime) else None
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return None


def _context(dss: Any, anchors: list[asn1_x509.Certificate], *, moment: dt.datetime | None, online: bool,
             hard: bool) -> Any:
    from pyhanko_certvalidator import ValidationContext

    # A trust list names intermediates too (ours: the root and the document-signing CA). When a
    # root is there, an intermediate is a path-building aid, not a second trust root: as a root
    # it cuts the path short and pyHanko then cannot place the CRL issuer for the TSA's
    # certificate, failing the signature timestamp. Pinned intermediates alone stay roots.
    roots = [c for c in anchors if c.self_signed != "no"]
    intermediates = [c for c in anchors if c.self_signed == "no"] if roots else []
    options: dict[str, Any] = {"trust_roots": roots or anchors, "other_certs": intermediates,
                               "allow_fetching": online, "revocation_mode": "hard-fail" if hard else "soft-fail"}
    if moment is not None:
        options["moment"] = moment
        options["best_signature_time"] = moment
    if dss is not None:
        return dss.as_validation_context(options)
    return ValidationContext(**options)


@dataclass
class _Entry:
    """One signature or document timestamp, judged as ETSI EN 319 102-1 does."""

    label: str
    kind: str  # "signature" | "document-timestamp"
    field: str | None
    indication: str = "INDETERMINATE"
    subindication: str | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "type": self.kind, "field": self.field, "indication": self.indication,
                "subindication": self.subindication, "detail": self.detail}


_OUTCOME = {"TOTAL-PASSED": "pass", "TOTAL-FAILED": "fail", "INDETERMINATE": "indeterminate"}


def _judge(report: Report, entry: _Entry, indication: str, subindication: str | None, detail: str,
           code: str | None = None) -> None:
    entry.indication, entry.subindication, entry.detail = indication, subindication, detail
    outcome: Outcome = "pass" if indication == "TOTAL-PASSED" else "fail" if indication == "TOTAL-FAILED" \
        else "indeterminate"
    report.add(entry.label, outcome, detail, code)


def _trust_indication(status: Any) -> tuple[str, str]:
    """pyHanko's AdES sub-indication of an untrusted chain, with its main indication."""
    indic = getattr(status, "trust_problem_indic", None)
    name = str(getattr(indic, "name", "NO_CERTIFICATE_CHAIN_FOUND"))
    state = getattr(getattr(indic, "status", None), "name", "INDETERMINATE")
    return ("TOTAL-FAILED" if state == "FAILED" else "INDETERMINATE"), name


def _serialised(obj: Any) -> bytes | None:
    """Bytes of a PDF object (a stream's data included), for comparing two revisions."""
    if obj is None:
        return None
    try:
        value = obj.get_object()
        data = getattr(value, "data", None)
        if isinstance(data, bytes):
            return data
        out = io.BytesIO()
        value.write_to_stream(out, None)
        return out.getvalue()
    except Exception:  # a broken object differs from any good one
        return b"?"


def _metadata_changes(reader: Any, revision: int) -> list[str]:
    """Changes of the information dictionary or the XMP metadata after ``revision``."""
    try:
        then = reader.get_historical_resolver(revision)
        changed = []
        if _serialised(then.trailer_view.get("/Info")) != _serialised(reader.trailer_view.get("/Info")):
            changed.append("document information dictionary")
        old_root, new_root = then.root, reader.root
        if _serialised(old_root.get("/Metadata")) != _serialised(new_root.get("/Metadata")):
            changed.append("XMP metadata")
        return changed
    except Exception:
        return []


async def _verify(data: bytes, how: PdfVerification, report: Report) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    refusal = limits.prescan(data)
    if refusal:
        report.add("limits", "indeterminate", f"refused: {refusal}", "limits")
        return
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        refusal = limits.structure_refusal(reader)
        if refusal:
            report.add("limits", "indeterminate", f"refused: {refusal}", "limits")
            return
        signatures = list(reader.embedded_signatures)
    except RecursionError:
        report.add("limits", "indeterminate", f"refused: {limits.NESTING_REASON}", "limits")
        return
    except Exception as exc:  # any library failure on hostile bytes is a parse failure, never a crash
        report.add("parse", "fail", f"the PDF cannot be read: {type(exc).__name__}", "parse")
        return
    if len(signatures) > limits.MAX_SIGNATURES:
        report.add("limits", "indeterminate", f"refused: more than {limits.MAX_SIGNATURES} signatures", "limits")
        return
    report.add("parse", "pass", f"{len(signatures)} signature(s) and document timestamp(s)")
    if has_trailing_bytes(data):
        # pyHanko reads past such bytes and still calls the last revision covered (PADES-NOTES).
        report.add("structure", "fail", "there are bytes after the end of the last revision", "trailing-bytes")
    if not signatures:
        report.add("signatures", "fail", "the PDF carries no signature", "unsigned")
        return
    anchors = [_asn1(c) for c in how.anchors]
    if not anchors:
        report.add("trust", "indeterminate", "no PDF trust anchors: import a trust list or pass --anchor", "no-anchors")
    try:
        dss = DocumentSecurityStore.read_dss(reader) if "/DSS" in reader.root else None
    except Exception:
        dss = None
    has_revinfo = dss is not None and (bool(getattr(dss, "ocsps", None)) or bool(getattr(dss, "crls", None)))
    levels: list[str] = []
    signers: list[dict[str, Any]] = []
    entries: list[_Entry] = []
    metadata_warned: set[str] = set()
    for index, embedded in enumerate(signatures):
        is_timestamp = False
        field = None
        try:
            is_timestamp = embedded.sig_object.get("/Type") == "/DocTimeStamp"
            field = str(embedded.field_name)
        except Exception:
            pass
        entry = _Entry(label=f"{'document timestamp' if is_timestamp else 'signature'} {index + 1}",
                       kind="document-timestamp" if is_timestamp else "signature", field=field)
        entries.append(entry)
        status: Any
        try:
            if is_timestamp:
                context = _context(dss, anchors, moment=None, online=how.online, hard=False)
                status = await async_validate_pdf_timestamp(embedded, validation_context=context)
            else:
                # One pass: revocation is judged as of the time in the signature's own timestamp
                # token (pyHanko validates that token in the same pass; a bad one fails below).
                hard = has_revinfo or how.online
                moment = _token_time(embedded) if hard else None
                context = _context(dss, anchors, moment=moment, online=how.online, hard=hard)
                ts_context = _context(dss, anchors, moment=None, online=how.online, hard=False)
                status = await async_validate_pdf_signature(embedded, context, ts_validation_context=ts_context)
        except RecursionError:
            _judge(report, entry, "INDETERMINATE", "FORMAT_FAILURE", f"refused: {limits.NESTING_REASON}", "limits")
            continue
        except Exception as exc:  # malformed CMS and the like: a library assertion is not our crash
            _judge(report, entry, "TOTAL-FAILED", "FORMAT_FAILURE",
                   f"cannot be validated: {type(exc).__name__}", "malformed-signature")
            continue
        if not status.intact:
            _judge(report, entry, "TOTAL-FAILED", "HASH_FAILURE", "the signed bytes were changed", "integrity")
            continue
        if not status.valid:
            _judge(report, entry, "TOTAL-FAILED", "SIG_CRYPTO_FAILURE", "the signature value does not verify",
                   "integrity")
            continue
        coverage = status.coverage
        if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
            _judge(report, entry, "TOTAL-FAILED", "FORMAT_FAILURE", "the signature does not cover its whole revision",
                   "coverage")
            continue
        level = status.modification_level
        if level is not None and level >= ModificationLevel.OTHER:
            _judge(report, entry, "TOTAL-FAILED", "HASH_FAILURE",
                   "the document's content was changed after this signature", "modified")
            continue
        if getattr(status, "docmdp_ok", True) is False:
            _judge(report, entry, "TOTAL-FAILED", "HASH_FAILURE",
                   f"changes after this signature ({level.name.lower() if level else 'unknown'}) are not permitted "
                   "by the document's certification (DocMDP)", "docmdp")
            continue
        if level is not None and level > ModificationLevel.NONE:
            for what in _metadata_changes(reader, embedded.signed_revision):
                if what not in metadata_warned:
                    metadata_warned.add(what)
                    report.warnings.append(f"the {what} was changed after {entry.label}")
        if not anchors:
            entry.indication, entry.subindication = "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND"
            entry.detail = "intact; no trust anchor to judge its certificate"
            continue
        if not status.trusted:
            indication, sub = _trust_indication(status)
            _judge(report, entry, indication, sub, f"the signer's certificate is not trusted ({sub})",
                   f"trust-{sub.lower()}")
            continue
        if is_timestamp:
            _judge(report, entry, "TOTAL-PASSED", None, f"document timestamp at {status.timestamp.isoformat()}")
            levels.append("B-LTA")
            continue
        identity = signer_identity(status.signing_cert)
        ts = getattr(status, "timestamp_validity", None)
        reached = "B-B"
        if ts is not None and not (ts.intact and ts.valid):
            _judge(report, entry, "TOTAL-FAILED", "SIG_CRYPTO_FAILURE",
                   "its signature timestamp does not validate", "timestamp")
            continue
        if ts is not None and not ts.trusted:
            # an intact token from a TSA we do not trust proves no time (no POE); the signature
            # itself was judged at the validation time above
            report.warnings.append(f"the signature timestamp of {entry.label} comes from a TSA that is not trusted: "
                                   "its time is not used")
        elif ts is not None:
            reached = "B-T"
            identity["signed_at"] = ts.timestamp.isoformat()
        if "signed_at" not in identity and getattr(status, "signer_reported_dt", None) is not None:
            identity["signed_at"] = status.signer_reported_dt.isoformat() + " (claimed by the signer)"
        if has_revinfo and reached == "B-T":
            reached = "B-LT"
        levels.append(reached)
        signers.append(identity)
        who = identity["licence"] or identity["profession"]
        _judge(report, entry, "TOTAL-PASSED", None, f"{identity['signer']} ({who}), {identity['facility']}, "
                                                     f"level {reached}")
        if not has_revinfo and not how.online:
            # the signature itself passed; its certificate's status cannot be known offline
            report.add(f"{entry.label} revocation", "indeterminate",
                       "the document carries no revocation data; verify with --online", "no-revinfo")
            entry.indication, entry.subindication = "INDETERMINATE", "TRY_LATER"
    report.document["signatures"] = [e.as_dict() for e in entries]
    if signers and how.revoked_document is not None:
        hit = how.revoked_document(data)
        if hit is not None:
            revoked_at, reason, list_name = hit
            report.add("document revocation", "fail", f"the issuer revoked this document on {revoked_at} "
                       f"(reason: {reason}; list {list_name})", "document-revoked")
        elif how.document_revocation_lists:
            report.add("document revocation", "pass", "not on the issuer's document revocation list ("
                       + ", ".join(how.document_revocation_lists) + ")")
    if signers:
        report.document["signers"] = signers
        report.holder.update({k: v for k, v in signers[0].items() if k in ("signer", "licence", "facility")})
    if levels:
        regular = [lv for lv in levels if lv != "B-LTA"]
        base = min(regular, key=LEVEL_ORDER.index) if regular else "B-B"
        report.document["pades_level"] = "B-LTA" if "B-LTA" in levels and base == "B-LT" else base


def verify_pdf(data: bytes, how: PdfVerification) -> Report:
    report = Report("pdf", verified_at=how.clock.now())
    with quiet_libraries():
        asyncio.run(_verify(data, how, report))
    return report
