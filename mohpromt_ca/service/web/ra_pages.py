"""The RA officer's queue, ``/web/ra``: pending facilities to approve or reject, the latest decisions
(a rejected registration left with nothing attached may be removed)."""

from __future__ import annotations

from fastapi.responses import Response
from starlette.datastructures import FormData

from mohpromt_ca.application.authorization import may_decide_facilities
from mohpromt_ca.errors import InputError, NotFound
from mohpromt_ca.service.web import i18n
from mohpromt_ca.service.web.core import PREFIX, Ctx
from mohpromt_ca.service.web.routing import Routes

RA = "ra-officer"


def add_ra_pages(routes: Routes) -> None:
    web = routes.web
    authority = web.authority

    @routes.page("/ra", RA)
    def ra_queue(ctx: Ctx) -> Response:
        from mohpromt_ca.application.registration import ra_queue as queue

        assert ctx.principal is not None
        may_decide_facilities(ctx.principal)
        pending, decided = queue(authority)
        return web.render(ctx, "ra.html", pending=pending, decided=decided, notice=ctx.request.query_params.get("done"))

    @routes.action("/ra/facilities/{facility_id}/{decision}", RA)
    def ra_decide(facility_id: int, decision: str, ctx: Ctx, form: FormData) -> Response:
        from mohpromt_ca.application.registration import decide_facility

        assert ctx.principal is not None
        may_decide_facilities(ctx.principal)
        if decision == "remove":  # a registration left behind: no signers, accounts or documents (audited)
            from mohpromt_ca.application.registration import remove_facility

            remove_facility(web.acting(ctx.principal), facility_id,
                            reason=str(form.get("reason") or "").strip()[:255] or None)
            return web.redirect(ctx, f"{PREFIX}/ra?done=removed_msg")
        if decision not in ("approve", "reject"):
            raise NotFound("no such decision")
        reason = str(form.get("reason") or "").strip()[:255] or None
        if decision == "reject" and not reason:
            raise InputError(i18n.t(ctx.lang, "reason_required"))
        decide_facility(web.acting(ctx.principal), facility_id, decision, reason=reason)
        return web.redirect(ctx, f"{PREFIX}/ra?done={'approved_msg' if decision == 'approve' else 'rejected_msg'}")
