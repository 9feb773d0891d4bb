"""The issuance service's web pages (Jinja2, Thai and English).

``web_router(documents)`` is everything the app includes: the pages under ``/web``, their
two static files, and ``/`` redirecting to ``/web/``. ``router`` assembles it from one
module per group of pages (``auth_pages``, ``registration_pages``, ``ra_pages``,
``facility_pages``, ``issue_pages``, ``document_pages``); ``core`` holds the request
context, rendering and the CSRF and role gates, and ``routing`` puts every handler behind them.
"""

from __future__ import annotations

from mohpromt_ca.service.web.router import web_router

__all__ = ["web_router"]
