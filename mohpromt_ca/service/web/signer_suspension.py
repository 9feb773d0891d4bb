"""Suspending a signer from the facility administrator's page: certificates held, accounts disabled."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mohpromt_ca.application.authorization import Principal, may_manage_facility


def suspend_signer(authority: Any, principal: Principal, signer_id: int) -> None:
    """Hold the signer's certificates (certificateHold: reversible) and disable its login accounts.

    ``authority`` names the acting user (``Web.acting``).
    """
    from mohpromt_ca.authority.revocation import revoke_in_session
    from mohpromt_ca.service.models import ServiceUser
    from mohpromt_ca.storage import audit
    from mohpromt_ca.storage.models import Certificate, Signer

    with authority.register.transaction() as db:
        signer = db.get(Signer, signer_id)
        may_manage_facility(principal, signer.facility_id if signer is not None else -1)
        for row in db.execute(select(Certificate).where(Certificate.signer_id == signer_id,
                                                        Certificate.status == "issued")).scalars():
            revoke_in_session(db, authority, row, "certificateHold", cause=f"signer {signer_id} suspended")
        now = authority.clock.now()
        for user in db.execute(select(ServiceUser).where(ServiceUser.signer_id == signer_id,
                                                         ServiceUser.disabled_at.is_(None))).scalars():
            user.disabled_at = now
        audit.append(db, actor=principal.label, action="signer.suspend", target=f"signer:{signer_id}",
                     details={"facility": principal.facility_id}, clock=authority.clock)
