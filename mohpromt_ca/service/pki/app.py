"""/pki/ocsp, /pki/tsa, /pki/crl/{ca}.crl, /pki/certs/{ca}.crt — stable paths written into certificates.

The same responder and TSA objects serve HTTP here and the issuer in-process.
Signing runs in the thread pool; every bad input gets the protocol's own error
answer or a 4xx, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import hashlib
import urllib.parse

from fastapi import APIRouter, FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.crl import current_crl
from mohpromt_ca.authority.ocsp_responder import OcspResponder
from mohpromt_ca.authority.tsa import TimeStampAuthority
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service.pki.bounded_body import read_bounded, require_content_type

OCSP_REQUEST = "application/ocsp-request"
OCSP_RESPONSE = "application/ocsp-response"
TSA_QUERY = "application/timestamp-query"
TSA_REPLY = "application/timestamp-reply"
PUBLISHED_CERTIFICATES = (*CA_NAMES, "tsa", "ocsp-root", "ocsp-document-signing", "ocsp-dcc-csca")


def _published(name: str) -> bool:
    """One of the published names, or an earlier generation of one (``document-signing.g1``)."""
    base, _, generation = name.partition(".g")
    return base in PUBLISHED_CERTIFICATES and (not _ or (generation.isdigit() and len(generation) <= 3))


class PkiServices:
    """The responder and TSA of one authority, built once."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self.ocsp = OcspResponder(authority)
        self.tsa = TimeStampAuthority(authority)


def _http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _ocsp_response(services: PkiServices, request_der: bytes) -> Response:
    answer = services.ocsp.respond(request_der)
    headers = {}
    if answer.next_update is not None:
        now = services.authority.clock.now()
        max_age = max(0, int((answer.next_update - now).total_seconds()))
        headers = {
            "Cache-Control": f"max-age={max_age}, public, no-transform, must-revalidate",
            "Last-Modified": _http_date(now),
            "Expires": _http_date(answer.next_update),
            "ETag": f'"{hashlib.sha1(answer.der).hexdigest()}"',
        }
    return Response(answer.der, media_type=OCSP_RESPONSE, headers=headers)


def pki_router(services: PkiServices) -> APIRouter:
    router = APIRouter(prefix="/pki")

    @router.post("/ocsp")
    async def ocsp_post(request: Request) -> Response:
        require_content_type(request, OCSP_REQUEST)
        body = await read_bounded(request)
        return await run_in_threadpool(_ocsp_response, services, body)

    @router.get("/ocsp/{encoded:path}")
    async def ocsp_get(encoded: str) -> Response:
        text = urllib.parse.unquote(encoded)
        if len(text) > 4 * 64 * 1024 // 3 + 4:
            raise HTTPException(414, "OCSP request in the URL is too long")
        try:
            der = base64.b64decode(text + "=" * (-len(text) % 4),
                                   altchars=b"-_" if ("-" in text or "_" in text) else None,
                                   validate=True)
        except (binascii.Error, ValueError):
            der = b""  # answered below as malformedRequest
        return await run_in_threadpool(_ocsp_response, services, der)

    @router.post("/tsa")
    async def tsa_post(request: Request) -> Response:
        require_content_type(request, TSA_QUERY)
        body = await read_bounded(request)
        answer = await run_in_threadpool(services.tsa.respond, body)
        return Response(answer.der, media_type=TSA_REPLY)

    @router.get("/crl/{ca}.crl")
    async def crl(ca: str, request: Request) -> Response:
        if ca not in CA_NAMES:
            raise HTTPException(404, f"no CA named {ca!r}")
        published = await run_in_threadpool(current_crl, services.authority, ca)
        headers = {
            "ETag": published.etag,
            "Last-Modified": _http_date(published.this_update),
            "Expires": _http_date(published.next_update),
            "Cache-Control": "public, max-age=300, no-transform",
        }
        if published.etag in [tag.strip() for tag in request.headers.get("if-none-match", "")[:4096].split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(published.der, media_type="application/pkix-crl", headers=headers)

    @router.get("/certs/{name}.crt")
    async def certificate(name: str) -> Response:
        from cryptography.hazmat.primitives.serialization import Encoding

        if not _published(name):
            raise HTTPException(404, f"no published certificate named {name!r}")
        cert = await run_in_threadpool(services.authority.certificate_of, name)
        return Response(cert.public_bytes(Encoding.DER), media_type="application/pkix-cert",
                        headers={"Cache-Control": "public, max-age=3600"})

    @router.get("/certs/{name}.pem")
    async def certificate_pem(name: str) -> Response:
        from cryptography.hazmat.primitives.serialization import Encoding

        if not _published(name):
            raise HTTPException(404, f"no published certificate named {name!r}")
        cert = await run_in_threadpool(services.authority.certificate_of, name)
        return Response(cert.public_bytes(Encoding.PEM), media_type="application/x-pem-file")

    return router


def create_pki_app(authority: Authority) -> FastAPI:
    services = PkiServices(authority)
    app = FastAPI(title="mohpromt-ca PKI services", version="1", docs_url=None, redoc_url=None)
    app.state.pki = services
    app.include_router(pki_router(services))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(MohpromtError)
    async def domain_error(_request: Request, exc: MohpromtError) -> JSONResponse:
        return JSONResponse({"type": f"urn:mohpromt:error:{exc.code}", "title": exc.message, "status": exc.http_status},
                            status_code=exc.http_status, media_type="application/problem+json")

    return app


def create_pki_from_environment() -> FastAPI:
    """An OCSP/TSA/CRL reader on its own (``uvicorn --factory
    mohpromt_ca.service.pki.app:create_pki_from_environment``): the PKI endpoints without the
    issuance service's pages, API and middleware, for nodes that only answer relying parties.
    Each process opens its own authority from the environment, as ``serve --workers N`` does."""
    from mohpromt_ca.config import Settings

    return create_pki_app(Authority.open(Settings()))
