"""Verify a volunteer-reward voucher (``MPV1:``) offline, as a partner shop does.

Trust material: the voucher-signing certificate(s) (``--signer-cert``, or what the CA's
``GET /api/v1/vouchers/trust`` returns) and the root they chain to (``--anchor`` or the
trust-list cache's PDF anchors). Checks, each a line of the report:

- ``decode``: prefix, base45, zlib, COSE and CBOR, all bounded;
- ``signature``: the COSE signature by a candidate whose kid matches;
- ``key-purpose``: that certificate carries the voucher-signing EKU (a DCC Document Signer,
  or any other key of ours, is refused: ``wrong-key-purpose``);
- ``signer-trust``: it chains to a trusted root, for that EKU, at the verification time;
- ``validity``: issued in the past, not expired.

Whether a voucher was already redeemed is not something a QR can say: the rewards service
answers that (it keeps the redemptions, one per voucher id).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.formats.hcert.cose import kid_of
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError, SignatureError, UnsupportedAlgorithm
from mohpromt_verifier.formats.voucher import EKU_VOUCHER_SIGNING, Voucher, decode_voucher, verify_voucher_signature
from mohpromt_verifier.verifier.report import Report


@dataclass(frozen=True)
class VoucherVerification:
    signer_certificates: tuple[x509.Certificate, ...]
    anchors: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]
    clock: Clock


def key_purposes(certificate: x509.Certificate) -> list[str]:
    try:
        return [o.dotted_string for o in certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value]
    except x509.ExtensionNotFound:
        return []


#: successful path validations, keyed by the certificates involved: (the window in which the
#: whole path is within its validity, the message). A shop checks the same few signers all day;
#: building the path again for each voucher was three quarters of a redemption.
_VALID_PATHS: dict[tuple[bytes, ...], tuple[_dt.datetime, _dt.datetime, str]] = {}
_VALID_PATHS_MAX = 256
_VALID_PATHS_LOCK = threading.Lock()


def _path_key(certificate: x509.Certificate, how: VoucherVerification) -> tuple[bytes, ...]:
    from cryptography.hazmat.primitives import hashes

    fingerprint = hashes.SHA256()
    return (certificate.fingerprint(fingerprint), b"|", *sorted(c.fingerprint(fingerprint) for c in how.anchors),
            b"|", *sorted(c.fingerprint(fingerprint) for c in how.intermediates))


def _chains(certificate: x509.Certificate, how: VoucherVerification) -> tuple[bool, str]:
    """Whether ``certificate`` chains to one of ``how.anchors`` for voucher signing, now. A path
    validated before is reused while the time is inside every certificate's validity on it
    (nothing else here depends on time: revocation is not fetched offline)."""
    now = how.clock.now()
    key = _path_key(certificate, how)
    with _VALID_PATHS_LOCK:
        cached = _VALID_PATHS.get(key)
    if cached is not None and cached[0] <= now <= cached[1]:
        return True, cached[2]
    ok, detail, window = _validate_path(certificate, how)
    if ok and window is not None:
        with _VALID_PATHS_LOCK:
            if len(_VALID_PATHS) >= _VALID_PATHS_MAX:
                _VALID_PATHS.clear()
            _VALID_PATHS[key] = (*window, detail)
    return ok, detail


def _validate_path(certificate: x509.Certificate, how: VoucherVerification
                   ) -> tuple[bool, str, tuple[_dt.datetime, _dt.datetime] | None]:
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    def load(c: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))

    if not how.anchors:
        return False, "no trusted root was given (--anchor, or a trust list with our anchors)", None
    context = ValidationContext(trust_roots=[load(c) for c in how.anchors],
                                other_certs=[load(c) for c in how.intermediates], allow_fetching=False,
                                revocation_mode="soft-fail", moment=how.clock.now())
    try:
        validator = CertificateValidator(load(certificate), validation_context=context)
        path = asyncio.run(validator.async_validate_usage(  # type: ignore[no-untyped-call]
            {"digital_signature"}, extended_key_usage={EKU_VOUCHER_SIGNING}))
    except (PathBuildingError, PathValidationError) as exc:
        return False, str(exc).splitlines()[0][:200], None
    validities = [c["tbs_certificate"]["validity"] for c in path]
    window = (max(v["not_before"].native for v in validities), min(v["not_after"].native for v in validities))
    return True, "chains to a trusted root", window


def signer_trusted(certificate: x509.Certificate, how: VoucherVerification) -> tuple[bool, str]:
    """Whether ``certificate`` may sign vouchers: the voucher-signing EKU and a path to one of
    ``how.anchors`` for it at ``how.clock`` (the checks a voucher's signer passes; the offline
    app's build packs only such certificates)."""
    if EKU_VOUCHER_SIGNING not in key_purposes(certificate):
        return False, "the certificate is not certified for vouchers"
    return _chains(certificate, how)


def verify_voucher_text(text: str, how: VoucherVerification) -> Report:
    report = Report("voucher", verified_at=how.clock.now())
    try:
        decoded = decode_voucher(text)
    except HcertDecodeError as exc:
        report.add("decode", "fail", exc.message, exc.code)
        return report
    report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed")
    voucher: Voucher = decoded.voucher
    report.holder = {"volunteer_ref": voucher.volunteer_ref}
    report.document = {"voucher_id": voucher.voucher_id, "points": voucher.points, "value_baht": voucher.value_baht,
                       "partner": voucher.partner, "program": voucher.program, "debit_id": voucher.debit_id,
                       "issued_at": voucher.issued_at.isoformat(), "expires_at": voucher.expires_at.isoformat()}
    kid = decoded.kid
    candidates: Sequence[x509.Certificate] = [c for c in how.signer_certificates if kid is None or kid_of(c) == kid]
    if not candidates:
        report.add("signature", "indeterminate", "the voucher's signer is not among the trusted voucher signers",
                   "signer-unknown")
    else:
        try:
            match = verify_voucher_signature(decoded, candidates)
        except (SignatureError, UnsupportedAlgorithm) as exc:
            report.add("signature", "fail", exc.message, "signature")
        else:
            report.add("signature", "pass", "the COSE signature verifies")
            signer = match.candidate if isinstance(match.candidate, x509.Certificate) else None
            if signer is not None:
                purposes = key_purposes(signer)
                if EKU_VOUCHER_SIGNING not in purposes:
                    report.add("key-purpose", "fail", "the signing certificate is not certified for vouchers "
                               f"(extended key usages: {', '.join(purposes) or 'none'})", "wrong-key-purpose")
                else:
                    report.add("key-purpose", "pass", "certified for signing vouchers")
                    ok, detail = _chains(signer, how)
                    report.add("signer-trust", "pass" if ok else "fail", detail, None if ok else "untrusted")
    now = how.clock.now()
    if now >= voucher.expires_at:
        report.add("validity", "fail", f"expired at {voucher.expires_at.isoformat()}", "expired")
    elif now < voucher.issued_at:
        report.add("validity", "fail", "issued in the future", "not-yet-valid")
    else:
        report.add("validity", "pass", f"valid until {voucher.expires_at.isoformat()}")
    return report
