"""A signer's key handle, certificate and chain, checked against the register before use.

Issuing a document asks here, once per document, whether the signer may sign *now*:
the signer exists, holds a key the CA keeps (not a CSR-enrolled signer who keeps their
own), their facility is approved, and their newest certificate is issued (not revoked
or on hold) and inside its validity. The check is one query; the key handle is loaded
once per process (``KeyStore`` caches it) and parsed certificates are cached by serial,
so nothing is parsed per document.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca.keys import KeyRef, KeySpec
from mohpromt_ca.ca.keys.base import KeyHandle
from mohpromt_ca.ca.names import display_licence
from mohpromt_ca.errors import NotFound, StateError
from mohpromt_ca.storage.repositories import certificates, signers

SIGNER_PROFILE = "signer"


class SignerUnavailable(StateError):
    """The signer may not sign now (revoked, on hold, expired, suspended, no key here)."""

    code = "signer-unavailable"


@dataclass(frozen=True)
class SignerMaterial:
    """What signing needs about one signer. ``handle`` signs; nothing here holds key bytes."""

    signer_id: int
    profession: str
    licence_digits: str
    name_th: str
    name_en: str
    facility_id: int
    facility_licence: str
    facility_name_th: str
    facility_name_en: str
    serial: str
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # issuing CA first, then the root
    handle: KeyHandle
    facility_address: str | None = None
    facility_address_en: str | None = None
    facility_phone: str | None = None

    @property
    def licence_display(self) -> str:
        return display_licence(self.profession, self.licence_digits)


_CERT_CACHE: dict[str, x509.Certificate] = {}
_CACHE_LOCK = threading.Lock()


def _certificate(serial: str, der: bytes) -> x509.Certificate:
    with _CACHE_LOCK:
        cert = _CERT_CACHE.get(serial)
        if cert is None:
            cert = _CERT_CACHE[serial] = x509.load_der_x509_certificate(der)
        return cert


def load_signer(authority: Authority, signer_id: int, *, at: dt.datetime | None = None) -> SignerMaterial:
    """The signer's material, or :class:`SignerUnavailable` saying clearly why not."""
    now = at or authority.clock.now()
    with authority.register.reading() as session:
        row = signers.with_facility(session, signer_id)
        if row is None:
            raise NotFound(f"no signer with id {signer_id}")
        signer, facility = row
        newest = certificates.newest_of_signer(session, signer_id, SIGNER_PROFILE)
        if newest is None:
            raise SignerUnavailable(f"signer {signer_id} has no certificate")
        cert_row, revocation = newest
        values: dict[str, Any] = dict(
            signer_id=signer.id, profession=signer.profession, licence_digits=signer.licence,
            name_th=signer.name_th, name_en=signer.name_en, facility_id=facility.id,
            facility_licence=facility.licence, facility_name_th=facility.name_th,
            facility_name_en=facility.name_en, serial=cert_row.serial, facility_address=facility.address,
            facility_address_en=facility.address_en, facility_phone=facility.phone,
        )
        status, issuer, der = cert_row.status, cert_row.issuer, cert_row.der
        not_before, not_after = cert_row.not_before, cert_row.not_after
        facility_status = facility.status
        key_backend, key_ref = signer.key_backend, signer.key_ref
        revoked_at = revocation.revoked_at if revocation is not None else None
        reason = revocation.reason if revocation is not None else None
    who = f"signer {signer_id} ({values['name_en']})"
    if facility_status != "approved":
        raise SignerUnavailable(f"{who} cannot sign: facility {values['facility_id']} is {facility_status}")
    if status == "revoked":
        what = "is on hold" if reason == "certificateHold" else "was revoked"
        when = f" on {revoked_at.isoformat()}" if revoked_at else ""
        raise SignerUnavailable(f"{who} cannot sign: certificate {values['serial']} {what}{when} ({reason})")
    if now < not_before:
        raise SignerUnavailable(f"{who} cannot sign: certificate {values['serial']} is valid only from "
                                f"{not_before.isoformat()}")
    if now >= not_after:
        raise SignerUnavailable(f"{who} cannot sign: certificate {values['serial']} expired on {not_after.isoformat()}")
    if key_backend is None or key_ref is None:
        raise SignerUnavailable(f"{who} keeps their own key (enrolled with a CSR); the CA cannot sign for them")
    assert der is not None
    certificate = _certificate(values["serial"], der)
    handle = authority.keys.load(KeyRef(key_backend, key_ref, KeySpec.of_public_key(certificate.public_key())))
    from mohpromt_ca.authority.generations import issuer_certificate

    # the generation that certified this signer (a rollover leaves earlier signers under the old CA)
    issuing = issuer_certificate(authority, certificate, (issuer,)) or authority.certificate_of(issuer)
    root = issuer_certificate(authority, issuing, ("root",)) or authority.certificate_of("root")
    chain = (issuing,) if issuing == root else (issuing, root)
    return SignerMaterial(certificate=certificate, chain=chain, handle=handle, **values)


__all__ = ["SIGNER_PROFILE", "SignerMaterial", "SignerUnavailable", "load_signer"]
