"""Read a request body without ever holding more than the limit."""

from __future__ import annotations

from fastapi import HTTPException, Request

PKI_BODY_LIMIT = 64 * 1024


async def read_bounded(request: Request, limit: int = PKI_BODY_LIMIT) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise HTTPException(413, f"request body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def require_content_type(request: Request, expected: str) -> None:
    given = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if given != expected:
        raise HTTPException(415, f"Content-Type must be {expected}")
