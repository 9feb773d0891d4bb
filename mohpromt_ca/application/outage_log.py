"""One log line per failure class while the register is lost, for the whole process.

The request path (``service.outage``: 503 with Retry-After) and the periodic runner
(``application.periodic``) report to the same :class:`OutageLog`: the first of them to meet a
lost register logs one line, the others are counted, and the first to find it answering again
logs the recovery. A traceback or a line per request (or per periodic round) would bury the one
line an operator needs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

__all__ = ["QUIET_SECONDS", "OutageLog"]

#: after this long without a line for a failure class, the next failure of that class is logged again
QUIET_SECONDS = 60.0


class OutageLog:
    """One log line when a failure class starts (again, after :data:`QUIET_SECONDS`), one when the
    register answers again; the failures in between are counted, not logged. ``consequence``: what
    this process does meanwhile (the service answers 503)."""

    def __init__(self, log: logging.Logger, now: Callable[[], float] = time.monotonic, *,
                 consequence: str = "retrying until it answers again") -> None:
        self._log, self._now, self._consequence = log, now, consequence
        self._active: dict[str, list[float]] = {}  # class -> [last logged at, failures since]
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
        more = f" ({suppressed} more failures since the last line)" if suppressed else ""
        self._log.error("register unavailable: %s: %s%s", kind, self._consequence, more,
                        extra={"fields": {"failure": kind, "suppressed": suppressed}})

    def recovered(self) -> None:
        with self._lock:
            if not self._active:
                return
            kinds, count = sorted(self._active), int(sum(v[1] for v in self._active.values()))
            self._active.clear()
        self._log.warning("register answers again after %s (%d more failures)", ", ".join(kinds), count,
                          extra={"fields": {"recovered": kinds}})
