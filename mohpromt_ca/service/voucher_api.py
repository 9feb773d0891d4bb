"""``/api/v1/vouchers``: the CA signs volunteer-reward vouchers for integrators (the rewards module).

- ``POST /api/v1/vouchers`` (the rewards module's credential, ``mpm_…``): sign one voucher for
  a debit of the rewards ledger (``debit_id``, carried in the voucher); the answer holds its
  ``MPV1:`` text. A facility's or a signer's API key gets 403; no ``debit_id`` gets 409
  ``debit-required``; a debit already signed for gets 409 ``debit-already-signed``.
- ``GET /api/v1/vouchers/trust`` (public): PEM, our root then the voucher-signing
  certificate(s), what a partner shop's verifier trusts.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.vouchers import issue_voucher_as, voucher_trust
from mohpromt_ca.service.api import ERRORS, PREFIX, api_principal


class VoucherBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    volunteer_ref: str = Field(min_length=4, max_length=64)
    points: int = Field(gt=0, le=1_000_000)
    value_baht: int = Field(gt=0, le=1_000_000)
    valid_days: int = Field(default=90, ge=1, le=366)
    partner: str | None = Field(default=None, max_length=64)
    program: str = Field(default="osm-rewards", min_length=1, max_length=64)
    debit_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                                 description="the rewards ledger's debit this voucher is bought with (required)")


def voucher_router(authority: Any) -> APIRouter:
    from fastapi.concurrency import run_in_threadpool

    router = APIRouter(prefix=f"{PREFIX}/vouchers", responses=ERRORS)
    principal = api_principal(authority)

    @router.post("", status_code=201)
    def issue(body: VoucherBody, who: Principal = Depends(principal)) -> dict[str, Any]:
        info = issue_voucher_as(authority, who, **body.model_dump())
        return {**dataclasses.asdict(info), "issued_at": info.issued_at.isoformat(),
                "expires_at": info.expires_at.isoformat()}

    @router.get("/trust", response_class=Response, responses={
        200: {"description": "PEM: the root, then the voucher-signing certificates",
              "content": {"application/x-pem-file": {"schema": {"type": "string"}}}}})
    async def trust() -> Response:
        pem = await run_in_threadpool(voucher_trust, authority)
        return Response(pem, media_type="application/x-pem-file", headers={"Cache-Control": "public, max-age=3600"})

    return router
