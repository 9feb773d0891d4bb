"""The web pages' core: one request's context, rendering, redirects, security headers and the gates.

Every page is rendered by Jinja2 with autoescaping on and sent with a Content-Security-Policy
that allows no inline script (``script-src 'self'``: one small static file shows "signing…"),
``X-Frame-Options: DENY``, ``Referrer-Policy: same-origin`` and ``Cache-Control: no-store``.
Every POST carries a CSRF token bound to the session (``sessions``) and, when the browser
sends an ``Origin`` (or ``Referer``), it must be this site's; otherwise 403 with a page
that says what to do (:meth:`Web.check_post`; ``routing`` runs it before every POST handler).
"""

from __future__ import annotations

import dataclasses
import time
import urllib.parse
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from mohpromt_ca.application.authorization import USER, Principal
from mohpromt_ca.application.documents import DocumentService
from mohpromt_ca.application.errors import Forbidden
from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service.web import forms, i18n
from mohpromt_ca.service.web.sessions import (
    COOKIE,
    IDLE,
    LANG_COOKIE,
    REFRESH_AFTER,
    Session,
    SessionCodec,
    load_secret,
    new_session,
)

PREFIX = "/web"
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                    "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
HOME = {"ra-officer": f"{PREFIX}/ra", "facility-admin": f"{PREFIX}/facility", "signer": f"{PREFIX}/issue"}


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


@dataclasses.dataclass
class Ctx:
    """One request's session, language and whether the cookie must be (re)sent."""

    request: Request
    session: Session
    lang: str
    renew: bool
    password_hash: str | None = None

    @property
    def principal(self) -> Principal | None:
        s = self.session
        if not s.logged_in:
            return None
        return Principal(USER, s.username or "", s.role or "", s.facility_id, s.signer_id)


async def posted_form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=2000)


class Web:
    """Sessions, rendering and gates shared by every page module."""

    def __init__(self, documents: DocumentService) -> None:
        import jinja2

        self.documents = documents
        self.authority = documents.authority
        self.codec = SessionCodec(load_secret(self.authority))
        self.https_base = str(self.authority.settings.base_url).lower().startswith("https://")
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(quote=quote, PREFIX=PREFIX, forms=forms, i18n=i18n)

    # -- sessions ------------------------------------------------------------------------
    def context(self, request: Request) -> Ctx:
        now = int(time.time())
        lang = request.cookies.get(LANG_COOKIE, i18n.DEFAULT_LANG)
        lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
        session = self.codec.decode(request.cookies.get(COOKIE), now)
        if session is None:
            return Ctx(request, new_session(now), lang, True)
        if session.logged_in and not self._still_valid(session):
            return Ctx(request, new_session(now), lang, True)
        renew = now - session.seen >= REFRESH_AFTER
        if renew:
            session = dataclasses.replace(session, seen=now)
        return Ctx(request, session, lang, renew)

    def _still_valid(self, session: Session) -> bool:
        from mohpromt_ca.application.accounts import session_state
        from mohpromt_ca.service.web.sessions import password_fingerprint

        user = session_state(self.authority, session.username)
        if user is None or user.disabled:
            return False
        return (user.role, user.facility_id, user.signer_id) == (session.role, session.facility_id, session.signer_id) \
            and password_fingerprint(user.password_hash) == session.pw and user.generation == session.gen

    def secure(self, request: Request) -> bool:
        return request.url.scheme == "https" or self.https_base

    def finish(self, ctx: Ctx, response: Response) -> Response:
        """The response with the session cookie (when due) and the security headers."""
        if ctx.renew:
            response.set_cookie(COOKIE, self.codec.encode(ctx.session), max_age=IDLE, path="/", httponly=True,
                                samesite="lax", secure=self.secure(ctx.request))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    # -- responses -----------------------------------------------------------------------
    def render(self, ctx: Ctx, template: str, status: int = 200, **values: Any) -> Response:
        lang = ctx.lang

        def t(key: str, **words: Any) -> str:
            return i18n.t(lang, key, **words)

        page = self.env.get_template(template).render(
            t=t, lang=lang, label=lambda name, path=None: i18n.field_label(lang, name, path),
            option=lambda value, field=None: i18n.enum_label(lang, value, field),
            hint=lambda description: i18n.hint(lang, description),
            when=lambda moment: i18n.when(lang, moment), type_title=self.type_title(lang),
            csrf=self.codec.csrf_token(ctx.session),
            user=ctx.session if ctx.session.logged_in else None, path=ctx.request.url.path, **values)
        return self.finish(ctx, HTMLResponse(page, status_code=status))

    def type_title(self, lang: str) -> Any:
        """A function: a document type's key -> its title in ``lang`` (the key itself when unknown)."""
        from mohpromt_ca.service.web.kinds import type_titles

        titles = type_titles(self.documents.types)
        return lambda key: i18n.pick(lang, titles[key]) if key in titles else key

    def redirect(self, ctx: Ctx, to: str) -> Response:
        return self.finish(ctx, RedirectResponse(to, status_code=303))

    def problem_page(self, ctx: Ctx, exc: MohpromtError) -> Response:
        title = {401: "session_expired", 403: "forbidden", 404: "not_found", 429: "throttled"}.get(
            exc.http_status, "error")
        status = exc.http_status if 400 <= exc.http_status < 600 else 400
        return self.render(ctx, "error.html", status=status, title=title,
                           message=i18n.error_text(ctx.lang, exc.message, exc.code), code=exc.code)

    # -- gates ---------------------------------------------------------------------------
    def check_post(self, ctx: Ctx, form: FormData) -> Response | None:
        """403 unless the form's CSRF token is this session's and the request comes from this site."""
        request = ctx.request
        origin = request.headers.get("origin") or request.headers.get("referer")
        if origin and origin != "null":
            parsed = urllib.parse.urlsplit(origin)
            mine = {f"{request.url.scheme}://{request.url.netloc}".lower()}
            base = urllib.parse.urlsplit(str(self.authority.settings.base_url))
            mine.add(f"{base.scheme}://{base.netloc}".lower())
            if f"{parsed.scheme}://{parsed.netloc}".lower() not in mine:
                return self._csrf_refused(ctx)
        elif origin == "null":
            return self._csrf_refused(ctx)
        token = form.get("csrf_token")
        if not self.codec.csrf_ok(ctx.session, token if isinstance(token, str) else None):
            return self._csrf_refused(ctx)
        return None

    def _csrf_refused(self, ctx: Ctx) -> Response:
        return self.render(ctx, "error.html", status=403, title="csrf_title", message=None, csrf_failure=True)

    def need(self, ctx: Ctx, *roles: str) -> Response | None:
        """A redirect to the login page, or 403, unless the session is logged in with one of ``roles``."""
        if not ctx.session.logged_in:
            return self.redirect(ctx, f"{PREFIX}/login")
        if roles and ctx.session.role not in roles:
            return self.problem_page(ctx, Forbidden(i18n.t(ctx.lang, "forbidden")))
        return None

    def acting(self, principal: Principal) -> Any:
        """The authority, naming the user in the audit log."""
        return dataclasses.replace(self.authority, actor=principal.label)
