"""From bytes to reports: sniff the input, pick the verifier, load the trust it needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.errors import InputError
from mohpromt_verifier.verifier.hcert_rules import HcertRules
from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
from mohpromt_verifier.verifier.input_sniffing import SniffedInput, classify_text, qr_texts_from_image, sniff
from mohpromt_verifier.verifier.report import CombinedReport, Report
from mohpromt_verifier.verifier.trust import CertificateList


@dataclass(frozen=True)
class TrustOptions:
    directory: Path | None = None
    extra_dsc_files: tuple[Path, ...] = ()
    allow_expired: bool = False
    rules: bool = True
    online: bool = False
    extra_dscs: tuple[x509.Certificate, ...] = field(default_factory=tuple)
    extra_anchor_files: tuple[Path, ...] = ()
    extra_anchors: tuple[x509.Certificate, ...] = field(default_factory=tuple)
    signer_cert_files: tuple[Path, ...] = ()
    test_max_age_hours: int = 72
    require_complete_series: bool = True


def _load_certificate(path: Path) -> x509.Certificate:
    data = path.read_bytes()[: 1024 * 1024]
    try:
        return x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    except ValueError:
        raise InputError(f"{path} is not an X.509 certificate (PEM or DER)") from None


def _load_bundle(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle (or the one DER certificate)."""
    data = path.read_bytes()[: 1024 * 1024]
    if b"-----BEGIN" not in data:
        return [_load_certificate(path)]
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError:
        raise InputError(f"{path} is not a PEM certificate bundle") from None


class _CombinedTrust:
    def __init__(self, cache: object | None, extra: list[x509.Certificate]) -> None:
        self.cache = cache
        self.extra = CertificateList(extra)
        self.expired = bool(getattr(cache, "expired", False))

    def certificates_for_kid(self, kid: bytes | None) -> list[x509.Certificate]:
        found = list(self.extra.certificates_for_kid(kid))
        if self.cache is not None:
            found += [c for c in self.cache.certificates_for_kid(kid) if c not in found]  # type: ignore[attr-defined]
        return found

    def is_revoked(self, **kwargs: object) -> str | None:
        return self.cache.is_revoked(**kwargs) if self.cache is not None else None  # type: ignore[attr-defined]


def _trust(options: TrustOptions, clock: Clock) -> _CombinedTrust:
    cache = None
    if options.directory is not None and options.directory.is_dir():
        from mohpromt_verifier.verifier.trust_cache import CachedTrust

        cache = CachedTrust.open(options.directory, now=clock.now(), allow_expired=options.allow_expired)
    extra = list(options.extra_dscs) + [_load_certificate(p) for p in options.extra_dsc_files]
    return _CombinedTrust(cache, extra)


def verify_text(sniffed: SniffedInput, *, clock: Clock, options: TrustOptions) -> Report:
    if sniffed.kind == "hcert":
        trust = _trust(options, clock)
        how = HcertVerification(trust=trust, clock=clock, revocations=trust,
                                rules=HcertRules(require_complete_series=options.require_complete_series,
                                                 max_test_age=dt.timedelta(hours=options.test_max_age_hours))
                                if options.rules else None)
        return verify_hc1(sniffed.text or "", how)
    if sniffed.kind == "summary":
        from mohpromt_verifier.verifier.summary_verifier import SummaryVerification, verify_summary_text

        trust = _trust(options, clock)
        anchors = _anchors(options, trust)
        signers = tuple(_load_certificate(p) for p in options.signer_cert_files)
        if trust.cache is not None:  # the published document signers list: no file per doctor
            listed = trust.cache.document_signers(None)  # type: ignore[attr-defined]
            signers += tuple(c for c in listed if c not in signers)
        intermediates = tuple(c for c in anchors if c.subject != c.issuer)
        roots = tuple(c for c in anchors if c.subject == c.issuer)
        return verify_summary_text(sniffed.text or "", SummaryVerification(
            signer_certificates=signers, anchors=roots, intermediates=intermediates, clock=clock))
    if sniffed.kind == "voucher":
        from mohpromt_verifier.verifier.voucher_verifier import VoucherVerification, verify_voucher_text

        anchors = _anchors(options, _trust(options, clock))
        signers = tuple(c for p in options.signer_cert_files for c in _load_bundle(p) if c.subject != c.issuer)
        return verify_voucher_text(sniffed.text or "", VoucherVerification(
            signer_certificates=signers, anchors=tuple(c for c in anchors if c.subject == c.issuer),
            intermediates=tuple(c for c in anchors if c.subject != c.issuer), clock=clock))
    raise InputError(f"cannot verify {sniffed.kind} input")


def _anchors(options: TrustOptions, trust: _CombinedTrust) -> list[x509.Certificate]:
    anchors = list(options.extra_anchors) + [_load_certificate(p) for p in options.extra_anchor_files]
    if trust.cache is not None:
        anchors += [c for c in trust.cache.pdf_anchors() if c not in anchors]  # type: ignore[attr-defined]
    return anchors


def _verify_qr_text(text: str, *, clock: Clock, options: TrustOptions) -> Report:
    """One QR of an image: text that is none of ours is reported, not an error for the image."""
    try:
        return verify_text(classify_text(text), clock=clock, options=options)
    except InputError as exc:
        report = Report("qr", verified_at=clock.now())
        report.add("decode", "fail", exc.message, "unknown-qr")
        return report


def verify_bytes(data: bytes, *, clock: Clock, options: TrustOptions) -> list[Report]:
    sniffed = sniff(data)
    if sniffed.kind == "image":
        texts = qr_texts_from_image(sniffed.data)
        if not texts:
            raise InputError("no QR code found in the image")
        if len(texts) == 1:
            return [verify_text(classify_text(texts[0]), clock=clock, options=options)]
        reports = [_verify_qr_text(text, clock=clock, options=options) for text in texts]
        # several QR codes in one picture: one report (one JSON document), the worst verdict
        return [CombinedReport("several", verified_at=clock.now(), parts=reports)]
    if sniffed.kind == "pdf":
        from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf

        trust = _trust(options, clock)
        anchors = _anchors(options, trust)
        cache = trust.cache
        report = verify_pdf(sniffed.data, PdfVerification(
            anchors=tuple(anchors), clock=clock, online=options.online,
            revoked_document=cache.revoked_document if cache is not None else None,  # type: ignore[attr-defined]
            document_revocation_lists=tuple(cache.document_revocation_lists) if cache is not None else ()))  # type: ignore[attr-defined]
        if trust.expired:
            report.warnings.append("the trust list is past its expiry date: every result is provisional")
        return [report]
    return [verify_text(sniffed, clock=clock, options=options)]
