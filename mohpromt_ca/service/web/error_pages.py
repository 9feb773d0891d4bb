"""Error pages for ``/web``: a page in Thai and English where the app would answer JSON.

The API keeps its ``application/problem+json`` answers. Under ``/web``, an answer the pages
did not render themselves (an unknown page: 404, a body over the limit: 413 from
``BodyLimit``, a failure: 500, the register down: 503, ...) is replaced by ``error.html`` in
the visitor's language, with the machine code, the security headers and the same status.

:class:`WebErrorPages` is a pure ASGI wrapper, added once in ``app.create_service_app``;
it holds nothing but the one response it replaces. An exception that escapes a page is
handed to the app's own exception handler for its class (which logs it, as for the API),
and the status that handler chose is shown as a page.
"""

from __future__ import annotations

import inspect
import json
import logging
from http.cookies import CookieError, SimpleCookie
from typing import Any

from mohpromt_ca.service.web import i18n
from mohpromt_ca.service.web.core import HERE, PREFIX, SECURITY_HEADERS
from mohpromt_ca.service.web.sessions import LANG_COOKIE

log = logging.getLogger("mohpromt_ca.service")

#: status -> (title key, body key) in the catalogue
PAGES: dict[int, tuple[str, str | None]] = {
    400: ("bad_request", None), 401: ("session_expired", None), 403: ("forbidden", None),
    404: ("not_found", "not_found_body"), 405: ("not_found", "not_found_body"), 413: ("too_large", "too_large_body"),
    422: ("bad_request", None), 429: ("throttled", None), 500: ("server_error", "server_error_body"),
    503: ("unavailable", "unavailable_body"),
}
MAX_REPLACED = 64 * 1024  # a JSON error body is small; anything larger is passed through


def _lang(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            try:
                jar: SimpleCookie = SimpleCookie(value.decode("latin-1"))
            except CookieError:
                break
            morsel = jar.get(LANG_COOKIE)
            if morsel is not None and morsel.value in i18n.LANGS:
                return morsel.value
    return i18n.DEFAULT_LANG


class ErrorPage:
    """Renders ``error.html`` outside a page handler (no session: nobody is shown as logged in)."""

    def __init__(self) -> None:
        import jinja2

        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)

    def render(self, status: int, lang: str, path: str, code: str | None) -> bytes:
        title, body = PAGES.get(status, ("server_error" if status >= 500 else "bad_request", None))
        page = self.env.get_template("error.html").render(
            t=lambda key, **words: i18n.t(lang, key, **words), lang=lang, PREFIX=PREFIX, path=path, user=None,
            csrf="", title=title, body=body, message=None, code=code, status=status)
        return page.encode("utf-8")


class WebErrorPages:
    def __init__(self, app: Any, *, handlers: dict[Any, Any] | None = None, prefix: str = PREFIX) -> None:
        self.app = app
        self.handlers = handlers if handlers is not None else {}
        self.prefix = prefix
        self.pages = ErrorPage()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == self.prefix or path.startswith(self.prefix + "/")):
            await self.app(scope, receive, send)
            return
        held: dict[str, Any] = {}
        started = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = dict(message.get("headers", ()))
                kind = headers.get(b"content-type", b"").split(b";")[0].strip()
                if message["status"] >= 400 and kind in (b"application/json", b"application/problem+json"):
                    held.update(status=message["status"], body=b"")
                    return
            elif message["type"] == "http.response.body" and held:
                held["body"] += message.get("body", b"")[:MAX_REPLACED]
                if not message.get("more_body", False):
                    await self._page(send, held["status"], scope, _code_of(held["body"]))
                return
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            status = await self._handled_status(scope, exc)
            await self._page(send, status, scope, None)

    async def _handled_status(self, scope: Any, exc: Exception) -> int:
        """What the app's own handler for ``exc`` answers (it logs); 500 when there is none."""
        from starlette.requests import Request

        handler = next((self.handlers[c] for c in type(exc).__mro__ if c in self.handlers), None)
        if handler is None:
            route = getattr(scope.get("route"), "path", None) or "(no route)"
            log.error("unexpected %s on %s %s", type(exc).__name__, scope.get("method"), route)
            return 500
        try:
            answer = handler(Request(scope), exc)
            if inspect.isawaitable(answer):
                answer = await answer
            return int(getattr(answer, "status_code", 500))
        except Exception:  # noqa: BLE001 - the handler failed too: still a page, not a traceback
            log.exception("the error handler failed")
            return 500

    async def _page(self, send: Any, status: int, scope: Any, code: str | None) -> None:
        body = self.pages.render(status, _lang(scope), scope.get("path", PREFIX), code)
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        if status == 413:
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _code_of(body: bytes) -> str | None:
    try:
        code = json.loads(body).get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) and len(code) <= 64 else None
