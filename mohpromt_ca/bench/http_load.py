"""What the HTTP scenarios share: concurrent POSTs against one URL for a while, and the
latency percentiles they print (``pki-http``, ``ocsp-http``, ``service-http``)."""

from __future__ import annotations

import asyncio
import statistics
import time

__all__ = ["percentiles_ms", "post_load"]


async def post_load(url: str, body: bytes, content_type: str, seconds: float, *, clients: int,
                    timeout: float = 60.0) -> tuple[int, list[float], float]:
    """``clients`` connections POST ``body`` to ``url`` until ``seconds`` have passed; every answer
    must be 200. Returns the number of requests, their latencies (s) and the elapsed time (s)."""
    import httpx

    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        async with httpx.AsyncClient(timeout=timeout) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                reply = await http.post(url, content=body, headers={"Content-Type": content_type})
                if reply.status_code != 200:
                    raise RuntimeError(f"{url} answered {reply.status_code}")
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return len(latencies), latencies, time.perf_counter() - started


def percentiles_ms(latencies: list[float]) -> tuple[float, float]:
    """p50 and p99 of ``latencies`` (seconds), in milliseconds; 0 for none."""
    ordered = sorted(latencies) or [0.0]
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
