"""The one app ``mohpromt-ca serve`` runs: PKI endpoints, the REST API, health checks.

* ``/pki/...``: the PKI router, paths unchanged (they are written into certificates);
* ``/api/v1/...``: the REST API (bodies bounded to 1 MiB, problem+json errors);
* ``/healthz``: the process answers; ``/readyz``: the register answers and the issuing
  keys load (503 otherwise);
* ``/trust-lists/...``: our signed DSC, revocation and anchor lists, with ETag (``trust_list_routes``);
* ``/web/...``: the pages; their errors (404, 413, 500, ...) are pages in Thai and English
  (``web.error_pages``), while the API keeps problem+json;
* ``/metrics``: Prometheus counters and latency histograms (per worker process); every
  response carries ``X-Request-ID`` and is logged as one JSON line (``observability``).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from mohpromt_ca.application.documents import DocumentService, register_answers
from mohpromt_ca.application.rate_limits import RateLimited
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service import observability, outage
from mohpromt_ca.service.api import PREFIX, api_router
from mohpromt_ca.service.body_limit import BodyLimit
from mohpromt_ca.service.bulk_api import install_bulk_jobs
from mohpromt_ca.service.client_address import TrustedProxies
from mohpromt_ca.service.periodic_tasks import install_periodic_tasks
from mohpromt_ca.service.pki.app import PkiServices, pki_router
from mohpromt_ca.service.trust_list_routes import trust_list_router
from mohpromt_ca.service.voucher_api import voucher_router
from mohpromt_ca.service.web import web_router
from mohpromt_ca.service.web.error_pages import WebErrorPages

log = logging.getLogger("mohpromt_ca.service")

#: keys the service signs with; /readyz loads them
READY_KEYS = ("document-signing", "dcc-csca", "tsa")


def problem(status: int, code: str, title: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"type": f"urn:mohpromt:error:{code}", "title": title, "status": status, "code": code},
                        status_code=status, media_type="application/problem+json", headers=headers)


_HTTP_CODES = {400: "bad-input", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
               405: "method-not-allowed", 413: "input-too-large", 415: "unsupported-media-type", 422: "bad-input"}


def field_errors(exc: MohpromtError) -> list[dict[str, str]]:
    """``[{"field": "patient.date_of_birth", "message": ...}]`` of a refusal that names fields:
    a certificate type's data (dotted paths) or a DCC payload (its JSON pointer)."""
    listed = getattr(exc, "errors", None)
    if isinstance(listed, list) and listed:
        return [{"field": str(path), "message": str(message)} for path, message in listed[:50]]
    path = getattr(exc, "path", None)
    if isinstance(path, str) and path.strip("/"):
        return [{"field": path, "message": exc.message}]
    return []


def create_service_app(authority: Authority, *, plugins: Any = None) -> FastAPI:
    from mohpromt_ca.application.key_home import check_file_key_home

    check_file_key_home(authority)  # a shared register: file keys have one home, or refuse to start
    services = PkiServices(authority)  # loads the PKI keys now: a wrong passphrase fails before listening
    from mohpromt_ca.templates import CertificateTypes

    types = CertificateTypes()  # this app's certificate types: the built-in ones, and its plugins' (_install_plugins)
    documents = DocumentService(authority, types=types)
    app = FastAPI(title="mohpromt-ca issuance service", version="1", docs_url=None, redoc_url=None,
                  openapi_url=f"{PREFIX}/openapi.json")
    app.state.pki = services
    app.state.documents = documents
    app.include_router(pki_router(services))
    app.include_router(api_router(documents))
    app.include_router(trust_list_router(authority))
    app.include_router(voucher_router(authority))  # /api/v1/vouchers: the CA signs reward vouchers
    app.include_router(web_router(documents))  # the web pages under /web (and / -> /web/)
    install_bulk_jobs(app, documents)  # /api/v1/bulk-jobs and its worker thread (bulk_api)
    outages = outage.install(app, log)  # a lost register: 503 + Retry-After, one log line per failure class
    install_periodic_tasks(app, authority, outages)  # audit sequencer, OCSP re-signing (service.periodic_tasks)
    _install_plugins(app, plugins, authority, documents)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        def check() -> str | None:
            try:
                register_answers(authority)
            except Exception as exc:  # noqa: BLE001 - any failure means not ready
                return outage.readiness_failure(outages, exc)  # logged once per outage, not per probe
            outages.recovered()
            for name in READY_KEYS:
                try:
                    authority.issuing_key(name)
                except Exception as exc:  # noqa: BLE001
                    log.warning("readyz: key %s does not load (%s)", name, type(exc).__name__)
                    return f"the {name} key does not load"
            return None

        failure = await run_in_threadpool(check)
        if failure is not None:
            return problem(503, "not-ready", failure, outage.headers_for_not_ready())
        return JSONResponse({"status": "ready"})

    @app.exception_handler(RateLimited)
    async def rate_limited(_request: Request, exc: RateLimited) -> JSONResponse:
        return problem(429, exc.code, exc.message, {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(MohpromtError)
    async def domain_error(_request: Request, exc: MohpromtError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
        fields = field_errors(exc)
        if not fields:
            return problem(exc.http_status, exc.code, exc.message, headers)
        # which fields are wrong, each with its sentence (a refusal of the data)
        body = {"type": f"urn:mohpromt:error:{exc.code}", "title": exc.message, "status": exc.http_status,
                "code": exc.code, "errors": fields}
        return JSONResponse(body, status_code=exc.http_status, media_type="application/problem+json",
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = "/".join(str(p) for p in first.get("loc", ()))
        return problem(422, "bad-input", f"{where}: {first.get('msg', 'invalid')}"[:500])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)  # /pki keeps its answers
        return problem(exc.status_code, _HTTP_CODES.get(exc.status_code, "error"), str(exc.detail),
                       getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        route = getattr(request.scope.get("route"), "path", None) or "(no route)"  # the template, never values
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
        return problem(500, "internal", "internal error")

    app.add_middleware(BodyLimit)
    app.add_middleware(BodyLimit, prefix="/web/")  # forms too: a 10 MB field is a 413, never held
    app.add_middleware(WebErrorPages, handlers=app.exception_handlers)  # /web answers pages, not JSON (web.error_pages)
    observability.install(app)
    # outermost: every layer below (throttles, logs) sees the client address it decides
    app.add_middleware(TrustedProxies, networks=authority.settings.trusted_proxy_networks)
    return app


def _install_plugins(app: FastAPI, registry: Any, authority: Authority, documents: DocumentService) -> None:
    """Plugins found through the entry points (``plugin_host``): types, routes, events, GET /plugins."""
    from mohpromt_ca.service.plugin_host import install_plugins

    install_plugins(app, registry, authority, documents)


def create_from_environment() -> FastAPI:
    """The app factory for ``serve --workers N``: each worker process opens its own authority from
    the environment (MOHPROMT_DATA_DIR, MOHPROMT_KEY_PASSPHRASE or the PKCS#11 PIN, ...)."""
    from mohpromt_ca.config import Settings

    observability.configure_json_logging()
    return create_service_app(Authority.open(Settings()))
