"""Signing volunteer-reward vouchers: as the authority (in-process client; inside the service
only the rewards plugin's scoped client reaches it) or for the rewards module's credential
(``POST /api/v1/vouchers``), and the trust PEM.

Every voucher is signed for one debit of the rewards ledger, whose id it carries; the CA
records the debit with the voucher and signs at most one voucher per debit id
(``issuer.voucher``). A facility's or a signer's API key, or a logged-in user, gets 403.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mohpromt_ca.application.authorization import Principal, may_ask_for_vouchers
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.plugins.client import VoucherInfo, voucher_request

__all__ = ["issue_voucher", "issue_voucher_as", "voucher_trust"]


def issue_voucher(authority: Authority, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                  partner: str | None = None, program: str = "osm-rewards",
                  debit_id: str | None = None) -> VoucherInfo:
    """The CA signs a voucher for ``debit_id`` with its voucher-signing key (audited as
    ``authority.actor``); ``debit-required`` without one, ``debit-already-signed`` the second time."""
    from mohpromt_ca.issuer.voucher import VoucherRequest
    from mohpromt_ca.issuer.voucher import issue_voucher as sign

    issued = sign(authority, VoucherRequest(**voucher_request(volunteer_ref, points, value_baht, valid_days,
                                                              partner, program, debit_id)))
    return VoucherInfo.from_dict(issued.as_dict())


def issue_voucher_as(authority: Authority, principal: Principal, **request: Any) -> VoucherInfo:
    """Sign a voucher for ``principal`` (audited as that caller): the rewards module's credential only."""
    may_ask_for_vouchers(principal)
    return issue_voucher(dataclasses.replace(authority, actor=principal.label), **request)


def voucher_trust(authority: Authority) -> bytes:
    """PEM: the root, then the voucher-signing certificate(s) a voucher verifier trusts."""
    from mohpromt_ca.issuer.voucher import voucher_trust_pem

    return voucher_trust_pem(authority)
