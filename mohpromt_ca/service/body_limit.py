"""Bound request bodies on the API: at most ``limit`` bytes are ever held.

A pure ASGI wrapper for paths under ``prefix``: a declared Content-Length over the limit
is answered 413 at once; otherwise the body is read (counting, so a chunked body cannot
exceed it either) and replayed to the application.
"""

from __future__ import annotations

import json
from typing import Any

API_BODY_LIMIT = 1024 * 1024


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
        too_large = f"request body larger than {self.limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                if not value.isdigit():
                    await _problem(send, 400, "bad-input", "Content-Length is not a number")
                    return
                if int(value) > self.limit:
                    await _problem(send, 413, "input-too-large", too_large)
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
