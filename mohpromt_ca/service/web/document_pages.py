"""Issued documents, ``/web/documents``: the history, one document, its downloads, revoking it.

Open to the signer (its own documents) and the facility administrator (the facility's);
``DocumentService`` decides which, by the session's principal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.application.documents import REVOCATION_REASONS
from mohpromt_ca.errors import InputError, NotFound
from mohpromt_ca.service.web import i18n, kinds
from mohpromt_ca.service.web.core import PREFIX, Ctx, quote
from mohpromt_ca.service.web.document_search import read_query, search
from mohpromt_ca.service.web.routing import Routes

READERS = ("signer", "facility-admin")


def add_document_pages(routes: Routes) -> None:
    web = routes.web
    documents = web.documents

    @routes.page("/documents", *READERS)
    def history(ctx: Ctx, number: str = "", type: str = "", status: str = "",
                date_from: str = "", date_to: str = "") -> Response:
        from mohpromt_ca.templates import type_keys

        assert ctx.principal is not None
        query = read_query(number, type, status, date_from, date_to)
        rows = search(documents, ctx.principal, query)
        types = [*type_keys(documents.types), *kinds.DCC_KINDS]
        return web.render(ctx, "history.html", rows=rows, query={k: (v.isoformat() if isinstance(v, dt.date) else v)
                                                                  for k, v in query.items()}, types=types)

    def owned(ctx: Ctx, number: str) -> Any:
        assert ctx.principal is not None
        return documents.status(ctx.principal, number)

    def hc1_of(ctx: Ctx, number: str) -> tuple[Any, str]:
        assert ctx.principal is not None
        try:
            return documents.hc1(ctx.principal, number)
        except NotFound as exc:
            if "is a PDF" in exc.message:
                raise NotFound("this document is a PDF, not a DCC") from None
            raise

    def download(ctx: Ctx, body: bytes | str, media_type: str, disposition: str) -> Response:
        return web.finish(ctx, Response(body, media_type=media_type, headers={"Content-Disposition": disposition}))

    @routes.page("/documents/{number:path}/pdf", *READERS)
    def download_pdf(number: str, ctx: Ctx) -> Response:
        assert ctx.principal is not None
        view, pdf = documents.pdf(ctx.principal, number)
        return download(ctx, pdf, "application/pdf", f'attachment; filename="{_filename(view.number)}.pdf"')

    @routes.page("/documents/{number:path}/qr.png", *READERS)
    def qr_png(number: str, ctx: Ctx) -> Response:
        from mohpromt_verifier.formats.qr import qr_png as make_png

        view, hc1 = hc1_of(ctx, number)
        disposition = "attachment" if ctx.request.query_params.get("download") else "inline"
        return download(ctx, make_png(hc1), "image/png", f'{disposition}; filename="{_filename(view.number)}.png"')

    @routes.page("/documents/{number:path}/hc1.txt", *READERS)
    def hc1_text(number: str, ctx: Ctx) -> Response:
        view, hc1 = hc1_of(ctx, number)
        return download(ctx, hc1, "text/plain; charset=us-ascii",
                        f'attachment; filename="{_filename(view.number)}.hc1.txt"')

    @routes.action("/documents/{number:path}/revoke", *READERS)
    def revoke(number: str, ctx: Ctx, form: FormData) -> Response:
        assert ctx.principal is not None
        reason = str(form.get("reason") or "")
        if reason not in REVOCATION_REASONS:
            raise InputError(i18n.t(ctx.lang, "reason_required"))
        view = documents.revoke(ctx.principal, number, reason=reason)
        return web.redirect(ctx, f"{PREFIX}/documents/{quote(view.number)}?revoked=1")

    @routes.page("/documents/{number:path}", *READERS)
    def document(number: str, ctx: Ctx) -> Response:
        view = owned(ctx, number)
        notice = "issued_ok" if ctx.request.query_params.get("issued") else (
            "revoked_doc" if ctx.request.query_params.get("revoked") else None)
        return web.render(ctx, "document.html", doc=view, notice=notice, reasons=REVOCATION_REASONS)


def _filename(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in number)[:100]
