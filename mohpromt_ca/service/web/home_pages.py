"""``/`` and ``/web/``: to the login page or the role's home page; ``/web/lang/{lang}`` sets the language."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from mohpromt_ca.service.web import i18n
from mohpromt_ca.service.web.core import HOME, PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes
from mohpromt_ca.service.web.sessions import LANG_COOKIE


def add_home_pages(routes: Routes) -> None:
    router, web = routes.router, routes.web

    @router.get(PREFIX + "/lang/{lang}")
    def switch_language(lang: str, request: Request, back: str = PREFIX + "/") -> Response:
        target = back if back.startswith(PREFIX + "/") and "//" not in back and "\\" not in back else PREFIX + "/"
        response = RedirectResponse(target, status_code=303)
        if lang in i18n.LANGS:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax",
                                secure=web.secure(request))
        return response

    @router.get("/")
    def root() -> Response:
        return RedirectResponse(PREFIX + "/", status_code=303)

    @router.get(PREFIX)
    @router.get(PREFIX + "/")
    def home(ctx: Ctx = Depends(web.context)) -> Response:
        if not ctx.session.logged_in:
            return web.redirect(ctx, f"{PREFIX}/login")
        return web.redirect(ctx, HOME.get(ctx.session.role or "", f"{PREFIX}/login"))
