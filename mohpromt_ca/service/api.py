"""REST API ``/api/v1`` for integrators (OpenAPI at ``/api/v1/openapi.json``).

Authentication: ``Authorization: Bearer mpk_...`` (an API key scoped to a facility or a
signer). Issuance takes an ``Idempotency-Key`` header; a retry returns the same document
(201 again, with ``Idempotent-Replayed: true``). Errors are ``application/problem+json``
with the ``MohpromtError`` code. Every handler calls one use case of
:class:`~mohpromt_ca.application.documents.DocumentService` (which also publishes the events).
Handlers are plain functions: FastAPI runs them in its thread pool, so signing never blocks
the event loop.
"""

from __future__ import annotations

import urllib.parse
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from mohpromt_ca.application.accounts import authenticate_api_key
from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.documents import REVOCATION_REASONS, DocumentService, DocumentView
from mohpromt_ca.application.errors import Unauthenticated
from mohpromt_ca.application.rate_limits import charge

PREFIX = "/api/v1"
_bearer = HTTPBearer(auto_error=False, description="An API key: `mpk_<key id>_<secret>`")

Reason = Literal["error", "fraud", "withdrawn", "superseded", "other"]
assert set(Reason.__args__) == set(REVOCATION_REASONS)  # type: ignore[attr-defined]


class PdfIssueRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=64, description="certificate type key, e.g. general-health")
    data: dict[str, Any] = Field(description="the type's input (GET the template schema with `mohpromt-ca templates`)")
    signer_id: int = Field(ge=1, le=2**31 - 1)
    level: str | None = Field(default=None, max_length=16, description="PAdES level: B-B, B-T, B-LT or B-LTA")


class DccIssueRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data: dict[str, Any] = Field(description="typed input ({holder, vaccination|test|recovery}) or an EU DCC payload")
    type: Literal["vaccination", "test", "recovery"] | None = None


class RevokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = "withdrawn"


class DocumentOut(BaseModel):
    document_number: str
    kind: Literal["pdf", "dcc"]
    type: str
    sha256: str
    issued_at: str
    facility_id: int | None = None
    signer_id: int | None = None
    certificate_serial: str
    status: Literal["valid", "revoked"]
    revoked_at: str | None = None
    revocation_reason: str | None = None
    level: str | None = None
    uvci: str | None = None
    kid: str | None = None
    hc1: str | None = None
    download_url: str | None = None


class Problem(BaseModel):
    type: str
    title: str
    status: int
    code: str


_PROBLEM_SCHEMA = {**Problem.model_json_schema(), "title": "Problem"}
_ERROR_TITLES = {400: "Bad input", 401: "No valid API key", 403: "Not yours to do", 404: "Not found",
                 409: "Conflicts with the current state", 413: "Request body too large",
                 422: "Invalid request", 429: "Too many attempts"}
#: every error answer as it is sent: application/problem+json with the Problem schema (a
#: ``model`` here would document it as application/json, which is never sent, and leave the
#: problem+json body without a schema to check against)
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": title, "content": {"application/problem+json": {"schema": _PROBLEM_SCHEMA}}}
    for status, title in _ERROR_TITLES.items()
}


def _out(view: DocumentView) -> dict[str, Any]:
    out = view.as_dict()
    if view.kind == "pdf":
        out["download_url"] = f"{PREFIX}/documents/{urllib.parse.quote(view.number, safe='')}/pdf"
    return out


def api_principal(authority: Any) -> Any:
    """A FastAPI dependency: the caller's principal from ``Authorization: Bearer <API key>``
    (the REST API's routes and plugins' routes use it)."""

    def principal(credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:
        if credentials is None:
            raise Unauthenticated("send Authorization: Bearer <API key>")
        who = authenticate_api_key(authority, credentials.credentials)
        charge(authority, who)  # the key's and its facility's rate limits (429 + Retry-After)
        return who

    return principal


def api_router(documents: DocumentService) -> APIRouter:
    router = APIRouter(prefix=PREFIX, responses=ERRORS)
    authority = documents.authority

    principal = api_principal(authority)

    def created(response: Response, view: DocumentView) -> dict[str, Any]:
        response.status_code = 201
        if view.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        response.headers["Location"] = f"{PREFIX}/documents/{urllib.parse.quote(view.number, safe='')}"
        return _out(view)

    idempotency = Header(default=None, alias="Idempotency-Key", max_length=255,
                         description="a retry with the same key returns the same document")

    @router.post("/documents/pdf", status_code=201, response_model=DocumentOut, response_model_exclude_none=True,
                 summary="Issue a signed PDF medical certificate")
    def issue_pdf(body: PdfIssueRequest, response: Response, who: Principal = Depends(principal),
                  idempotency_key: str | None = idempotency) -> dict[str, Any]:
        view = documents.issue_pdf(who, type_key=body.type, data=body.data, signer_id=body.signer_id,
                                   level=body.level, idempotency_key=idempotency_key)
        return created(response, view)

    @router.post("/documents/dcc", status_code=201, response_model=DocumentOut, response_model_exclude_none=True,
                 summary="Issue an EU DCC / Digital Health Pass (HC1)")
    def issue_dcc(body: DccIssueRequest, response: Response, who: Principal = Depends(principal),
                  idempotency_key: str | None = idempotency) -> dict[str, Any]:
        view = documents.issue_dcc(who, data=body.data, dcc_type=body.type, idempotency_key=idempotency_key)
        return created(response, view)

    @router.get("/documents/{number:path}/pdf", summary="Download a signed PDF",
                responses={200: {"content": {"application/pdf": {}}}}, response_class=Response)
    def download_pdf(number: str, who: Principal = Depends(principal)) -> Response:
        view, pdf = documents.pdf(who, number)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in view.number)[:100]
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{name}.pdf"', "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"})

    @router.post("/documents/{number:path}/revoke", response_model=DocumentOut, response_model_exclude_none=True,
                 summary="Revoke a document")
    def revoke(number: str, body: RevokeRequest | None = None, who: Principal = Depends(principal)) -> dict[str, Any]:
        return _out(documents.revoke(who, number, reason=(body or RevokeRequest()).reason))

    @router.get("/documents/{number:path}", response_model=DocumentOut, response_model_exclude_none=True,
                summary="A document's status")
    def status(number: str, who: Principal = Depends(principal)) -> dict[str, Any]:
        return _out(documents.status(who, number))

    return router
