"""The issuance service's web pages (Jinja2, Thai and English): see ``routes``.

``web_router(documents)`` is everything the app includes: the pages under ``/web``, their
two static files, and ``/`` redirecting to ``/web/``.
"""

from __future__ import annotations

from .routes import web_router

__all__ = ["web_router"]
