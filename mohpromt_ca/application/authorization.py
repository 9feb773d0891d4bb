"""Who may do what: the one place the service decides.

A principal is a logged-in user, an integrator's API key, or a platform module's credential
(the rewards module's, which asks for vouchers and for nothing else). The rules:

* a signer (user, or a key scoped to a signer) signs only with its own signer's key and
  sees only the documents it issued;
* a facility (its administrator, or a key scoped to the facility) acts only for that
  facility: its signers, its documents. An administrator manages; it does not sign;
* only an RA officer decides on facilities; an RA officer issues nothing;
* nothing is issued for a facility that is not approved;
* vouchers are signed only for the rewards module's credential (:func:`may_ask_for_vouchers`);
  that credential belongs to no facility, so it issues, reads and revokes no document.

Every refusal is :class:`~.errors.Forbidden` (HTTP 403) and names no other facility's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from mohpromt_ca.application.errors import Forbidden

USER = "user"
API_KEY = "api-key"
MODULE = "module"
REWARDS_MODULE = "rewards-module"


@dataclass(frozen=True)
class Principal:
    kind: str
    """``user``, ``api-key`` or ``module``."""
    ident: str
    """The username, or the API key's public id (never the secret)."""
    role: str
    """``ra-officer``, ``facility-admin``, ``signer`` (users), ``integrator`` (API keys) or
    ``rewards-module`` (module credentials)."""
    facility_id: int | None = None
    signer_id: int | None = None

    @property
    def label(self) -> str:
        """What the audit log names as the actor."""
        return f"{self.kind}:{self.ident}"


def may_sign_with(principal: Principal, *, signer_id: int, signer_facility_id: int | None,
                  facility_status: str | None) -> None:
    """Refuse unless ``principal`` may issue with signer ``signer_id`` (None facility: no such signer)."""
    refusal = Forbidden(f"you may not sign with signer {signer_id}")
    if signer_facility_id is None:
        raise refusal  # unknown signer: the same answer as another facility's
    if principal.kind == USER and principal.role != "signer":
        raise Forbidden(f"a {principal.role} does not sign documents")
    if principal.facility_id is None or principal.facility_id != signer_facility_id:
        raise refusal
    if principal.signer_id is not None and principal.signer_id != signer_id:
        raise refusal
    _facility_approved(signer_facility_id, facility_status)


def may_issue_dcc(principal: Principal, *, facility_status: str | None) -> None:
    """DCCs are signed with the national DSC; the issuing facility must be approved."""
    if principal.kind == USER and principal.role != "signer":
        raise Forbidden(f"a {principal.role} does not issue certificates")
    if principal.facility_id is None:
        raise Forbidden("this credential belongs to no facility")
    _facility_approved(principal.facility_id, facility_status)


def may_access_document(principal: Principal, *, facility_id: int | None, signer_id: int | None,
                        number: str) -> None:
    """Read, download or revoke: the document's facility, and its signer for signer-scoped principals."""
    refusal = Forbidden(f"document {number[:80]!r} is not one of yours")
    if principal.kind == USER and principal.role == "ra-officer":
        raise refusal
    if facility_id is None or principal.facility_id != facility_id:
        raise refusal
    if principal.signer_id is not None and principal.signer_id != signer_id:
        raise refusal


def may_ask_for_vouchers(principal: Principal) -> None:
    """Vouchers: the rewards module's own credential, never a facility's, a signer's or a user's."""
    if not (principal.kind == MODULE and principal.role == REWARDS_MODULE):
        raise Forbidden("vouchers are signed only at the request of the rewards module's credential; "
                        "a facility's or a signer's key may not ask")


def may_decide_facilities(principal: Principal) -> None:
    if not (principal.kind == USER and principal.role == "ra-officer"):
        raise Forbidden("only an RA officer approves, rejects or suspends facilities")


def may_manage_facility(principal: Principal, facility_id: int) -> None:
    """Enrol and suspend signers, create and revoke API keys: that facility's administrator."""
    if not (principal.kind == USER and principal.role == "facility-admin" and principal.facility_id == facility_id):
        raise Forbidden(f"only facility {facility_id}'s administrator manages it")


def _facility_approved(facility_id: int, status: str | None) -> None:
    if status != "approved":
        raise Forbidden(f"facility {facility_id} is {status or 'unknown'}: it cannot issue")
