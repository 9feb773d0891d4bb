"""The registration desk (RA): facilities register, officers decide, signers enrol.

Policy lives here; issuing lives in ``issuance``; storage in the register.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography import x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.authority.revocation import revoke_in_session
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.names import display_licence, normalise_licence, signer_name
from mohpromt_ca.ca.profiles import SIGNER
from mohpromt_ca.errors import AlreadyExists, InputError, NotFound, PolicyError, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Facility, Signer
from mohpromt_ca.storage.repositories import certificates, facilities, signers
from mohpromt_ca.templates.text_safety import dangerous_character
from mohpromt_ca.vocabulary import FACILITY_TYPES, PROFESSIONS

MAX_CSR_BYTES = 16 * 1024
SIGNER_KEY_SPEC = KeySpec.EC_P256


def _text(value: str, field: str, *, limit: int = 255) -> str:
    value = (value or "").strip()
    if not value:
        raise InputError(f"{field} is required")
    if len(value) > limit:
        raise InputError(f"{field} is longer than {limit} characters")
    if any(ord(c) < 0x20 for c in value):
        raise InputError(f"{field} contains control characters")
    for ch in value:
        why = dangerous_character(ch)
        if why is not None:
            raise InputError(f"{field}: {why}", code="unsafe-text")
    return value


def _optional_text(value: str | None, field: str, *, limit: int) -> str | None:
    return _text(value, field, limit=limit) if value is not None and value.strip() else None


def _latin_name(value: str, field: str) -> str:
    """The English name goes into the certificate's subject: Latin script, never Thai (a
    swapped pair of names is refused here, before anything is written)."""
    if any("\u0e00" <= ch <= "\u0e7f" for ch in value):
        raise InputError(f"{field}: ชื่อภาษาอังกฤษต้องเป็นอักษรละติน ไม่ใช่อักษรไทย (สลับชื่อไทยกับอังกฤษหรือไม่) / "
                         "the English name must be in Latin letters, not Thai script (are the Thai and English "
                         "names swapped?)", code="name-script")
    return value


def _thai_name(value: str, field: str) -> str:
    if not any("\u0e00" <= ch <= "\u0e7f" for ch in value):
        raise InputError(f"{field}: ชื่อภาษาไทยต้องมีอักษรไทย (สลับชื่อไทยกับอังกฤษหรือไม่) / the Thai name must be "
                         "in Thai script (are the Thai and English names swapped?)", code="name-script")
    return value


def register_facility(
    authority: Authority, *, type: str, licence: str, name_th: str, name_en: str, contact: str | None = None,
    address: str | None = None, address_en: str | None = None, phone: str | None = None,
) -> Facility:
    if type not in FACILITY_TYPES:
        raise InputError(f"unknown facility type {type!r}; use one of {', '.join(FACILITY_TYPES)}")
    contact_fields = _contact(address, address_en, phone)
    try:
        with authority.register.transaction() as session:
            facility = facilities.add(session, type=type, licence=_text(licence, "licence", limit=64),
                                      name_th=_text(name_th, "name-th"), name_en=_text(name_en, "name-en"),
                                      contact=contact.strip() if contact else None, created_at=authority.clock.now())
            if any(contact_fields.values()):
                facilities.set_contact(session, facility, **contact_fields)
            audit.append(session, actor=authority.actor, action="facility.register", target=f"facility:{facility.id}",
                         details={"type": type, "licence": facility.licence, "name_en": facility.name_en},
                         clock=authority.clock)
    except AlreadyExists:
        raise AlreadyExists(f"a facility with licence {licence!r} is already registered") from None
    return facility


def _contact(address: str | None, address_en: str | None, phone: str | None) -> dict[str, str | None]:
    return {"address": _optional_text(address, "address", limit=300),
            "address_en": _optional_text(address_en, "address-en", limit=300),
            "phone": _optional_text(phone, "phone", limit=40)}


def set_facility_contact(authority: Authority, facility_id: int, *, address: str | None, address_en: str | None,
                         phone: str | None) -> Facility:
    """The facility's address (Thai, English) and phone, printed on every document it issues
    (the facility administrator keeps them up to date; an empty value clears it)."""
    fields = _contact(address, address_en, phone)
    with authority.register.transaction() as session:
        facility = facilities.get(session, facility_id, for_update=True)
        if facility is None:
            raise NotFound(f"no facility with id {facility_id}")
        facilities.set_contact(session, facility, **fields)
        audit.append(session, actor=authority.actor, action="facility.contact", target=f"facility:{facility_id}",
                     details=dict(fields), clock=authority.clock)
        certificates.detach(session, facility)
    return facility


def remove_signer_stub(authority: Authority, signer_id: int, *, reason: str | None = None) -> None:
    """An RA officer removes a signer that never got a certificate (audited as ``signer.remove``)."""
    with authority.register.transaction() as session:
        removed = signers.remove_stub(session, signer_id)
        if removed is None:
            raise NotFound(f"no signer with id {signer_id}")
        audit.append(session, actor=authority.actor, action="signer.remove", target=f"signer:{signer_id}",
                     details={"facility": removed.facility_id, "profession": removed.profession,
                              "licence": removed.licence, "reason": reason}, clock=authority.clock)


def remove_facility_stub(authority: Authority, facility_id: int, *, reason: str | None = None) -> None:
    """An RA officer removes a facility with no signers, accounts or documents (``facility.remove``)."""
    with authority.register.transaction() as session:
        removed = facilities.remove_stub(session, facility_id)
        if removed is None:
            raise NotFound(f"no facility with id {facility_id}")
        audit.append(session, actor=authority.actor, action="facility.remove", target=f"facility:{facility_id}",
                     details={"licence": removed.licence, "name_en": removed.name_en, "status": removed.status,
                              "reason": reason}, clock=authority.clock)


_TRANSITIONS = {
    "approve": ({"pending"}, "approved"),
    "reject": ({"pending"}, "rejected"),
    "suspend": ({"approved"}, "suspended"),
}


def decide_facility(authority: Authority, facility_id: int, decision: str, *, reason: str | None = None) -> Facility:
    """approve / reject a pending facility, or suspend an approved one (revoking its signers)."""
    allowed_from, new_status = _TRANSITIONS[decision]
    with authority.register.transaction() as session:
        facility = facilities.get(session, facility_id, for_update=True)
        if facility is None:
            raise NotFound(f"no facility with id {facility_id}")
        if facility.status not in allowed_from:
            raise StateError(f"facility {facility_id} is {facility.status}; cannot {decision} it")
        facilities.decide(session, facility, status=new_status, at=authority.clock.now(), by=authority.actor,
                          reason=reason)
        audit.append(session, actor=authority.actor, action=f"facility.{decision}", target=f"facility:{facility_id}",
                     details={"reason": reason}, clock=authority.clock)
        if decision == "suspend":
            for row in certificates.issued_to_facility(session, facility_id):
                revoke_in_session(session, authority, row, "certificateHold", cause=f"facility {facility_id} suspended")
        certificates.detach(session, facility)
    return facility


@dataclass(frozen=True)
class Enrolment:
    signer: Signer
    certificate: x509.Certificate


def _load_csr(data: bytes) -> x509.CertificateSigningRequest:
    if len(data) > MAX_CSR_BYTES:
        raise InputError(f"the CSR is larger than {MAX_CSR_BYTES} bytes")
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            csr = x509.load_pem_x509_csr(data)
        else:
            csr = x509.load_der_x509_csr(data)
    except ValueError:
        raise InputError("the CSR is not a valid PKCS#10 request (PEM or DER)") from None
    if not csr.is_signature_valid:
        raise PolicyError("the CSR's signature does not verify: proof of possession failed")
    return csr


def enrol_signer(
    authority: Authority,
    *,
    facility_id: int,
    profession: str,
    licence: str,
    name_th: str,
    name_en: str,
    csr: bytes | None = None,
) -> Enrolment:
    if profession not in PROFESSIONS:
        raise InputError(f"unknown profession {profession!r}; use one of {', '.join(PROFESSIONS)}")
    digits = normalise_licence(profession, licence)
    name_th = _thai_name(_text(name_th, "name-th"), "name-th")
    name_en = _latin_name(_text(name_en, "name-en", limit=64), "name-en")
    request = _load_csr(csr) if csr is not None else None

    with authority.register.transaction() as session:
        facility = facilities.get(session, facility_id)
        if facility is None:
            raise NotFound(f"no facility with id {facility_id}")
        if facility.status != "approved":
            hint = {
                "pending": "it is still waiting for an RA officer to approve it",
                "rejected": "its registration was rejected",
                "suspended": "it is suspended",
            }[facility.status]
            raise StateError(f"facility {facility_id} cannot enrol signers: {hint}")
        facility_en = facility.name_en
        try:
            signer = signers.add(session, facility_id=facility_id, profession=profession, licence=digits,
                                 name_th=name_th, name_en=name_en, created_at=authority.clock.now())
        except AlreadyExists:
            raise AlreadyExists(
                f"a {profession} with licence {display_licence(profession, digits)} "
                f"is already enrolled at facility {facility_id}"
            ) from None
        label = f"signer-{signer.id}-{secrets.token_hex(4)}"
        if request is None:
            backend_name = authority.settings.signer_key_backend
            handle = authority.keys.generate(backend_name, label, SIGNER_KEY_SPEC)
            signers.set_key(session, signer, backend=backend_name, ref=label)
            public_key = handle.public_key
            audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{label}",
                         details={"backend": backend_name, "spec": SIGNER_KEY_SPEC.value}, clock=authority.clock)
        else:
            public_key = request.public_key()
        audit.append(session, actor=authority.actor, action="signer.enrol", target=f"signer:{signer.id}",
                     details={"facility": facility_id, "profession": profession, "licence": digits,
                              "key": "csr" if request is not None else signer.key_backend},
                     clock=authority.clock)
        certificates.detach(session, signer)
    try:
        certificate = issue_certificate(
            authority,
            issuer=authority.issuing_key("document-signing"),
            profile=SIGNER,
            subject=signer_name(name_en=name_en, profession=profession, licence_digits=digits,
                                facility_en=facility_en),
            public_key=public_key,
            signer_id=signer.id,
            audit_details={"signer": signer.id},
        )
    except BaseException as refused:
        withdraw_enrolment(authority, signer.id, reason=getattr(refused, "message", type(refused).__name__))
        raise
    return Enrolment(signer, certificate)


def withdraw_enrolment(authority: Authority, signer_id: int, *, reason: str) -> None:
    """Undo an enrolment whose certificate was refused: the signer row goes (its refused
    serial stays in the register, naming no signer), so the corrected retry is not blocked.
    Together with the enrolment's own transaction this makes enrolment all-or-nothing."""
    with authority.register.transaction() as session:
        if signers.remove_stub(session, signer_id) is not None:
            audit.append(session, actor=authority.actor, action="signer.enrol-withdrawn", target=f"signer:{signer_id}",
                         details={"reason": str(reason)[:200]}, clock=authority.clock)


