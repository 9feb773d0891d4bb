"""Signing volunteer-reward vouchers: as the authority (in-process client) or for an
integrator's API key (``POST /api/v1/vouchers``, a plugin's route), and the trust PEM."""

from __future__ import annotations

import dataclasses
from typing import Any

from mohpromt_ca.application.authorization import API_KEY, Principal
from mohpromt_ca.application.errors import Forbidden
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.plugins.client import VoucherInfo, voucher_request
from mohpromt_ca.storage.repositories import documents

__all__ = ["issue_voucher", "issue_voucher_as", "voucher_trust"]


def issue_voucher(authority: Authority, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                  partner: str | None = None, program: str = "osm-rewards") -> VoucherInfo:
    """The CA signs a voucher with its voucher-signing key (audited as ``authority.actor``)."""
    from mohpromt_ca.issuer.voucher import VoucherRequest
    from mohpromt_ca.issuer.voucher import issue_voucher as sign

    issued = sign(authority, VoucherRequest(**voucher_request(volunteer_ref, points, value_baht, valid_days,
                                                              partner, program)))
    return VoucherInfo.from_dict(issued.as_dict())


def issue_voucher_as(authority: Authority, principal: Principal, **request: Any) -> VoucherInfo:
    """Sign a voucher for ``principal`` (audited as that caller): an integrator's API key of an
    approved facility only (a logged-in user may not)."""
    if principal.kind != API_KEY:
        raise Forbidden("vouchers are signed for an integrator's API key only")
    if principal.facility_id is None:
        raise Forbidden("this credential belongs to no facility")
    with authority.register.reading() as session:
        status = documents.facility_status(session, principal.facility_id)
    if status != "approved":
        raise Forbidden(f"facility {principal.facility_id} is {status or 'unknown'}: it cannot ask for vouchers")
    return issue_voucher(dataclasses.replace(authority, actor=principal.label), **request)


def voucher_trust(authority: Authority) -> bytes:
    """PEM: the root, then the voucher-signing certificate(s) a voucher verifier trusts."""
    from mohpromt_ca.issuer.voucher import voucher_trust_pem

    return voucher_trust_pem(authority)
