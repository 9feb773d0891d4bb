"""``/plugins/rewards``: every route authenticates the caller (``Authorization: Bearer <API key>``);
the CA is asked for vouchers by the rewards module itself (``client``: the plugin's own, scoped
client), never as the caller: a facility's or a signer's key may not have vouchers signed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Response  # at module level: FastAPI resolves the postponed annotations here
from pydantic import BaseModel, ConfigDict, Field

from mohpromt_plugins.rewards import rules


class VolunteerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    citizen_id: str = Field(min_length=13, max_length=13)
    name: str = Field(min_length=1, max_length=200)


class ActivityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(max_length=40)
    date: dt.date
    quantity: int = Field(default=1, ge=1, le=1000)


class VoucherBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    points: int = Field(ge=1, le=1_000_000)
    partner: str | None = Field(default=None, max_length=64)


class PartnerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)


class RedeemBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voucher: str = Field(min_length=1, max_length=4000)
    partner: str = Field(min_length=1, max_length=64)


def build_router(service: Any, principal: Any, client: Any) -> Any:
    router = APIRouter()

    @router.get("/rules")
    def get_rules(who: Any = Depends(principal)) -> dict[str, Any]:
        return rules.as_dict()

    @router.post("/partners", status_code=201)
    def add_partner(body: PartnerBody, who: Any = Depends(principal)) -> dict[str, Any]:
        return service.add_partner(body.code, body.name)

    @router.post("/volunteers", status_code=201)
    def register(body: VolunteerBody, who: Any = Depends(principal)) -> dict[str, Any]:
        return service.register_volunteer(body.citizen_id, body.name).as_dict()

    @router.get("/volunteers/{ref}")
    def volunteer(ref: str, who: Any = Depends(principal)) -> dict[str, Any]:
        return {**service.volunteer(ref).as_dict(), "ledger": service.ledger(ref)}

    @router.post("/volunteers/{ref}/activities", status_code=201)
    def report(ref: str, body: ActivityBody, who: Any = Depends(principal)) -> dict[str, Any]:
        return service.report_activity(ref, body.kind, body.date, body.quantity, reported_by=who.label).as_dict()

    @router.post("/volunteers/{ref}/vouchers", status_code=201)
    def buy(ref: str, body: VoucherBody, who: Any = Depends(principal)) -> dict[str, Any]:
        return service.buy_voucher(client, ref, body.points, partner=body.partner).as_dict()

    @router.get("/vouchers/{voucher_id}/qr.png")
    def qr(voucher_id: str, who: Any = Depends(principal)) -> Response:
        return Response(service.voucher_qr_png(voucher_id), media_type="image/png")

    @router.post("/redemptions", status_code=201)
    def redeem(body: RedeemBody, who: Any = Depends(principal)) -> dict[str, Any]:
        return service.redeem(client, body.voucher, body.partner, redeemed_by=who.label).as_dict()

    return router
