"""Request ids, one structured JSON log line per request, and Prometheus metrics.

Log lines and metric labels carry the route *template* (``/api/v1/documents/{number}``),
the method, the status and the duration — never a path's values, a query, a body, a
personal detail or a key.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response

ACCESS_LOG = logging.getLogger("mohpromt_ca.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ISSUING_ROUTES = {("POST", "/api/v1/documents/pdf"): "pdf", ("POST", "/api/v1/documents/dcc"): "dcc"}


class Metrics:
    """One registry per app (tests build several apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("mohpromt_http_requests_total", "HTTP requests by route, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("mohpromt_http_request_duration_seconds", "HTTP request latency by route",
                                 ["route", "method"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.issued = Counter("mohpromt_documents_issued_total", "Documents issued through the API, by kind",
                              ["kind"], registry=self.registry)

    def exposition(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def route_template(request: Request) -> str:
    """The matched route's template, which the router leaves in the scope; never the raw path."""
    route = request.scope.get("route")
    return str(getattr(route, "path", None) or "unmatched")


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"ts": round(record.created, 3), "level": record.levelname.lower(),
                                "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        return json.dumps(line, ensure_ascii=False)


def configure_json_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger("mohpromt_ca")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def install(app: Any) -> Metrics:
    """Add the request-id/log/metrics middleware and GET /metrics to ``app``."""
    metrics = Metrics()
    app.state.metrics = metrics

    @app.get("/metrics", include_in_schema=False)
    async def metrics_endpoint() -> Response:
        return metrics.exposition()

    @app.middleware("http")
    async def observe(request: Request, call_next: Any) -> Response:
        given = request.headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else secrets.token_hex(8)
        request.state.request_id = request_id
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(request)
            metrics.requests.labels(route, request.method, str(status)).inc()
            metrics.latency.labels(route, request.method).observe(elapsed)
            kind = _ISSUING_ROUTES.get((request.method, route))
            if kind and status == 201:
                metrics.issued.labels(kind).inc()
            ACCESS_LOG.info("request", extra={"fields": {
                "request_id": request_id, "method": request.method, "route": route, "status": status,
                "duration_ms": round(elapsed * 1000, 2)}})
        response.headers["X-Request-ID"] = request_id
        return response

    return metrics
