"""Bound request bodies on the API: at most ``limit`` bytes are ever held.

A pure ASGI wrapper for paths under ``prefix``: a declared Content-Length over the limit
is answered 413 at once; otherwise the body is read (counting, so a chunked body cannot
exceed it either) and replayed to the application.

The one exception is a streamed upload (:data:`STREAMED`: an NDJSON bulk job): it is passed
through unread, up to :data:`STREAM_LIMIT` declared bytes; the route reads it piece by piece and
counts it itself (``bulk_jobs.NdjsonRecords``), never holding it whole.
"""

from __future__ import annotations

import json
from typing import Any

API_BODY_LIMIT = 1024 * 1024
STREAM_LIMIT = 64 * 1024 * 1024
#: (method, path, media type) of requests whose body the route streams itself
STREAMED = {(b"POST", "/api/v1/bulk-jobs", b"application/x-ndjson")}


async def _problem(send: Any, status: int, code: str, title: str) -> None:
    body = json.dumps({"type": f"urn:mohpromt:error:{code}", "title": title, "status": status, "code": code}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: Any, *, limit: int = API_BODY_LIMIT, prefix: str = "/api/") -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        streamed = (scope.get("method", "").encode(), scope.get("path", ""), media) in STREAMED
        limit = STREAM_LIMIT if streamed else self.limit
        too_large = f"request body larger than {limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                if not value.isdigit():
                    await _problem(send, 400, "bad-input", "Content-Length is not a number")
                    return
                if int(value) > limit:
                    await _problem(send, 413, "input-too-large", too_large)
                    return
        if streamed:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _problem(send, 413, "input-too-large", too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
