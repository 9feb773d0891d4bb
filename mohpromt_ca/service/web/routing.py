"""Registers the page handlers on the router, each behind its gates.

``routes.page(path, *roles)`` is a GET that needs a session with one of ``roles``;
``routes.action(path, *roles)`` is a POST whose CSRF check runs first, always, and then the
same role gate (``public=True``: the CSRF check only — login, logout, registration). A POST
under ``/web`` is registered only through ``action``, so no handler can forget the check.
In both, a :class:`MohpromtError` the handler raises becomes an error page (not for public
actions: they answer their own errors). Handlers name ``ctx`` (and ``form``) among their
parameters; ``routing`` supplies them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service.web.core import PREFIX, Ctx, Web, posted_form

Handler = Callable[..., Response]
CSRF_CHECKED = "_mohpromt_csrf_checked"  # set on every endpoint ``action`` registers


class Routes:
    def __init__(self, web: Web, router: APIRouter) -> None:
        self.web = web
        self.router = router

    def page(self, path: str, *roles: str) -> Callable[[Handler], Handler]:
        def gate(ctx: Ctx, form: FormData | None) -> Response | None:
            return self.web.need(ctx, *roles)

        return self._register(self.router.get, path, gate, guard=True)

    def action(self, path: str, *roles: str, public: bool = False) -> Callable[[Handler], Handler]:
        def gate(ctx: Ctx, form: FormData | None) -> Response | None:
            assert form is not None
            refused = self.web.check_post(ctx, form)
            if refused is not None or public:
                return refused
            return self.web.need(ctx, *roles)

        return self._register(self.router.post, path, gate, guard=not public, form=True)

    def _register(self, method: Callable[..., Any], path: str, gate: Callable[[Ctx, FormData | None], Response | None],
                  *, guard: bool, form: bool = False) -> Callable[[Handler], Handler]:
        def decorate(fn: Handler) -> Handler:
            endpoint = self._endpoint(fn, gate, guard=guard, form=form)
            method(PREFIX + path)(endpoint)
            return fn

        return decorate

    def _endpoint(self, fn: Handler, gate: Callable[[Ctx, FormData | None], Response | None], *,
                  guard: bool, form: bool) -> Handler:
        supplied = {"ctx": Depends(self.web.context), "form": Depends(posted_form)}
        signature = inspect.signature(fn, eval_str=True)
        if "ctx" not in signature.parameters or form != ("form" in signature.parameters):
            raise TypeError(f"{fn.__name__}: a page takes ctx, and an action takes ctx and form")
        params = [p.replace(default=supplied.get(p.name, p.default), kind=inspect.Parameter.KEYWORD_ONLY)
                  for p in signature.parameters.values()]

        @functools.wraps(fn)
        def endpoint(**kwargs: Any) -> Response:
            ctx: Ctx = kwargs["ctx"]
            try:
                if (stopped := gate(ctx, kwargs.get("form"))) is not None:
                    return stopped
                return fn(**kwargs)
            except MohpromtError as exc:
                if not guard:
                    raise
                return self.web.problem_page(ctx, exc)

        endpoint.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        setattr(endpoint, CSRF_CHECKED, form)
        return endpoint
