"""Revoking certificates: recorded with time and reason, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography import x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.ocsp_presigning import presign_in_session
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import InputError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Certificate
from mohpromt_ca.storage.repositories import certificates, revocations

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# RFC 5280 5.3.1 reason names as the CLI takes them; removeFromCRL releases a hold.
REASONS: dict[str, x509.ReasonFlags] = {
    "unspecified": x509.ReasonFlags.unspecified,
    "keyCompromise": x509.ReasonFlags.key_compromise,
    "cACompromise": x509.ReasonFlags.ca_compromise,
    "affiliationChanged": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessationOfOperation": x509.ReasonFlags.cessation_of_operation,
    "certificateHold": x509.ReasonFlags.certificate_hold,
    "privilegeWithdrawn": x509.ReasonFlags.privilege_withdrawn,
    "aACompromise": x509.ReasonFlags.aa_compromise,
    "removeFromCRL": x509.ReasonFlags.remove_from_crl,
}


def revoke_in_session(session: Session, authority: Authority, row: Certificate, reason: str, *, cause: str) -> None:
    """Revoke ``row`` inside the caller's transaction (used by suspension, which revokes many)."""
    if reason not in REASONS:
        raise InputError(f"unknown revocation reason {reason!r}; use one of {', '.join(REASONS)}")
    if row.status != "issued" and not (row.status == "revoked" and reason == "removeFromCRL"):
        if row.status == "revoked":
            raise StateError(f"certificate {row.serial} is already revoked")
        raise StateError(f"certificate {row.serial} is {row.status}, not issued")
    existing = revocations.of_certificate(session, row)
    if reason == "removeFromCRL":
        if existing is None or existing.reason != "certificateHold":
            raise StateError(f"certificate {row.serial} is not on hold; only a hold can be removed")
        revocations.release(session, row, existing)
        presign_in_session(session, authority, row.issuer, row.serial)
        audit.append(session, actor=authority.actor, action="certificate.release", target=f"serial:{row.serial}",
                     details={"cause": cause}, clock=authority.clock)
        return
    if existing is not None:
        raise StateError(f"certificate {row.serial} is already revoked")
    now = authority.clock.now().replace(microsecond=0)
    revocations.record(session, row, revoked_at=now, reason=reason, actor=authority.actor)
    presign_in_session(session, authority, row.issuer, row.serial)  # every responder answers "revoked" on commit
    audit.append(session, actor=authority.actor, action="certificate.revoke", target=f"serial:{row.serial}",
                 details={"reason": reason, "cause": cause, "revoked_at": now.isoformat()}, clock=authority.clock)


def revoke(authority: Authority, serial: int, reason: str, *, cause: str = "operator") -> Certificate:
    if reason not in REASONS:
        raise InputError(f"unknown revocation reason {reason!r}; use one of {', '.join(REASONS)}")
    with authority.register.transaction() as session:
        row = certificates.by_serial(session, serial_hex(serial))
        if row is None:
            raise NotFound(f"no certificate with serial {serial_hex(serial)}")
        revoke_in_session(session, authority, row, reason, cause=cause)
        revocations.flush(session)
        certificates.detach(session, row)
    return row
