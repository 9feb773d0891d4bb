"""Logging in and out: ``/web/login`` and ``/web/logout`` (which ends every copy of the session)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.application.errors import Throttled, Unauthenticated
from mohpromt_ca.errors import InputError
from mohpromt_ca.service.web.core import HOME, PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes
from mohpromt_ca.service.web.sessions import login_session, new_session


def add_auth_pages(routes: Routes) -> None:
    web = routes.web
    authority = web.authority

    @routes.router.get(PREFIX + "/login")
    def login_page(ctx: Ctx = Depends(web.context)) -> Response:
        return web.render(ctx, "login.html", error=None, username="")

    @routes.action("/login", public=True)
    def login(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.accounts import authenticate_user, session_state

        username = str(form.get("username") or "")[:64]
        password = str(form.get("password") or "")
        client = ctx.request.client.host if ctx.request.client else None
        try:
            info = authenticate_user(authority, username, password, client=client)
        except Throttled:
            return web.render(ctx, "login.html", status=429, error="throttled", username=username)
        except (Unauthenticated, InputError):
            return web.render(ctx, "login.html", status=401, error="wrong_login", username=username)
        stored = session_state(authority, info.username)
        password_hash = stored.password_hash if stored is not None else ""
        generation = stored.generation if stored is not None else 0
        ctx.session = login_session(username=info.username, role=info.role, facility_id=info.facility_id,
                                    signer_id=info.signer_id, password_hash=password_hash, generation=generation)
        ctx.renew = True
        return web.redirect(ctx, HOME.get(info.role, PREFIX + "/"))

    @routes.action("/logout", public=True)
    def logout(ctx: Ctx, form: FormData) -> Response:
        if ctx.session.logged_in:
            _end_sessions(authority, ctx.session.username)
        ctx.session, ctx.renew = new_session(), True
        return web.render(ctx, "login.html", error=None, username="", notice="logged_out")


def _end_sessions(authority: Any, username: str | None) -> None:
    """Every session of ``username`` opened so far ends (its generation moves on)."""
    from mohpromt_ca.application.accounts import end_sessions

    end_sessions(authority, username)
