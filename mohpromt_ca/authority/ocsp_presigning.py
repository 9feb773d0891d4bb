"""OCSP responses signed ahead of the request (RFC 5019): on issue, on revoke, and again once
half their validity has passed. The responder (``authority.ocsp_responder``) only looks them up.

Each certificate of a served CA gets one response, for its SHA-1 CertID (the RFC 5019 profile
relying parties use), signed by that CA's delegated responder key and stored in the register
with the issuance or revocation that changed it, in the same transaction: the moment the
revocation commits, every responder node answers ``revoked``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asn1crypto import ocsp

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca.ocsp import UNKNOWN, CertStatus, IssuerHashes, OcspRequest, OcspSigner
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import NotFound
from mohpromt_ca.storage.repositories import certificates, ocsp_responses

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger("mohpromt_ca.authority.ocsp")

__all__ = ["OcspPresigner", "RefreshOutcome", "presigner", "refresh_responses"]


def status_from_row(row: tuple[str, dt.datetime | None, str | None] | None) -> CertStatus:
    if row is None or row[0] not in ("issued", "revoked"):
        return UNKNOWN
    if row[1] is not None:
        return CertStatus("revoked", row[1], row[2])
    return CertStatus("good")


class OcspPresigner:
    """Signs and stores the response of one certificate; one per authority (``presigner``)."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._hashes: dict[str, IssuerHashes] = {}
        self._signers: dict[str, OcspSigner] = {}
        self._lock = threading.Lock()

    def _ready(self, ca: str) -> tuple[IssuerHashes, OcspSigner] | None:
        """The CA's hashes and responder signer, or None while its responder key does not exist yet (init)."""
        with self._lock:
            if ca in self._signers:
                return self._hashes[ca], self._signers[ca]
        try:
            hashes = IssuerHashes.of(ca, self.authority.certificate_of(ca))
            key = self.authority.issuing_key(f"ocsp-{ca}")
        except NotFound:
            return None
        with self._lock:
            self._hashes[ca], self._signers[ca] = hashes, OcspSigner(key.handle, key.certificate)
        return hashes, self._signers[ca]

    def validity(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.authority.settings.ocsp_validity_minutes)

    def store(self, session: Session, ca: str, serial: str) -> bool:
        """Sign the current status of ``serial`` under ``ca`` and store it, in ``session`` (the caller's
        transaction: it sees the caller's own uncommitted change). False when ``ca`` has no responder yet."""
        if ca not in CA_NAMES:
            return False
        ready = self._ready(ca)
        if ready is None:
            return False
        hashes, signer = ready
        status = status_from_row(certificates.statuses(session, ca, {serial}).get(serial))
        if status.status == "unknown":
            return False
        cert_id = ocsp.CertId({
            "hash_algorithm": {"algorithm": "sha1"},
            "issuer_name_hash": hashes.name_hashes["sha1"],
            "issuer_key_hash": hashes.key_hashes["sha1"],
            "serial_number": int(serial, 16),
        })
        now = self.authority.clock.now().replace(microsecond=0)
        next_update = now + self.validity()
        answer = signer.sign(OcspRequest([cert_id], None), [status], now=now, next_update=next_update)
        ocsp_responses.save(session, issuer_key_sha1=hashes.key_hashes["sha1"].hex(), serial=serial, issuer=ca,
                            status=status.status, this_update=now, next_update=next_update, der=answer.der)
        return True


_PRESIGNERS: dict[int, OcspPresigner] = {}
_PRESIGNERS_LOCK = threading.Lock()


def presigner(authority: Authority) -> OcspPresigner:
    """This authority's presigner (its responder keys loaded once)."""
    with _PRESIGNERS_LOCK:
        found = _PRESIGNERS.get(id(authority))
        if found is None or found.authority is not authority:
            found = _PRESIGNERS[id(authority)] = OcspPresigner(authority)
        return found


def presign_in_session(session: Session, authority: Authority, ca: str, serial: str) -> None:
    """Store the fresh response of ``serial`` with the change the caller is committing. A failure
    is logged, never raised: the refresher signs whatever is missing, and issuance must not fail
    for an OCSP response."""
    try:
        presigner(authority).store(session, ca, serial)
    except Exception as exc:  # noqa: BLE001 - logged with its type; no key material
        log.error("OCSP: pre-signing the response of %s/%s failed (%s); the refresher will retry",
                  ca, serial, type(exc).__name__)


@dataclass(frozen=True)
class RefreshOutcome:
    refreshed: int
    created: int

    def as_dict(self) -> dict[str, int]:
        return {"refreshed": self.refreshed, "created": self.created}


def refresh_responses(authority: Authority, *, batch: int = 500, max_batches: int = 20) -> RefreshOutcome:
    """Re-sign responses past half their validity (RFC 5019) and sign those missing (certificates
    issued before a responder key existed, or before pre-signing)."""
    signer = presigner(authority)
    refreshed = created = 0
    for _ in range(max_batches):
        cutoff = authority.clock.now() - signer.validity() / 2
        with authority.register.transaction() as session:
            due = ocsp_responses.stale(session, signed_before=cutoff, limit=batch)
            for ca, serial in due:
                refreshed += signer.store(session, ca, serial)
        if len(due) < batch:
            break
    for _ in range(max_batches):
        with authority.register.transaction() as session:
            due = ocsp_responses.missing(session, CA_NAMES, limit=batch)
            stored = sum(signer.store(session, ca, serial) for ca, serial in due)
            created += stored
        if len(due) < batch or not stored:
            break
    return RefreshOutcome(refreshed, created)
