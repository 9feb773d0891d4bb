"""A FastAPI app on localhost: the page, its script and style, and POST /api/verify.

The page captures camera frames (getUserMedia) and posts them here; zxing-cpp, shipped in
the package, finds the QR and the same verification path as `mohpromt-ca verify` judges
it. Nothing is fetched from the network: it works with the cable pulled.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from mohpromt_verifier.clock import Clock, SystemClock
from mohpromt_verifier.errors import InputError, MohpromtError
from mohpromt_verifier.verifier.verify_input import TrustOptions, verify_bytes

MAX_UPLOAD = 12 * 1024 * 1024
_ASSETS = {"verifier.js": "text/javascript; charset=utf-8", "verifier.css": "text/css; charset=utf-8"}
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
                               "connect-src 'self'; object-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


#: the offline app (``verifier build``) served under /app/: it runs WebAssembly (zxing-wasm)
_APP_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; "
            "media-src 'self' blob:; connect-src 'self'; style-src 'self'; font-src 'self'; object-src 'none'; "
            "frame-ancestors 'none'")
_APP_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
              ".json": "application/json", ".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
              ".png": "image/png", ".ttf": "font/ttf", ".txt": "text/plain; charset=utf-8"}


def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


async def _read(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_UPLOAD:
        raise HTTPException(413, "the upload is larger than 12 MiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_UPLOAD:
            raise HTTPException(413, "the upload is larger than 12 MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def create_verifier_app(options: TrustOptions, clock: Clock | None = None, app_dir: Path | None = None) -> FastAPI:
    """The page at /, POST /api/verify; with ``app_dir`` (a ``verifier build`` folder) the offline
    app at /app/, whose PDF upload (``app/api/verify``) goes to the same verification."""
    clock = clock or SystemClock()
    app = FastAPI(title="mohpromt-ca verifier", docs_url=None, redoc_url=None, openapi_url=None)
    page = _asset("index.html")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        if app_dir is not None and request.url.path.startswith("/app/"):
            response.headers["Content-Security-Policy"] = _APP_CSP
            response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/", response_class=HTMLResponse)
    async def index() -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    @app.get("/static/{name}")
    async def static(name: str) -> Response:
        if name not in _ASSETS:
            raise HTTPException(404, "not found")
        return Response(_asset(name), media_type=_ASSETS[name])

    @app.post("/api/verify")
    @app.post("/app/api/verify")
    async def verify(request: Request) -> JSONResponse:
        body = await _read(request)
        if not body:
            raise HTTPException(400, "empty body")

        def run() -> dict[str, Any]:
            try:
                reports = verify_bytes(body, clock=clock, options=options)
            except InputError as exc:
                if "no QR code" in exc.message:
                    return {"status": "no-qr"}
                return {"status": "error", "message": exc.message}
            except MohpromtError as exc:
                return {"status": "error", "message": exc.message}
            return {"status": "ok", "reports": [r.as_dict() for r in reports]}

        return JSONResponse(await run_in_threadpool(run))

    if app_dir is not None:
        root = app_dir.resolve()

        @app.get("/app/{name:path}")
        async def offline_app(name: str) -> Response:
            target = (root / (name or "index.html")).resolve()
            if root not in target.parents or not target.is_file() or target.suffix not in _APP_TYPES:
                raise HTTPException(404, "not found")
            return Response(target.read_bytes(), media_type=_APP_TYPES[target.suffix])

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
