"""The pages' two static files and the Sarabun fonts, served under ``/web/static`` (no CDN)."""

from __future__ import annotations

from fastapi.responses import Response

from mohpromt_ca.service.web.core import HERE, PREFIX
from mohpromt_ca.service.web.routing import Routes

STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")  # the government's typeface, from fontpkg-sarabun: no CDN


def add_static_files(routes: Routes) -> None:
    router = routes.router

    @router.get(PREFIX + "/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})

    @router.get(PREFIX + "/static/fonts/{name}")
    def font(name: str) -> Response:
        from mohpromt_ca.issuer.rendering import font_dir

        if name not in FONTS:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response((font_dir() / name).read_bytes(), media_type="font/ttf",
                        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
