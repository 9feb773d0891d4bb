"""``/plugins/records``: the record over HTTP, for a caller with an API key.

Every route authenticates with ``context.principal`` and works through
``context.client_for(caller)``, so the service's rules apply: a facility's key lists and
fetches only the documents it may read, and certifies only with its own signers.
Citizen IDs travel in POST bodies only, never in a URL or a query string (those reach access
logs), and no answer repeats one.

- ``POST /lookup`` ``{citizen_id}`` -> ``{"documents": [...]}``
- ``POST /attach`` ``{citizen_id, document_number}`` -> the reference (201)
- ``POST /fetch`` ``{citizen_id, document_number}`` -> ``application/pdf``
- ``POST /lab-results`` ``{citizen_id, data}`` -> ``{result_id, status, expires_at, ...}`` (201)
- ``POST /lab-results/{result_id}/certify`` ``{signer_id, signer?, level?}`` -> the reference
"""

# no ``from __future__ import annotations``: FastAPI reads these annotations at runtime

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["build_router"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citizen(_Body):
    citizen_id: str = Field(min_length=13, max_length=40)


class DocumentRef(Citizen):
    document_number: str = Field(min_length=1, max_length=128)


class LabResultIn(Citizen):
    data: dict[str, Any]


class CertifyIn(_Body):
    signer_id: int
    signer: dict[str, Any] | None = None
    level: str | None = Field(default=None, max_length=8)


def _owner(who: Any) -> str:
    """Results belong to the caller's facility (any of its keys may certify them)."""
    return f"facility:{who.facility_id}" if getattr(who, "facility_id", None) is not None else who.label


def build_router(plugin: Any) -> APIRouter:
    principal, client_for = plugin.context.require_service()
    router = APIRouter()

    def records(who: Any) -> Any:
        return plugin.service(client_for(who))

    @router.post("/lookup")
    def lookup(body: Citizen, who: Any = Depends(principal)) -> dict[str, Any]:
        return {"documents": [ref.as_dict() for ref in records(who).documents(body.citizen_id)]}

    @router.post("/attach", status_code=201)
    def attach(body: DocumentRef, who: Any = Depends(principal)) -> dict[str, Any]:
        return records(who).attach(body.citizen_id, body.document_number).as_dict()

    @router.post("/fetch", response_class=Response)
    def fetch(body: DocumentRef, who: Any = Depends(principal)) -> Response:
        pdf = records(who).fetch(body.citizen_id, body.document_number)
        return Response(pdf, media_type="application/pdf", headers={"Cache-Control": "no-store"})

    @router.post("/lab-results", status_code=201)
    def record_lab_result(body: LabResultIn, who: Any = Depends(principal)) -> dict[str, Any]:
        return records(who).record_lab_result(body.citizen_id, body.data, owner=_owner(who)).as_dict()

    @router.post("/lab-results/{result_id}/certify")
    def certify(result_id: str, body: CertifyIn, who: Any = Depends(principal)) -> dict[str, Any]:
        ref = records(who).certify_lab_result(result_id, body.signer_id, signer=body.signer, level=body.level,
                                              owner=_owner(who))
        return ref.as_dict()

    return router
