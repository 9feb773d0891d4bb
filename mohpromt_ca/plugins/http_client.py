""":class:`~mohpromt_ca.plugins.client.CaClient` over the issuance service's REST API (httpx,
with an API key), so a module's code is the same in-process or across the network.

Errors come back as ``application/problem+json``; they are raised as the same
``MohpromtError`` classes the in-process client raises, with the server's sentence.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from typing import Any

from mohpromt_ca.errors import (
    AlreadyExists,
    InputError,
    InputTooLarge,
    MohpromtError,
    NotFound,
    PolicyError,
    StateError,
)
from mohpromt_ca.plugins.client import DocumentInfo, VoucherInfo, voucher_request

_BY_STATUS: dict[int, type[MohpromtError]] = {400: InputError, 401: PolicyError, 403: PolicyError, 404: NotFound,
                                              409: StateError, 413: InputTooLarge, 422: InputError}


class HttpClient:
    """A client of ``/api/v1``; the API key scopes what it may do (its facility or its signer; the
    rewards module's ``mpm_`` credential: vouchers only)."""

    def __init__(self, base_url: str, api_key: str, *, timeout: float = 120.0, transport: Any = None) -> None:
        import httpx

        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport,
                                  headers={"Authorization": f"Bearer {api_key}"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, *, json: Any = None, idempotency_key: str | None = None) -> Any:
        import httpx

        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        try:
            reply = self._http.request(method, path, json=json, headers=headers)
        except httpx.HTTPError as exc:
            raise MohpromtError(f"the CA service did not answer: {type(exc).__name__}", code="unreachable") from None
        if reply.status_code >= 400:
            try:
                problem = reply.json()
            except ValueError:
                problem = {}
            title = str(problem.get("title") or f"HTTP {reply.status_code}")
            code = str(problem.get("code") or "error")
            if reply.status_code == 409 and code in ("already-exists", "already-issued"):
                raise AlreadyExists(title, code=code)
            raise _BY_STATUS.get(reply.status_code, MohpromtError)(title, code=code)
        return reply

    @staticmethod
    def _info(body: dict[str, Any], *, pdf: bytes | None = None) -> DocumentInfo:
        def when(text: str | None) -> dt.datetime | None:
            return dt.datetime.fromisoformat(text) if text else None

        return DocumentInfo(body["document_number"], body["kind"], body["type"], body["sha256"],
                            body["certificate_serial"], status=body["status"], signer_id=body.get("signer_id"),
                            issued_at=when(body.get("issued_at")), revoked_at=when(body.get("revoked_at")),
                            revocation_reason=body.get("revocation_reason"), pdf=pdf, hc1=body.get("hc1"))

    @staticmethod
    def _path(number: str) -> str:
        return "/api/v1/documents/" + urllib.parse.quote(number, safe="")

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        body = {"type": type_key, "data": data, "signer_id": signer_id}
        if level:
            body["level"] = level
        issued = self._call("POST", "/api/v1/documents/pdf", json=body, idempotency_key=idempotency_key).json()
        pdf = self._call("GET", self._path(issued["document_number"]) + "/pdf").content
        return self._info(issued, pdf=pdf)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        body: dict[str, Any] = {"data": data}
        if dcc_type:
            body["type"] = dcc_type
        return self._info(self._call("POST", "/api/v1/documents/dcc", json=body,
                                     idempotency_key=idempotency_key).json())

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        return self._info(self._call("POST", self._path(number) + "/revoke", json={"reason": reason}).json())

    def document_status(self, number: str) -> DocumentInfo:
        return self._info(self._call("GET", self._path(number)).json())

    def fetch_pdf(self, number: str) -> bytes:
        return self._call("GET", self._path(number) + "/pdf").content

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards",
                      debit_id: str | None = None) -> VoucherInfo:
        """Needs the rewards module's credential (``mpm_…``); a facility's or a signer's key gets 403."""
        body = voucher_request(volunteer_ref, points, value_baht, valid_days, partner, program, debit_id)
        return VoucherInfo.from_dict(self._call("POST", "/api/v1/vouchers", json=body).json())

    def voucher_trust(self) -> bytes:
        return self._call("GET", "/api/v1/vouchers/trust").content
