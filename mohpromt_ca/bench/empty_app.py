"""The yardstick for the HTTP benchmarks: a FastAPI app whose POST does nothing."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/empty")
async def empty(request: Request) -> Response:
    await request.body()
    return Response(b"", media_type="application/octet-stream")


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
