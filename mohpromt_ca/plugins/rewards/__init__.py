"""Rewards for village health volunteers (อสม.): activity reports earn points by
:mod:`.rules`; points buy CA-signed voucher QRs (``MPV1:``, :mod:`mohpromt_ca.formats.voucher`);
a partner shop's redemption is verified and recorded exactly once.

In the service: ``RewardsPlugin`` (entry point ``rewards``), routes under ``/plugins/rewards``.
Out of process: ``RewardsService.standalone(url, data_dir=...)`` with an ``HttpClient``.
"""

from .plugin import RewardsPlugin
from .service import AlreadyRedeemed, InvalidVoucher, RewardsService

__all__ = ["AlreadyRedeemed", "InvalidVoucher", "RewardsPlugin", "RewardsService"]
