"""The in-process periodic runner (``application.periodic``) for as long as the app is served."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from mohpromt_ca.application.outage_log import OutageLog
from mohpromt_ca.application.periodic import PeriodicRunner
from mohpromt_ca.authority.context import Authority


def install_periodic_tasks(app: FastAPI, authority: Authority, outages: OutageLog) -> PeriodicRunner:
    """Start the runner with the app's lifespan (not at all when the interval is 0); a lost register
    goes to ``outages``, the request path's own log (``service.outage``): one line per outage."""
    runner = PeriodicRunner(authority, interval=authority.settings.periodic_interval_seconds, outages=outages)
    app.state.periodic = runner
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        runner.start()
        try:
            async with inner(application) as state:
                yield state
        finally:
            await run_in_threadpool(runner.stop)

    app.router.lifespan_context = lifespan
    return runner
