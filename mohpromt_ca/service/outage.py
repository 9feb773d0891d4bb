"""A lost register answers 503, not 500: problem+json (a short bilingual page under /web) with
Retry-After, one log line per failure class instead of a traceback per request, and nothing to
restart when it comes back (the engine reconnects; PostgreSQL connections are pre-pinged).

``/readyz`` reports the same outage (not ready) and, when the register answers again, the
recovery: that is where the "back again" line is logged (or by the periodic runner, which
reports to the same ``application.outage_log.OutageLog``: one line per outage for the process).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from mohpromt_ca.application.outage_log import QUIET_SECONDS, OutageLog
from mohpromt_ca.storage.outage import DATABASE_ERRORS, failure_class

__all__ = ["ANSWERING_503", "QUIET_SECONDS", "OutageLog", "headers_for_not_ready", "install", "readiness_failure",
           "unavailable"]

RETRY_AFTER_SECONDS = 5
#: what the service does while the register is lost (the end of the one log line)
ANSWERING_503 = "answering 503 with Retry-After until it answers again"

_TITLES = {"database-locked": "the register is busy (locked by another process)",
           "database-unreadable": "the register cannot be read",
           "database-unreachable": "the register database does not answer"}
_PAGE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>ระบบไม่พร้อมใช้งานชั่วคราว / Temporarily unavailable</title></head>
<body><h1>ระบบไม่พร้อมใช้งานชั่วคราว</h1><p>ฐานข้อมูลไม่ตอบสนอง กรุณาลองใหม่อีกครั้งในอีกสักครู่</p>
<h1 lang="en">Temporarily unavailable</h1>
<p lang="en">The register does not answer. Please try again in a few moments.</p>
</body></html>
"""


def unavailable(request: Request, kind: str) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.url.path.startswith("/web"):
        return HTMLResponse(_PAGE, status_code=503, headers=headers)
    title = _TITLES.get(kind, "the register is unavailable")
    return JSONResponse({"type": f"urn:mohpromt:error:{kind}", "title": f"{title}: try again shortly",
                         "status": 503, "code": kind}, status_code=503, media_type="application/problem+json",
                        headers=headers)


def install(app: FastAPI, log: logging.Logger) -> OutageLog:
    """Answer database errors: an outage with 503 (:func:`unavailable`), any other (a constraint,
    a bug) with the same one-line 500 as every unexpected error."""
    outage = OutageLog(log, consequence=ANSWERING_503)  # shared with the periodic runner (service.periodic_tasks)
    app.state.outage = outage

    async def database_error(request: Request, exc: Exception) -> Response:
        kind = failure_class(exc)
        if kind is None:
            route = getattr(request.scope.get("route"), "path", None) or "(no route)"
            log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
            return JSONResponse({"type": "urn:mohpromt:error:internal", "title": "internal error", "status": 500,
                                 "code": "internal"}, status_code=500, media_type="application/problem+json")
        outage.failed(kind)
        return unavailable(request, kind)

    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, database_error)
    return outage


def readiness_failure(outage: OutageLog, error: BaseException) -> str:
    """Note a failed readiness check of the register; the sentence /readyz answers."""
    kind = failure_class(error) or "database-unreachable"
    outage.failed(kind)
    return _TITLES.get(kind, "the register does not answer")


def headers_for_not_ready() -> dict[str, Any]:
    return {"Retry-After": str(RETRY_AFTER_SECONDS)}
