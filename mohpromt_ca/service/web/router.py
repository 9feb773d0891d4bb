"""``web_router(documents)``: every page module's routes on one router, in a fixed order.

Each page's actions go through the registration desk, ``accounts`` or ``DocumentService``
with the logged-in user's :class:`Principal`, so ``authorization`` decides: the facility and
signer a page acts for come from the session, never from the URL or the form alone (ids
that do appear there are checked against the principal). Personal data never goes in a
URL's query string; the access log records route templates only.
"""

from __future__ import annotations

from fastapi import APIRouter

from mohpromt_ca.application.documents import DocumentService
from mohpromt_ca.service.web.auth_pages import add_auth_pages
from mohpromt_ca.service.web.core import Web
from mohpromt_ca.service.web.document_pages import add_document_pages
from mohpromt_ca.service.web.facility_pages import add_facility_pages
from mohpromt_ca.service.web.home_pages import add_home_pages
from mohpromt_ca.service.web.issue_pages import add_issue_pages
from mohpromt_ca.service.web.ra_pages import add_ra_pages
from mohpromt_ca.service.web.registration_pages import add_registration_pages
from mohpromt_ca.service.web.routing import Routes
from mohpromt_ca.service.web.static_files import add_static_files

PAGES = (add_static_files, add_home_pages, add_auth_pages, add_registration_pages, add_ra_pages,
         add_facility_pages, add_issue_pages, add_document_pages)


def web_router(documents: DocumentService) -> APIRouter:
    routes = Routes(Web(documents), APIRouter(include_in_schema=False))
    for add in PAGES:
        add(routes)
    return routes.router
