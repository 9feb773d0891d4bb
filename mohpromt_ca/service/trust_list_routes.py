"""Our trust lists at stable URLs, with ETag and cache headers (issue 6's publishing half).

Signing a list makes new ECDSA signatures every time, so each list is built once and served
from memory until what it lists changes (the DSCs and revocations it was made from) or an
hour passes; its ETag is then stable and If-None-Match answers 304.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.trust_list_export import IMPORTABLE, PUBLISHED
from mohpromt_ca.config import Settings

PREFIX = "/trust-lists"
REBUILD_AFTER = dt.timedelta(hours=1)
MAX_AGE_SECONDS = 300


@dataclass(frozen=True)
class _Built:
    data: bytes
    etag: str
    made_at: dt.datetime
    source: str


class PublishedLists:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._built: dict[str, _Built] = {}
        self._lock = threading.Lock()

    def _source_mark(self, fmt: str, now: dt.datetime) -> str:
        from mohpromt_ca.application.document_revocations import dcc_source_mark, source_mark
        from mohpromt_ca.authority.trust_list_contents import exported_dscs
        from mohpromt_ca.authority.trust_list_export import exported_signers

        if fmt in ("gateway", "national", "gdhcn-did"):
            ders = sorted(c.certificate.fingerprint(_sha256()) for c in exported_dscs(self.authority, now))
            return hashlib.sha256(b"".join(ders)).hexdigest()
        if fmt == "signers":
            ders = sorted(c.fingerprint(_sha256()) for c in exported_signers(self.authority, now))
            return hashlib.sha256(b"".join(ders)).hexdigest()
        if fmt == "revocation":
            return dcc_source_mark(self.authority)
        if fmt == "document-revocation":
            return source_mark(self.authority)
        return "static"

    def get(self, fmt: str) -> _Built:
        from mohpromt_ca.authority.trust_list_export import export

        now = self.authority.clock.now()
        mark = self._source_mark(fmt, now)
        with self._lock:
            built = self._built.get(fmt)
            if built is not None and built.source == mark and now - built.made_at < REBUILD_AFTER:
                return built
            if fmt == "document-revocation":
                from mohpromt_ca.application.document_revocations import export_document_revocations

                data = export_document_revocations(self.authority, now=now)
            else:
                data = export(self.authority, fmt, now=now)
            built = _Built(data, f'"{hashlib.sha256(data).hexdigest()[:32]}"', now, mark)
            self._built[fmt] = built
            return built

    def signer_pem(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding

        from mohpromt_ca.authority.trust_list_signer import trust_list_key

        return trust_list_key(self.authority).certificate.public_bytes(Encoding.PEM)


def public_base(settings: Settings, request: Request) -> str:
    """Where the world reaches this service: the configured MOHPROMT_BASE_URL (behind a reverse
    proxy the request's Host is the proxy's view, and a client chooses it, so it must not name
    the lists' URLs); only when the operator set none, the address the request came to."""
    if "base_url" in settings.model_fields_set:
        return settings.base_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def _sha256() -> Any:
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def trust_list_router(authority: Authority) -> APIRouter:
    lists = PublishedLists(authority)
    router = APIRouter(prefix=PREFIX)

    @router.get("/")
    async def index(request: Request) -> dict[str, Any]:
        """Every list we publish and the signer certificate to pin: a border post takes all in one step."""
        base = public_base(authority.settings, request) + PREFIX
        return {
            "signer": f"{base}/signer.pem",
            "lists": [{"name": name, "url": f"{base}/{name}", "format": fmt, "mediaType": media_type,
                       "importable": name in IMPORTABLE} for name, (fmt, media_type) in PUBLISHED.items()],
        }

    @router.get("/signer.pem")
    async def signer() -> Response:
        pem = await run_in_threadpool(lists.signer_pem)
        return Response(pem, media_type="application/x-pem-file", headers={"Cache-Control": "public, max-age=3600"})

    @router.get("/{name}")
    async def published(name: str, request: Request) -> Response:
        if name not in PUBLISHED:
            raise HTTPException(404, f"no published list named {name!r}; lists: {', '.join(PUBLISHED)}")
        fmt, media_type = PUBLISHED[name]
        built = await run_in_threadpool(lists.get, fmt)
        headers = {"ETag": built.etag, "Cache-Control": f"public, max-age={MAX_AGE_SECONDS}",
                   "Last-Modified": email.utils.format_datetime(built.made_at.astimezone(dt.UTC), usegmt=True)}
        wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
        if built.etag in wanted or "*" in wanted:
            return Response(status_code=304, headers=headers)
        return Response(built.data, media_type=media_type, headers=headers)

    return router
