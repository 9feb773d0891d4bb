"""Time checks on an HCERT's claims against a clock and, optionally, its DSC.

The rule (HCERT spec and the dgc-testdata EXPECTEDEXPIRATIONCHECK):
``DSC notBefore <= iat <= now <= exp <= DSC notAfter``. Each broken link is reported
by a stable code so a verifier report can say which one failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.formats.hcert.claims import HcertClaims

__all__ = ["TimeCheck", "check_times"]


@dataclass(frozen=True)
class TimeCheck:
    problems: tuple[str, ...]
    """Codes: iat-missing, exp-missing, not-yet-valid, expired, iat-before-dsc,
    exp-after-dsc, dsc-not-yet-valid, dsc-expired."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_times(
    claims: HcertClaims,
    clock: Clock,
    *,
    dsc: x509.Certificate | None = None,
) -> TimeCheck:
    now = clock.now()
    iat = claims.issued_at_dt
    exp = claims.expires_at_dt
    problems: list[str] = []
    if iat is None:
        problems.append("iat-missing")
    elif now < iat:
        problems.append("not-yet-valid")
    if exp is None:
        problems.append("exp-missing")
    elif now > exp:
        problems.append("expired")
    if dsc is not None:
        not_before = dsc.not_valid_before_utc
        not_after = dsc.not_valid_after_utc
        if iat is not None and iat < not_before:
            problems.append("iat-before-dsc")
        if exp is not None and exp > not_after:
            problems.append("exp-after-dsc")
        if now < not_before:
            problems.append("dsc-not-yet-valid")
        if now > not_after:
            problems.append("dsc-expired")
    return TimeCheck(problems=tuple(problems))

