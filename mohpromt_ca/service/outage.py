"""A lost register answers 503, not 500: problem+json (a short bilingual page under /web) with
Retry-After, one log line per failure class instead of a traceback per request, and nothing to
restart when it comes back (the engine reconnects; PostgreSQL connections are pre-pinged).

``/readyz`` reports the same outage (not ready) and, when the register answers again, the
recovery: that is where the "back again" line is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from mohpromt_ca.storage.outage import DATABASE_ERRORS, failure_class

RETRY_AFTER_SECONDS = 5
#: after this long without a failure of a class, the next one is logged again
QUIET_SECONDS = 60.0

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


class OutageLog:
    """One log line when a failure class starts (again, after :data:`QUIET_SECONDS`), one when the
    register answers again; the requests in between are counted, not logged."""

    def __init__(self, log: logging.Logger, now: Callable[[], float] = time.monotonic) -> None:
        self._log, self._now = log, now
        self._active: dict[str, list[float]] = {}  # class -> [last logged at, requests since]
        self._lock = threading.Lock()

    @property
    def active(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(sorted(self._active))

    def failed(self, kind: str) -> None:
        now = self._now()
        with self._lock:
            seen = self._active.get(kind)
            if seen is not None and now - seen[0] < QUIET_SECONDS:
                seen[1] += 1
                return
            suppressed = int(seen[1]) if seen else 0
            self._active[kind] = [now, 0]
        more = f" ({suppressed} more failed requests since the last line)" if suppressed else ""
        self._log.error("register unavailable: %s: answering 503 with Retry-After until it answers again%s",
                        kind, more, extra={"fields": {"failure": kind, "suppressed": suppressed}})

    def recovered(self) -> None:
        with self._lock:
            if not self._active:
                return
            kinds, count = sorted(self._active), int(sum(v[1] for v in self._active.values()))
            self._active.clear()
        self._log.warning("register answers again after %s (%d more failed requests)", ", ".join(kinds), count,
                          extra={"fields": {"recovered": kinds}})


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
    outage = OutageLog(log)
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
