"""Verify a certificate-summary QR (``MPC1:``) from a paper printout, offline.

The summary is signed by the signer's own key (see ``formats.summary``): the
verifier finds the signer certificate by kid among those it was given (trust-list
cache or ``--signer-cert``), checks that it chains to a trusted anchor, then checks
the COSE signature and the validity period.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.formats.hcert import kid_of
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError, SignatureError, UnsupportedAlgorithm
from mohpromt_verifier.formats.summary import decode_summary, verify_summary
from mohpromt_verifier.verifier.report import Report


@dataclass(frozen=True)
class SummaryVerification:
    signer_certificates: tuple[x509.Certificate, ...]
    anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    clock: Clock


def _chains(certificate: x509.Certificate, how: SummaryVerification) -> tuple[bool, str]:
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    def load(c: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))

    context = ValidationContext(trust_roots=[load(c) for c in how.anchors],
                                other_certs=[load(c) for c in how.intermediates], allow_fetching=False,
                                revocation_mode="soft-fail", moment=how.clock.now())
    try:
        validator = CertificateValidator(load(certificate), validation_context=context)
        asyncio.run(validator.async_validate_usage({"digital_signature"}))  # type: ignore[no-untyped-call]
    except (PathBuildingError, PathValidationError) as exc:
        return False, str(exc).splitlines()[0][:200]
    return True, "chains to a trusted root"


def verify_summary_text(text: str, how: SummaryVerification) -> Report:
    report = Report("summary", verified_at=how.clock.now())
    try:
        decoded = decode_summary(text)
    except HcertDecodeError as exc:
        report.add("decode", "fail", exc.message, "decode")
        return report
    report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed")
    summary = decoded.summary
    report.holder = {"patient": summary.patient.name_th, "patient_en": summary.patient.name_en}
    report.document = {
        "document_number": summary.document_number, "type": summary.type, "issued_at": summary.issued_at.isoformat(),
        "valid_until": summary.valid_until.isoformat() if summary.valid_until else None, "finding": summary.finding,
        "facility": summary.facility.name_th, "signer": summary.signer.name_th, "licence": summary.signer.ident,
    }
    kid = decoded.kid
    candidates: Sequence[x509.Certificate] = [c for c in how.signer_certificates if kid is None or kid_of(c) == kid]
    if not candidates:
        report.add("signature", "indeterminate", "the signer's certificate is not in the trust list", "signer-unknown")
    else:
        try:
            match = verify_summary(decoded, candidates)
            signer = match.candidate if isinstance(match.candidate, x509.Certificate) else None
            report.add("signature", "pass", "signed by the certificate's signer")
            if signer is not None:
                ok, detail = _chains(signer, how)
                report.add("signer-trust", "pass" if ok else "fail", detail, None if ok else "untrusted")
        except (SignatureError, UnsupportedAlgorithm) as exc:
            report.add("signature", "fail", exc.message, "signature")
    now = how.clock.now()
    expires = summary.expires_at()
    if expires is not None and now > expires:
        report.add("validity", "fail", f"valid until {summary.valid_until} only", "expired")
    elif now < summary.issued_at:
        report.add("validity", "fail", "issued in the future", "not-yet-valid")
    else:
        report.add("validity", "pass", "within its validity period")
    return report
