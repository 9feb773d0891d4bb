"""Build and sign a full CRL from a list of entries (the CA core; no register).

:func:`build_crl` writes the TBSCertList (issuer, thisUpdate/nextUpdate, CRL number, AKI
and the revoked entries), signs a copy with a throwaway key of the same signature
algorithm, lints that copy with pkilint's RFC 5280 CRL linter, and only when no
error-level finding is reported signs the same TBSCertList with the CA's handle.

pkilint decodes with pyasn1 at about 3 ms per entry (10,000 entries: half a minute), and a
CA's CRL is rebuilt after every revocation. pkilint's CRL validators judge each entry on
its own (none compares entries), so an entry's DER, once linted clean, is remembered by a
:class:`LintedEntries` the caller keeps (the authority keeps one per process): a rebuild
lints the whole envelope (issuer, times, CRL number, AKI, algorithm) with the entries not
linted before, then signs the full list. The first CRL a process builds is linted entry by
entry in full, in the very bytes that are signed. Which entries a CA's CRL holds, its
number, and caching/publication are ``mohpromt_ca.authority.crl``'s business.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509

from mohpromt_ca.ca import der
from mohpromt_ca.ca.der_signing import crl_draft, splice_signature
from mohpromt_ca.ca.keys.base import KeyHandle, SignatureScheme
from mohpromt_ca.ca.linting import require_clean_crl
from mohpromt_ca.errors import LintError

log = logging.getLogger("mohpromt_ca.ca.crl")

# RFC 5280 5.3.1 CRLReason codes (7 is unused; unspecified is left out of the entry).
REASON_CODES = {"unspecified": 0, "keyCompromise": 1, "cACompromise": 2, "affiliationChanged": 3, "superseded": 4,
                "cessationOfOperation": 5, "certificateHold": 6, "removeFromCRL": 8, "privilegeWithdrawn": 9,
                "aACompromise": 10}
_CRL_REASON_OID = bytes.fromhex("0603551d15")


class LintedEntries:
    """The DER of CRL entries pkilint already passed, held by whoever builds CRLs repeatedly
    (the authority holds one per process); thread-safe, bounded."""

    def __init__(self, limit: int = 2_000_000) -> None:  # about 100 MB; beyond it, lint everything again
        self._seen: set[bytes] = set()
        self._limit = limit
        self._lock = threading.Lock()

    def fresh(self, encoded: list[bytes]) -> list[bytes]:
        with self._lock:
            return [entry for entry in encoded if entry not in self._seen]

    def remember(self, entries: list[bytes]) -> None:
        with self._lock:
            if len(self._seen) + len(entries) > self._limit:
                self._seen.clear()
            self._seen.update(entries)


@dataclass(frozen=True)
class CrlEntry:
    """One revoked certificate: serial, revocation time, RFC 5280 reason name."""

    serial: int
    revoked_at: dt.datetime
    reason: str


def _time(moment: dt.datetime) -> bytes:
    moment = moment.astimezone(dt.UTC)
    if moment.year < 2050:  # RFC 5280 4.1.2.5: UTCTime through 2049
        return der.tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())
    return der.tlv(0x18, moment.strftime("%Y%m%d%H%M%SZ").encode())


def encode_entry(entry: CrlEntry) -> bytes:
    code = REASON_CODES[entry.reason]
    extensions = b""
    if code:
        extensions = der.sequence(der.sequence(_CRL_REASON_OID, der.tlv(0x04, der.tlv(0x0A, bytes([code])))))
    return der.sequence(der.integer(entry.serial), _time(entry.revoked_at), extensions)


def build_crl(
    *,
    issuer_certificate: x509.Certificate,
    handle: KeyHandle,
    entries: Iterable[CrlEntry],
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
    what: str = "",
    linted: LintedEntries | None = None,
) -> bytes:
    """A full CRL signed by ``handle``, linted before the handle is called (``LintError`` if refused).

    ``linted``: entries already linted clean by an earlier build (only the envelope and new
    entries are linted again); None lints every entry."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer_certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_certificate.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    encoded = [encode_entry(entry) for entry in entries]
    scheme = SignatureScheme.default_for(handle.spec)
    draft, tbs = crl_draft(builder, scheme, revoked_entries=b"".join(encoded))
    fresh = linted.fresh(encoded) if linted is not None else encoded
    label = what or issuer_certificate.subject.rfc4514_string()
    to_lint = draft if len(fresh) == len(encoded) else crl_draft(builder, scheme, revoked_entries=b"".join(fresh))[0]
    try:
        require_clean_crl(to_lint, what=label)
    except LintError as refused:
        log.warning("pkilint refused CRL number %d of %s before signing: %s", number, label, refused.message)
        raise
    if linted is not None:
        linted.remember(fresh)
    try:
        signature = handle.sign(tbs, scheme)
    except Exception as exc:
        log.error("signing CRL number %d of %s with %r failed: %s", number, label, handle, type(exc).__name__)
        raise
    return splice_signature(draft, tbs, signature)


__all__ = ["REASON_CODES", "CrlEntry", "LintedEntries", "build_crl", "encode_entry"]
