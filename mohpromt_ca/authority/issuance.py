"""Issue one certificate, Boulder-style: store the serial, lint, sign, store, audit.

1. The serial is reserved in the register first (a UNIQUE constraint, not code,
   makes a duplicate impossible, across processes too).
2. The CA core (``ca.signing``) builds the certificate, lints a copy signed with a
   throwaway key, and only then has the issuer's handle sign the same TBSCertificate.
   An error-level finding marks the reservation failed, is audited, and refuses
   issuance naming the finding; the issuer's key is never called for it.
3. The DER is stored and an audit entry appended in the same transaction.

All SQL goes through ``storage.repositories``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.ocsp_presigning import presign_in_session
from mohpromt_ca.ca.certificate_builder import IssuerInfo
from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec
from mohpromt_ca.ca.linting import waivers_for_base_url
from mohpromt_ca.ca.profiles import CertificateProfile
from mohpromt_ca.ca.serials import new_serial, serial_hex
from mohpromt_ca.ca.signing import SigningRefused, ToBeSigned, sign_certificate_linted
from mohpromt_ca.errors import LintError, NotFound, PolicyError, StorageError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Certificate
from mohpromt_ca.storage.repositories import certificates

_BACKDATE = dt.timedelta(minutes=5)  # tolerate clock skew at relying parties


def _reserve(authority: Authority, *, issuer: str, profile: str, subject: x509.Name,
             not_before: dt.datetime, not_after: dt.datetime, signer_id: int | None) -> int:
    for _attempt in range(5):
        serial = new_serial()
        try:
            with authority.register.transaction() as session:
                certificates.reserve(session, serial=serial_hex(serial), issuer=issuer, profile=profile,
                                     subject=subject.rfc4514_string(), not_before=not_before, not_after=not_after,
                                     signer_id=signer_id, created_at=authority.clock.now())
            return serial
        except certificates.SerialTaken:
            continue  # a 127-bit collision: draw again
    raise StorageError("could not reserve a unique serial number")


def issue_certificate(
    authority: Authority,
    *,
    issuer: IssuingKey | None,
    profile: CertificateProfile,
    subject: x509.Name,
    public_key: PublicKeyTypes,
    self_signing_handle: KeyHandle | None = None,
    signer_id: int | None = None,
    validity: dt.timedelta | None = None,
    audit_details: dict[str, object] | None = None,
) -> x509.Certificate:
    """Issue under ``issuer`` (or self-signed with ``self_signing_handle`` when ``issuer`` is None)."""
    try:
        spec = KeySpec.of_public_key(public_key)
    except ValueError as unsupported:
        raise PolicyError(f"a {profile.name} certificate cannot carry this key: {unsupported}") from None
    if spec not in profile.key_specs:
        allowed = ", ".join(sorted(s.value for s in profile.key_specs))
        raise PolicyError(f"a {profile.name} certificate needs a {allowed} key, not {spec.value}")
    now = authority.clock.now().replace(microsecond=0)
    not_before = now - _BACKDATE
    not_after = now + (validity or profile.validity)
    issuer_info: IssuerInfo | None = issuer.issuer_info() if issuer else None
    if issuer_info is not None and not_after > issuer_info.not_after:
        not_after = issuer_info.not_after  # never outlive the issuer
    issuer_name = issuer.name if issuer else profile.name
    signing_handle = issuer.handle if issuer else self_signing_handle
    if signing_handle is None:
        raise ValueError("a self-signed certificate needs its own handle")

    serial = _reserve(authority, issuer=issuer_name, profile=profile.name, subject=subject,
                      not_before=not_before, not_after=not_after, signer_id=signer_id)
    hex_serial = serial_hex(serial)
    request = ToBeSigned(profile=profile, subject=subject, public_key=public_key, serial=serial,
                         not_before=not_before, not_after=not_after, issuer=issuer_info, urls=authority.urls,
                         policy_oid=authority.settings.certificate_policy_oid)
    try:
        signed = sign_certificate_linted(request, signing_handle,
                                         waive=waivers_for_base_url(authority.settings.base_url))
    except (LintError, SigningRefused) as refused:
        with authority.register.transaction() as session:
            certificates.mark_failed(session, hex_serial)
            audit.append(session, actor=authority.actor, action="certificate.refused", target=f"serial:{hex_serial}",
                         details={"profile": profile.name, "reason": refused.message}, clock=authority.clock)
        raise
    der = signed.der
    with authority.register.transaction() as session:
        certificates.mark_issued(session, hex_serial, der=der, sha256=hashlib.sha256(der).hexdigest())
        presign_in_session(session, authority, issuer_name, hex_serial)  # its OCSP answer, ready before it is used
        audit.append(
            session,
            actor=authority.actor,
            action="certificate.issue",
            target=f"serial:{hex_serial}",
            details={"issuer": issuer_name, "profile": profile.name, "subject": subject.rfc4514_string(),
                     "not_after": not_after.isoformat(), **(audit_details or {})},
            clock=authority.clock,
        )
    return x509.load_der_x509_certificate(der)


def certificate_by_serial(authority: Authority, serial: int) -> tuple[Certificate, x509.Certificate]:
    with authority.register.transaction() as session:
        row = certificates.by_serial(session, serial_hex(serial))
        if row is None or row.der is None:
            raise NotFound(f"no certificate with serial {serial_hex(serial)}")
        certificates.detach(session, row)
    return row, x509.load_der_x509_certificate(row.der)
