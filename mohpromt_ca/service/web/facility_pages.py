"""The facility administrator's page, ``/web/facility``: its signers (enrol, suspend) and API keys.

The facility acted for is always the session's, never the form's; a signer or key named in
the URL or form is checked against it.
"""

from __future__ import annotations

from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from mohpromt_ca.application.authorization import may_manage_facility
from mohpromt_ca.application.errors import Forbidden
from mohpromt_ca.errors import InputError, MohpromtError
from mohpromt_ca.service.web import signer_suspension
from mohpromt_ca.service.web.account_fields import check_new_account, read_values, require
from mohpromt_ca.service.web.core import PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes
from mohpromt_ca.service.web.views import facility_row

ADMIN = "facility-admin"


def add_facility_pages(routes: Routes) -> None:
    web = routes.web
    authority = web.authority

    def facility_page(ctx: Ctx, *, status: int = 200, errors: dict[str, str] | None = None,
                      values: dict[str, str] | None = None, notice: str | None = None,
                      new_token: str | None = None) -> Response:
        from mohpromt_ca.ca.names import display_licence
        from mohpromt_ca.service.accounts import list_api_keys
        from mohpromt_ca.service.models import ServiceUser
        from mohpromt_ca.storage.models import Certificate, Facility, Signer
        from mohpromt_ca.vocabulary import PROFESSIONS

        assert ctx.principal is not None and ctx.principal.facility_id is not None
        fid = ctx.principal.facility_id
        may_manage_facility(ctx.principal, fid)
        with authority.register.reading() as db:
            facility = facility_row(db.get(Facility, fid))
            signers = []
            for s in db.execute(select(Signer).where(Signer.facility_id == fid).order_by(Signer.id)).scalars():
                cert = db.execute(select(Certificate).where(Certificate.signer_id == s.id, Certificate.der.is_not(None))
                                  .order_by(Certificate.created_at.desc()).limit(1)).scalar_one_or_none()
                accounts = [u.username for u in db.execute(select(ServiceUser).where(
                    ServiceUser.signer_id == s.id, ServiceUser.disabled_at.is_(None))).scalars()]
                signers.append({"id": s.id, "profession": s.profession, "licence": display_licence(s.profession, s.licence),
                                "name_th": s.name_th, "name_en": s.name_en, "accounts": accounts,
                                "status": cert.status if cert else "none",
                                "not_after": cert.not_after.date().isoformat() if cert else ""})
        keys = [k for k in list_api_keys(authority, facility_id=fid)]
        return web.render(ctx, "facility.html", status=status, facility=facility, signers=signers, keys=keys,
                          professions=PROFESSIONS, errors=errors or {}, values=values or {},
                          notice=notice or ctx.request.query_params.get("done"), new_token=new_token)

    @routes.page("/facility", ADMIN)
    def facility_home(ctx: Ctx) -> Response:
        return facility_page(ctx)

    @routes.action("/facility/signers", ADMIN)
    def enrol(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.registration.desk import enrol_signer
        from mohpromt_ca.service.accounts import create_user
        from mohpromt_ca.vocabulary import PROFESSIONS

        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)  # the facility is the session's, never the form's
        values = read_values(form, ("profession", "licence", "name_th", "name_en", "username"))
        errors: dict[str, str] = {}
        require(values, errors, ctx.lang, choice="profession", choices=PROFESSIONS)
        username, password = check_new_account(authority, form, values["username"], errors, ctx.lang)
        if not errors:
            acting = web.acting(principal)
            try:
                enrolment = enrol_signer(acting, facility_id=principal.facility_id, profession=values["profession"],
                                         licence=values["licence"], name_th=values["name_th"], name_en=values["name_en"])
                create_user(acting, username=username, password=password, role="signer",
                            signer_id=enrolment.signer.id)
            except (InputError, MohpromtError) as exc:
                if isinstance(exc, Forbidden):
                    raise
                errors["_form"] = exc.message
        if errors:
            return facility_page(ctx, status=422, errors=errors, values=values)
        from mohpromt_ca.plugins.publishing import signer_enrolled

        signer_enrolled(enrolment, actor=principal.label)
        return web.redirect(ctx, f"{PREFIX}/facility?done=enrolled")

    @routes.action("/facility/signers/{signer_id}/suspend", ADMIN)
    def suspend_signer(signer_id: int, ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.plugins.publishing import signer_revoked

        assert ctx.principal is not None
        signer_suspension.suspend_signer(web.acting(ctx.principal), ctx.principal, signer_id)
        signer_revoked(signer_id, "certificateHold", actor=ctx.principal.label)
        return web.redirect(ctx, f"{PREFIX}/facility?done=suspended_msg")

    @routes.action("/facility/api-keys", ADMIN)
    def create_key(ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.service.accounts import create_api_key
        from mohpromt_ca.storage.models import Signer

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
            with authority.register.reading() as db:
                signer = db.get(Signer, signer_id)
                owner = signer.facility_id if signer is not None else -1
            may_manage_facility(principal, owner)  # another facility's signer: 403
            _info, token = create_api_key(authority, signer_id=signer_id, label=label, actor=principal.label)
        return facility_page(ctx, new_token=token, notice=None)

    @routes.action("/facility/api-keys/{key_id}/revoke", ADMIN)
    def revoke_key(key_id: str, ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.service.accounts import revoke_api_key

        principal = ctx.principal
        assert principal is not None and principal.facility_id is not None
        may_manage_facility(principal, principal.facility_id)
        revoke_api_key(authority, key_id, actor=principal.label, facility_id=principal.facility_id)
        return web.redirect(ctx, f"{PREFIX}/facility?done=revoked_key")
