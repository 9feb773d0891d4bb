"""The rewards reference plugin: village health volunteers (อสม.) earn points and spend them
on signed voucher QRs (``MPV1:``) that partner shops check and redeem once."""

from __future__ import annotations

from typing import Any

from mohpromt_ca.plugins import PluginBase, PluginContext


class RewardsPlugin(PluginBase):
    name = "rewards"
    version = "0.1"
    requires = {"issue_voucher": True, "voucher_trust": True}

    def __init__(self) -> None:
        self.context: Any = None
        self.service: Any = None

    def setup(self, context: PluginContext) -> None:
        from mohpromt_plugins.rewards.service import RewardsService

        self.context = context
        self.service = RewardsService(context.storage, clock=context.clock,
                                      citizen_key=context.secret("citizen-hash.key"))

    def routes(self) -> Any:
        from mohpromt_plugins.rewards.routes import build_router

        principal, _client_for = self.context.require_service()
        # vouchers are asked for by the module itself (its own credential), not as the caller
        return build_router(self.service, principal, self.context.client)
