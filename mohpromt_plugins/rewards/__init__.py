"""Rewards for village health volunteers (อสม.): activity reports earn points by
:mod:`.rules`; points buy CA-signed voucher QRs (``MPV1:``, :mod:`mohpromt_verifier.formats.voucher`);
a partner shop's redemption is verified and recorded exactly once.

In the service: ``RewardsPlugin`` (entry point ``rewards``), routes under ``/plugins/rewards``.
Out of process: ``RewardsService(PluginNamespace.standalone("rewards", url), clock=..., citizen_key=...)``
with an ``HttpClient`` holding the rewards module's credential (``mohpromt-ca apikey create
--rewards-module``): the only credential the CA signs vouchers for.
"""

from mohpromt_plugins.rewards.plugin import RewardsPlugin
from mohpromt_plugins.rewards.service import AlreadyRedeemed, InvalidVoucher, RewardsService, UnknownDebit

__all__ = ["AlreadyRedeemed", "InvalidVoucher", "RewardsPlugin", "RewardsService", "UnknownDebit"]
