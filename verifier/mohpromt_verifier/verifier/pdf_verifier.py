"""Verify a signed PDF with pyHanko: every signature in order, its chain to the trust anchors,
revocation at signing time from the embedded data, timestamps, the PAdES level reached, and
what changed after each signature. Only DSS and timestamp updates may follow a signature;
anything else, a signature that does not cover the whole file, bytes after the last
revision, or a parse error makes the document invalid.
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
from mohpromt_verifier.verifier.report import Report

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
                return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
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


async def _verify(data: bytes, how: PdfVerification, report: Report) -> None:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        report.add("parse", "fail", f"the PDF cannot be read: {type(exc).__name__}", "parse")
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
    except (PdfError, ValueError, KeyError, TypeError):
        dss = None
    has_revinfo = dss is not None and (bool(getattr(dss, "ocsps", None)) or bool(getattr(dss, "crls", None)))
    levels: list[str] = []
    signers: list[dict[str, Any]] = []
    for index, embedded in enumerate(signatures):
        label = f"signature {index + 1}"
        is_timestamp = embedded.sig_object.get("/Type") == "/DocTimeStamp"
        try:
            if is_timestamp:
                context = _context(dss, anchors, moment=None, online=how.online, hard=False)
                status = await async_validate_pdf_timestamp(embedded, validation_context=context)
                label = f"document timestamp {index + 1}"
            else:
                # One pass: revocation is judged as of the time in the signature's own timestamp
                # token (pyHanko validates that token in the same pass; a bad one fails below).
                hard = has_revinfo or how.online
                moment = _token_time(embedded) if hard else None
                context = _context(dss, anchors, moment=moment, online=how.online, hard=hard)
                ts_context = _context(dss, anchors, moment=None, online=how.online, hard=False)
                status = await async_validate_pdf_signature(embedded, context, ts_validation_context=ts_context)
        except (PdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            report.add(label, "fail", f"cannot be validated: {type(exc).__name__}", "malformed-signature")
            continue
        if not status.intact or not status.valid:
            report.add(label, "fail", "the signed bytes were changed or the signature does not verify", "integrity")
            continue
        coverage = status.coverage
        if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
            report.add(label, "fail", "the signature does not cover its whole revision", "coverage")
            continue
        level = status.modification_level
        if level is not None and level > ModificationLevel.LTA_UPDATES:
            report.add(label, "fail", f"the document was changed after this signature ({level.name.lower()})",
                       "modified")
            continue
        if not is_timestamp and getattr(status, "docmdp_ok", True) is False:
            report.add(label, "fail", "changes after certification break its DocMDP permissions", "docmdp")
            continue
        if not anchors:
            continue
        if not status.trusted:
            indic = getattr(status, "trust_problem_indic", None)
            name = getattr(indic, "name", "untrusted")
            outcome = "fail" if name in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE", "NOT_YET_VALID",
                                         "CHAIN_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE") else "indeterminate"
            report.add(label, outcome, f"the signer's certificate is not trusted ({name})", f"trust-{name.lower()}")
            continue
        if is_timestamp:
            report.add(label, "pass", f"document timestamp at {status.timestamp.isoformat()}")
            levels.append("B-LTA")
            continue
        identity = signer_identity(status.signing_cert)
        ts = status.timestamp_validity
        reached = "B-B"
        if ts is not None:
            if not (ts.intact and ts.valid and ts.trusted):
                report.add(label, "fail", "its signature timestamp does not validate", "timestamp")
                continue
            reached = "B-T"
            identity["signed_at"] = ts.timestamp.isoformat()
        elif status.signer_reported_dt is not None:
            identity["signed_at"] = status.signer_reported_dt.isoformat() + " (claimed by the signer)"
        if has_revinfo and reached == "B-T":
            reached = "B-LT"
        elif not has_revinfo and not how.online:
            report.add(f"{label} revocation", "indeterminate",
                       "the document carries no revocation data; verify with --online", "no-revinfo")
        levels.append(reached)
        signers.append(identity)
        report.add(label, "pass", f"{identity['signer']} ({identity['licence'] or identity['profession']}), "
                                  f"{identity['facility']}, level {reached}")
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
    asyncio.run(_verify(data, how, report))
    return report
