"""Registration use cases the edges share: register and decide facilities, enrol and suspend
signers, and the listings the RA queue, a facility's page and the CLI show.

Policy (what may be registered, approved, enrolled) is the registration desk's
(``registration.desk``); this module adds the events and the principal checks and turns
register rows into plain values, so no edge touches the register itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mohpromt_ca.application.authorization import Principal, may_manage_facility
from mohpromt_ca.application.events import Events
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import NotFound
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import accounts as account_rows
from mohpromt_ca.storage.repositories import directory

__all__ = ["SignerRecord", "decide_facility", "enrol_signer", "enrol_signer_with_account", "facility_page",
           "list_facilities", "list_signers", "ra_queue", "register_facility", "remove_facility", "remove_signer",
           "set_facility_contact", "show_signer", "signer_facility", "signer_record", "suspend_signer"]


def facility_row(f: Any) -> dict[str, Any]:
    """A facility as the web pages show it."""
    return {"id": f.id, "type": f.type, "licence": f.licence, "name_th": f.name_th, "name_en": f.name_en,
            "contact": f.contact, "status": f.status, "created_at": f.created_at.date().isoformat(),
            "reason": f.reason, "address": f.address, "address_en": f.address_en, "phone": f.phone}


def facility_dict(facility: Any) -> dict[str, Any]:
    """A facility as the CLI prints it."""
    return {
        "id": facility.id, "type": facility.type, "licence": facility.licence, "name_th": facility.name_th,
        "name_en": facility.name_en, "contact": facility.contact, "address": facility.address,
        "address_en": facility.address_en, "phone": facility.phone, "status": facility.status,
        "created_at": facility.created_at.isoformat(),
        "decided_at": facility.decided_at.isoformat() if facility.decided_at else None,
        "decided_by": facility.decided_by,
    }


def signer_dict(signer: Any, certificates: list[Any]) -> dict[str, Any]:
    """A signer and its certificates as the CLI prints them."""
    from mohpromt_ca.ca.names import display_licence

    current = next((c for c in sorted(certificates, key=lambda c: c.created_at, reverse=True) if c.der), None)
    return {
        "id": signer.id,
        "facility_id": signer.facility_id,
        "profession": signer.profession,
        "licence": display_licence(signer.profession, signer.licence),
        "name_th": signer.name_th,
        "name_en": signer.name_en,
        "key": f"{signer.key_backend}:{signer.key_ref}" if signer.key_backend else "external (CSR)",
        "serial": current.serial if current else None,
        "status": current.status if current else "no certificate",
        "not_after": current.not_after.isoformat() if current else None,
        "certificates": [
            {"serial": c.serial, "status": c.status, "not_before": c.not_before.isoformat(),
             "not_after": c.not_after.isoformat()}
            for c in certificates if c.der
        ],
    }


# -- facilities ------------------------------------------------------------------------------------
def register_facility(authority: Authority, **fields: Any) -> Any:
    from mohpromt_ca.registration.desk import register_facility as register

    return register(authority, **fields)


def decide_facility(authority: Authority, facility_id: int, decision: str, *, reason: str | None = None) -> Any:
    from mohpromt_ca.registration.desk import decide_facility as decide

    return decide(authority, facility_id, decision, reason=reason)


def set_facility_contact(authority: Authority, facility_id: int, *, address: str | None = None,
                         address_en: str | None = None, phone: str | None = None,
                         principal: Principal | None = None) -> Any:
    """Set the facility's address and phone (printed on its documents). A value left as None
    keeps the register's; ``""`` clears it. With ``principal``: only its facility administrator
    (or an RA officer) may."""
    from mohpromt_ca.registration.desk import set_facility_contact as set_contact

    if principal is not None:
        may_manage_facility(principal, facility_id)
    with authority.register.reading() as session:
        current = directory.facility(session, facility_id)
        if current is None:
            raise NotFound(f"no facility with id {facility_id}")
        kept = {"address": current.address, "address_en": current.address_en, "phone": current.phone}
    given = {"address": address, "address_en": address_en, "phone": phone}
    merged = {k: (v if v is not None else kept[k]) for k, v in given.items()}
    return set_contact(authority, facility_id, **merged)


def remove_facility(authority: Authority, facility_id: int, *, reason: str | None = None) -> None:
    """An RA officer removes a facility stub (no signers, accounts or documents); audited."""
    from mohpromt_ca.registration.desk import remove_facility_stub

    remove_facility_stub(authority, facility_id, reason=reason)


def remove_signer(authority: Authority, signer_id: int, *, reason: str | None = None) -> None:
    """An RA officer removes a signer stub (never got a certificate); audited."""
    from mohpromt_ca.registration.desk import remove_signer_stub

    remove_signer_stub(authority, signer_id, reason=reason)


def list_facilities(authority: Authority, *, status: str | None = None) -> list[dict[str, Any]]:
    with authority.register.reading() as session:
        return [facility_dict(f) for f in directory.facilities(session, status=status)]


def ra_queue(authority: Authority) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(pending facilities, the 20 latest decisions)."""
    with authority.register.reading() as session:
        pending = [facility_row(f) for f in directory.facilities(session, status="pending")]
        decided = [facility_row(f) for f in directory.facilities(session, not_status="pending", newest_decided=20)]
    return pending, decided


# -- signers ---------------------------------------------------------------------------------------
def enrol_signer(authority: Authority, *, events: Events | None = None, **fields: Any) -> Any:
    """Enrol a signer (``registration.desk``) and publish ``signer.enrolled``."""
    from mohpromt_ca.registration.desk import enrol_signer as enrol

    enrolment = enrol(authority, **fields)
    (events or Events()).signer_enrolled(enrolment, actor=authority.actor)
    return enrolment


def enrol_signer_with_account(authority: Authority, principal: Principal, *, username: str, password: str,
                              events: Events | None = None, **fields: Any) -> Any:
    """A facility administrator enrols a signer at its own facility and opens the signer's login
    account; ``signer.enrolled`` is published once both exist. ``authority`` names the acting user."""
    from mohpromt_ca.application.accounts import check_password_policy, create_user, normalised_username, username_taken
    from mohpromt_ca.registration.desk import enrol_signer as enrol

    assert principal.facility_id is not None
    may_manage_facility(principal, principal.facility_id)
    # what the account would refuse is refused before the signer is enrolled: a refused
    # enrolment leaves nothing behind
    check_password_policy(password)
    name = normalised_username(username)
    if username_taken(authority, name):
        from mohpromt_ca.errors import AlreadyExists

        raise AlreadyExists(f"a user named {name!r} exists already")
    enrolment = enrol(authority, facility_id=principal.facility_id, **fields)
    create_user(authority, username=username, password=password, role="signer", signer_id=enrolment.signer.id)
    (events or Events()).signer_enrolled(enrolment, actor=principal.label)
    return enrolment


def list_signers(authority: Authority, *, facility_id: int | None = None) -> list[dict[str, Any]]:
    with authority.register.reading() as session:
        return [signer_dict(s, list(s.certificates))
                for s in directory.signers(session, facility_id=facility_id, with_certificates=True)]


def show_signer(authority: Authority, signer_id: int) -> dict[str, Any]:
    with authority.register.reading() as session:
        signer = directory.signer(session, signer_id)
        if signer is None:
            raise NotFound(f"no signer with id {signer_id}")
        return signer_dict(signer, list(signer.certificates))


def signer_facility(authority: Authority, signer_id: int) -> int | None:
    with authority.register.reading() as session:
        return account_rows.signer_facility(session, signer_id)


@dataclass(frozen=True)
class SignerRecord:
    """The logged-in signer as the register knows it, with its facility (what locks the issue
    form's identity fields)."""

    signer_id: int
    profession: str
    licence_digits: str
    name_th: str
    name_en: str
    facility_licence: str
    facility_name_th: str
    facility_name_en: str
    facility_address: str | None = None
    facility_address_en: str | None = None
    facility_phone: str | None = None


def signer_record(authority: Authority, principal: Principal) -> SignerRecord | None:
    """The principal's own signer and facility, or None when it has none."""
    with authority.register.reading() as session:
        signer = directory.signer(session, principal.signer_id) if principal.signer_id is not None else None
        if signer is None or signer.facility_id != principal.facility_id:
            return None
        facility = directory.facility(session, signer.facility_id)
        assert facility is not None
        return SignerRecord(signer.id, signer.profession, signer.licence, signer.name_th, signer.name_en,
                            facility.licence, facility.name_th, facility.name_en, facility.address,
                            facility.address_en, facility.phone)


def facility_page(authority: Authority, principal: Principal,
                  facility_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the facility, its signers with their accounts and current certificate), for its administrator."""
    from mohpromt_ca.ca.names import display_licence

    may_manage_facility(principal, facility_id)
    with authority.register.reading() as session:
        facility = facility_row(directory.facility(session, facility_id))
        signers = []
        for s in directory.signers(session, facility_id=facility_id):
            cert = directory.latest_certificate(session, s.id)
            signers.append({"id": s.id, "profession": s.profession,
                            "licence": display_licence(s.profession, s.licence),
                            "name_th": s.name_th, "name_en": s.name_en,
                            "accounts": account_rows.users_of_signer(session, s.id),
                            "status": cert.status if cert else "none",
                            "not_after": cert.not_after.date().isoformat() if cert else ""})
    return facility, signers


def suspend_signer(authority: Authority, principal: Principal, signer_id: int, *,
                   events: Events | None = None) -> None:
    """Hold the signer's certificates (certificateHold: reversible) and disable its login accounts,
    in one transaction; ``authority`` names the acting user. Publishes ``signer.revoked``."""
    from mohpromt_ca.authority.revocation import revoke_in_session

    with authority.register.transaction() as session:
        signer = directory.signer(session, signer_id)
        may_manage_facility(principal, signer.facility_id if signer is not None else -1)
        for row in directory.issued_certificates_of(session, signer_id):
            revoke_in_session(session, authority, row, "certificateHold", cause=f"signer {signer_id} suspended")
        account_rows.disable_signer_accounts(session, signer_id, authority.clock.now())
        audit.append(session, actor=principal.label, action="signer.suspend", target=f"signer:{signer_id}",
                     details={"facility": principal.facility_id}, clock=authority.clock)
    (events or Events()).signer_revoked(signer_id, "certificateHold", actor=principal.label)
