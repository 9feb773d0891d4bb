"""The verification QR's content for one certificate, signed with the signer's key.

The key finding is what a checker most needs to see: the test result, the conclusion,
the physician's opinion. A certificate type may define a ``key_finding`` property on its
input model; otherwise the first of the well-known fields below that the type has is used
(so adding a type needs no code here).
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.authority.signer_keys import SignerMaterial
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.templates import CertificateType
from mohpromt_ca.templates.common import CertificateInput
from mohpromt_verifier.formats.hcert.cose import kid_of
from mohpromt_verifier.formats.hcert.signer import ES256, FunctionSigner
from mohpromt_verifier.formats.summary import DocumentSummary, encode_summary
from mohpromt_verifier.formats.summary.codec import Party

_RESULTS = {
    "negative": "ผลลบ / Negative", "positive": "ผลบวก / Positive", "invalid": "ผลใช้ไม่ได้ / Invalid",
    "not-detected": "ไม่พบเชื้อ / Not detected", "detected": "พบเชื้อ / Detected",
    "inconclusive": "สรุปผลไม่ได้ / Inconclusive",
}
_CONCLUSION = {1: "สุขภาพปกติ / Healthy", 2: "ผ่าน ต้องรักษา / Passed, needs treatment", 3: "ไม่ผ่าน / Failed"}


def key_finding(model: CertificateInput) -> str:
    custom = getattr(model, "key_finding", None)
    if isinstance(custom, str) and custom:
        return custom
    result = getattr(model, "result", None)
    if isinstance(result, str):
        return _RESULTS.get(result, result)
    conclusion = getattr(model, "conclusion", None)
    if conclusion in _CONCLUSION:
        return _CONCLUSION[conclusion]
    fit = getattr(model, "fit_to_return", None)
    if isinstance(fit, bool):
        return "พ้นระยะแยกกัก กลับไปทำงานได้ / Fit to return" if fit else "ยังไม่พ้นระยะแยกกัก / Not fit to return"
    doses = getattr(model, "doses", None)
    if doses:
        last = doses[-1]
        disease = getattr(model, "disease", "")
        return f"{disease} {last.vaccine} dose {last.dose_number}/{last.total_doses} {last.date.isoformat()}".strip()
    parts = [str(v) for v in (getattr(model, "diagnosis", None), getattr(model, "opinion", None),
                              getattr(model, "interpretation", None)) if v]
    rest = getattr(model, "rest_days", None)
    if rest:
        parts.append(f"พัก {rest} วัน / rest {rest} days")
    return " · ".join(parts) or "-"


def build_summary(ctype: CertificateType, model: CertificateInput, signer: SignerMaterial) -> DocumentSummary:
    patient = model.patient
    valid_until: Any = getattr(model, "valid_until", None)
    return DocumentSummary(
        document_number=model.document_number,
        type=ctype.key,
        issued_at=model.issued_at,
        facility=Party(model.facility.name_th, model.facility.name_en, model.facility.licence),
        signer=Party(f"{model.signer.title} {model.signer.name_th}", model.signer.name_en, model.signer.licence,
                     model.signer.profession),
        patient=Party(f"{patient.title} {patient.name_th}", patient.name_en),
        finding=key_finding(model),
        valid_until=valid_until,
    )


def summary_signer(signer: SignerMaterial) -> FunctionSigner:
    """ES256 with the signer's key; kid = SHA-256(signer certificate DER)[:8]."""
    handle = signer.handle
    return FunctionSigner(ES256, kid_of(signer.certificate),
                          lambda data: handle.sign(data, SignatureScheme.ECDSA_SHA256), der=True)


def summary_qr_text(ctype: CertificateType, model: CertificateInput, signer: SignerMaterial) -> str:
    return encode_summary(build_summary(ctype, model, signer), summary_signer(signer))
