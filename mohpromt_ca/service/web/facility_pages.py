"""The facility administrator's page, ``/web/facility``: its signers (enrol, suspend) and API keys.

The facility acted for is always the session's, never the form's; a signer or key named in
the URL or form is checked against it.
"""

from __future__ import annotations

from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.application.authorization import may_manage_facility
from mohpromt_ca.application.errors import Forbidden
from mohpromt_ca.errors import InputError, MohpromtError
from mohpromt_ca.service.web.account_fields import check_new_account, read_values, record_refusal, require
from mohpromt_ca.service.web.core import PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes

ADMIN = "facility-admin"


def add_facility_pages(routes: Routes) -> None:
    web = routes.web
    authority = web.authority

    def facility_page(ctx: Ctx, *, status: int = 200, errors: dict[str, str] | None = None,
                      values: dict[str, str] | None = None, notice: str | None = None,
                      new_token: str | None = None) -> Response:
        from mohpromt_ca.application.accounts import list_api_keys
        from mohpromt_ca.application.registration import facility_page as overview
        from mohpromt_ca.vocabulary import PROFESSIONS

        assert ctx.principal is not None and ctx.principal.facility_id is not None
        fid = ctx.principal.facility_id
        facility, signers = overview(authority, ctx.principal, fid)
        keys = list_api_keys(authority, facility_id=fid)
        return web.render(ctx, "facility.html", status=status, facility=facility, signers=signers, keys=keys,
                          professions=PROFESSIONS, errors=errors or {}, values=values or {},
                          notice=notice or ctx.request.query_params.get("done"), new_token=new_token)

    @routes.page("/facility", ADMIN)
    def facility_home(ctx: Ctx) -> Response:
        return facility_page(ctx)

    @routes.action("/facility/signers", ADMIN)
    def enrol(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.registration import enrol_signer_with_account
        from mohpromt_ca.vocabulary import PROFESSIONS

        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)  # the facility is the session's, never the form's
        values = read_values(form, ("profession", "licence", "name_th", "name_en", "username"))
        errors: dict[str, str] = {}
        require(values, errors, ctx.lang, choice="profession", choices=PROFESSIONS)
        username, password = check_new_account(authority, form, values["username"], errors, ctx.lang)
        if not errors:
            try:
                enrol_signer_with_account(web.acting(principal), principal, username=username, password=password,
                                          profession=values["profession"], licence=values["licence"],
                                          name_th=values["name_th"], name_en=values["name_en"])
            except (InputError, MohpromtError) as exc:
                if isinstance(exc, Forbidden):
                    raise
                record_refusal(exc, errors, ctx.lang, values)
        if errors:
            return facility_page(ctx, status=422, errors=errors, values=values)
        return web.redirect(ctx, f"{PREFIX}/facility?done=enrolled")

    @routes.action("/facility/signers/{signer_id}/suspend", ADMIN)
    def suspend_signer(signer_id: int, ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.registration import suspend_signer as suspend

        assert ctx.principal is not None
        suspend(web.acting(ctx.principal), ctx.principal, signer_id)
        return web.redirect(ctx, f"{PREFIX}/facility?done=suspended_msg")

    @routes.action("/facility/api-keys", ADMIN)
    def create_key(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.accounts import create_api_key

        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)
        scope = str(form.get("scope") or "facility")
        label = str(form.get("label") or "").strip() or None
        if scope == "facility":
            _info, token = create_api_key(authority, facility_id=principal.facility_id, label=label,
                                          actor=principal.label)
        else:
            try:
                signer_id = int(scope)
            except ValueError:
                raise InputError("scope: the facility or one of its signers") from None
            from mohpromt_ca.application.registration import signer_facility

            owner = signer_facility(authority, signer_id)
            may_manage_facility(principal, owner if owner is not None else -1)  # another facility's signer: 403
            _info, token = create_api_key(authority, signer_id=signer_id, label=label, actor=principal.label)
        return facility_page(ctx, new_token=token, notice=None)

    @routes.action("/facility/api-keys/{key_id}/revoke", ADMIN)
    def revoke_key(key_id: str, ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.accounts import revoke_api_key

        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)
        revoke_api_key(authority, key_id, actor=principal.label, facility_id=principal.facility_id)
        return web.redirect(ctx, f"{PREFIX}/facility?done=revoked_key")
