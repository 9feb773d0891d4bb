"""The signer's issuance pages, ``/web/issue``: choose a type, fill its form, preview, sign.

The signer and facility printed on a document come from the register (``kinds.SignerRecord``),
locked in the form whatever it posts.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.errors import Forbidden, Unauthenticated
from mohpromt_ca.errors import InputError, MohpromtError, NotFound
from mohpromt_ca.service.web import forms, i18n, kinds
from mohpromt_ca.service.web.core import PREFIX, Ctx, quote
from mohpromt_ca.service.web.issue_values import hidden, posted_values, summary
from mohpromt_ca.service.web.refusals import field_problems
from mohpromt_ca.service.web.routing import Routes

SIGNER = "signer"


def add_issue_pages(routes: Routes) -> None:
    web = routes.web
    authority, documents = web.authority, web.documents

    def signer_record(principal: Principal) -> kinds.SignerRecord:
        from mohpromt_ca.application.registration import signer_record as record_of

        record = record_of(authority, principal)
        if record is None:
            raise Forbidden("this account has no signer")
        return record

    def form_page(ctx: Ctx, kind: kinds.FormKind, record: kinds.SignerRecord, values: dict[str, Any], *,
                  errors: list[tuple[str, str]] | None = None, add: str | None = None, status: int = 200,
                  message: str | None = None) -> Response:
        shape = kind.shape
        rows = forms.row_counts(shape, values, add)
        said = [(path, i18n.error_text(ctx.lang, text)) for path, text in errors or []]
        placed, unplaced = forms.attach_errors(shape, said, rows)
        loose = [f"{i18n.field_label(ctx.lang, path.rsplit('.', 1)[-1], path)}: {text}" if path else text
                 for path, text in unplaced]
        if message:
            loose.append(i18n.error_text(ctx.lang, message))
        return web.render(ctx, "issue_form.html", status=status, kind=kind, shape=shape, values=values, rows=rows,
                          errors=placed, loose=loose, locked=kind.locked(record),
                          choices=kind.choices(record, ctx.lang), signer=record, has_errors=bool(errors or message))

    @routes.page("/issue", SIGNER)
    def issue_index(ctx: Ctx) -> Response:
        from mohpromt_ca.templates import list_types

        assert ctx.principal is not None
        record = signer_record(ctx.principal)
        allowed = [k for k, t in zip(kinds.pdf_kinds(documents.types), list_types(documents.types), strict=True)
                   if record.profession in t.schema.allowed_professions]
        return web.render(ctx, "issue_index.html", pdf_kinds=allowed, dcc_kinds=kinds.dcc_kinds(), signer=record)

    @routes.page("/issue/{slug}", SIGNER)
    def issue_form(slug: str, ctx: Ctx) -> Response:
        assert ctx.principal is not None
        record = signer_record(ctx.principal)
        kind = read_kind(slug, documents.types)
        values = {**kind.defaults(authority.clock.now()), **kind.locked(record)}
        return form_page(ctx, kind, record, values)

    @routes.action("/issue/{slug}/{step}", SIGNER)
    def issue_step(slug: str, step: str, ctx: Ctx, form: FormData) -> Response:
        principal = ctx.principal
        assert principal is not None
        record = signer_record(principal)
        kind = read_kind(slug, documents.types)
        data, shown = posted_values(form, kind, record)
        if step == "edit":
            add = str(form.get("_add") or "") or None
            return form_page(ctx, kind, record, shown, add=add)
        problems = kind.check(data)
        if problems:
            return form_page(ctx, kind, record, shown, errors=problems, status=422)
        if step == "preview":
            coded = {path: dict(options) for path, options in kind.choices(record, ctx.lang).items()}
            return web.render(ctx, "preview.html", kind=kind, summary=summary(kind.shape, data, ctx.lang),
                              hidden=hidden(shown), coded=coded,
                              signer_id=str(form.get("signer_id") or record.signer_id))
        if step == "preview.pdf" and kind.kind == "pdf":
            return web.finish(ctx, preview_pdf(kind, data, record.signer_id))
        if step != "sign":
            raise NotFound("no such step")
        try:
            signer_id = int(str(form.get("signer_id") or record.signer_id))
        except ValueError:
            raise InputError("signer_id must be a number") from None
        try:
            if kind.kind == "pdf":
                view = documents.issue_pdf(principal, type_key=kind.key, data=data, signer_id=signer_id)
            else:
                if signer_id != principal.signer_id:
                    raise Forbidden(f"you may not sign with signer {signer_id}")
                view = documents.issue_dcc(principal, data=data, dcc_type=kind.key)
        except (Forbidden, Unauthenticated):
            raise
        except InputError as exc:
            return form_page(ctx, kind, record, shown, errors=field_problems(exc), status=422)
        except MohpromtError as exc:
            if exc.http_status == 409 and kind.kind == "pdf" and exc.code != "no-dsc":  # the number is taken
                return form_page(ctx, kind, record, shown, errors=[("document_number", exc.message)], status=409)
            if exc.http_status in (409, 422):  # e.g. no DSC for this type yet: say so above the form, keep the values
                sentence = i18n.t(ctx.lang, "no_dsc") if exc.code == "no-dsc" else exc.message
                return form_page(ctx, kind, record, shown, status=exc.http_status, message=sentence)
            raise
        return web.redirect(ctx, f"{PREFIX}/documents/{quote(view.number)}?issued=1")

    def preview_pdf(kind: kinds.FormKind, data: dict[str, Any], signer_id: int) -> Response:
        """The unsigned preview shows the face the signed document will have: signer, facility and
        issue time from the register and the clock (``PdfIssuer.prepare``), under a watermark."""
        from mohpromt_ca.issuer.rendering import PREVIEW_WATERMARK
        from mohpromt_ca.templates import get_type

        ctype = get_type(kind.key, documents.types)
        issuer = documents.pdf_issuer()
        model, _material = issuer.prepare(kind.key, data, signer_id=signer_id)
        pdf = issuer.renderer.render_validated(ctype, model, "PREVIEW - NOT SIGNED - NOT VALID",
                                               watermark=PREVIEW_WATERMARK)
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": 'inline; filename="preview-not-signed.pdf"'})


def read_kind(slug: str, types: Any = None) -> kinds.FormKind:
    kind = kinds.find_kind(slug, types)
    if kind is None:
        raise NotFound("no such certificate type")
    return kind
