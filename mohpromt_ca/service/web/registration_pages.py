"""Public facility registration, ``/web/register``: the facility and its administrator's account.

The two are made one after the other. Should the account fail once the facility exists (two
applicants racing for one username), the facility is rejected at once with the reason, so no
pending facility is left without an administrator, and the applicant is told.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from fastapi import Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service.web import i18n
from mohpromt_ca.service.web.account_fields import check_new_account, read_values, record_refusal, require
from mohpromt_ca.service.web.core import PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes

log = logging.getLogger(__name__)
REGISTRAR = "web:registration"


def add_registration_pages(routes: Routes) -> None:
    web = routes.web

    @routes.router.get(PREFIX + "/register")
    def register_page(ctx: Ctx = Depends(web.context)) -> Response:
        return web.render(ctx, "register.html", values={}, errors={}, done=False)

    @routes.action("/register", public=True)
    def register(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.vocabulary import FACILITY_TYPES

        values = read_values(form, ("type", "licence", "name_th", "name_en", "contact", "username"))
        errors: dict[str, str] = {}
        require(values, errors, ctx.lang, choice="type", choices=FACILITY_TYPES)
        username, password = check_new_account(web.authority, form, values["username"], errors, ctx.lang)
        if not errors:
            try:
                register_with_administrator(web.authority, values, username, password)
            except Withdrawn as exc:
                withdrawn = i18n.t(ctx.lang, "registration_withdrawn")
                errors["_form"] = f"{i18n.error_text(ctx.lang, exc.message)}. {withdrawn}"
            except MohpromtError as exc:
                record_refusal(exc, errors, ctx.lang, values)
        if errors:
            return web.render(ctx, "register.html", status=422, values=values, errors=errors, done=False)
        return web.render(ctx, "register.html", values=values, errors={}, done=True)


class Withdrawn(MohpromtError):
    """The facility was registered, its administrator's account was not, so the facility was rejected."""

    code = "registration-withdrawn"
    http_status = 409


def register_with_administrator(authority: Any, values: dict[str, str], username: str, password: str) -> None:
    """A pending facility with its administrator's account; or an error, and no pending facility.

    ``Withdrawn`` when the facility had been registered and then was rejected for want of
    its account.
    """
    from mohpromt_ca.application.accounts import create_user
    from mohpromt_ca.application.registration import register_facility

    registrar = dataclasses.replace(authority, actor=REGISTRAR)
    facility = register_facility(registrar, type=values["type"], licence=values["licence"],
                                 name_th=values["name_th"], name_en=values["name_en"],
                                 contact=values["contact"] or None)
    try:
        create_user(registrar, username=username, password=password, role="facility-admin", facility_id=facility.id)
    except Exception as exc:
        _withdraw(registrar, facility.id, exc)
        if isinstance(exc, MohpromtError):
            raise Withdrawn(exc.message) from exc
        raise


def _withdraw(registrar: Any, facility_id: int, cause: BaseException) -> None:
    """Reject the facility just registered: its administrator's account could not be made."""
    from mohpromt_ca.application.registration import decide_facility

    why = cause.message if isinstance(cause, MohpromtError) else type(cause).__name__
    reason = f"registration incomplete: the administrator's account could not be created ({why})"[:255]
    try:
        decide_facility(registrar, facility_id, "reject", reason=reason)
    except Exception:  # the account's error is the one to report; this one goes to the log
        log.exception("could not reject facility %s left without an administrator", facility_id)
