"""``/plugins/booking``: book, list, read, complete and cancel appointments, and their documents.

Every route authenticates the caller (``Authorization: Bearer <API key>``, the service's
``principal``) and issues *as the caller* (``client_for(principal)``), so the CA's rules apply:
a facility's key signs only with its own signers, a suspended facility issues nothing. The
caller's facility scopes everything: an appointment of another facility is answered 404, as
one that does not exist; a key scoped to a signer sees only that signer's appointments.

=====================================================  ===========================================
``POST /appointments``                                 book (201)
``GET  /appointments?status=&day=YYYY-MM-DD``          the facility's appointments
``POST /appointments/search`` ``{"citizen_id"}``       a citizen's (the ID stays out of URLs and logs)
``GET  /appointments/{id}``                            one appointment, documents attached
``POST /appointments/{id}/complete`` ``{outcome}``     record it done: issue and attach (retry-safe)
``POST /appointments/{id}/cancel`` ``{"reason"}``      cancel (nothing issued yet)
``GET  /appointments/{id}/documents?refresh=true``     the attached documents (status from the CA)
``GET  /appointments/{id}/pdf``                        the signed PDF
``GET  /page?day=YYYY-MM-DD``                          an HTML list (Thai / English)
=====================================================  ===========================================
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# imported only by BookingPlugin.routes(), so FastAPI stays out of a plain plugin import; at
# module level because FastAPI resolves the routes' (postponed) annotations in these globals
from fastapi import APIRouter, Body, Depends, Query, Response
from fastapi.responses import HTMLResponse

from mohpromt_ca.plugins import Forbidden, InputError

__all__ = ["booking_router"]


def booking_router(plugin: Any) -> APIRouter:
    principal, client_for = plugin.context.require_service()
    router = APIRouter(tags=["booking"])

    def scope(who: Any) -> dict[str, Any]:
        if who.facility_id is None:
            raise Forbidden("this credential belongs to no facility")
        return {"facility_id": who.facility_id, "signer_id": who.signer_id}

    def service(who: Any) -> Any:
        return plugin.service(client_for(who))

    def day_of(text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError("day: YYYY-MM-DD", code="booking-input") from None

    @router.post("/appointments", status_code=201)
    def book(response: Response, body: Any = Body(...), who: Any = Depends(principal)) -> dict[str, Any]:
        where = scope(who)
        if where["signer_id"] is not None and isinstance(body, dict) and body.get("signer_id") != where["signer_id"]:
            raise Forbidden("a key scoped to a signer books only for that signer")
        made = service(who).book(where["facility_id"], body)
        response.headers["Location"] = f"appointments/{made.id}"
        return made.as_dict()

    @router.get("/appointments")
    def listing(status: str | None = Query(default=None, max_length=16),
                day: str | None = Query(default=None, max_length=10),
                who: Any = Depends(principal)) -> dict[str, Any]:
        where = scope(who)
        found = service(who).list(where["facility_id"], status=status, day=day_of(day), signer_id=where["signer_id"])
        return {"appointments": [a.as_dict() for a in found]}

    @router.post("/appointments/search")
    def search(body: Any = Body(...), who: Any = Depends(principal)) -> dict[str, Any]:
        where = scope(who)
        citizen_id = body.get("citizen_id") if isinstance(body, dict) else None
        if not isinstance(citizen_id, str):
            raise InputError("citizen_id: 13 digits", code="booking-input")
        found = service(who).list(where["facility_id"], citizen_id=citizen_id, signer_id=where["signer_id"])
        return {"appointments": [a.as_dict() for a in found]}

    @router.get("/appointments/{appointment_id}")
    def read(appointment_id: str, who: Any = Depends(principal)) -> dict[str, Any]:
        return service(who).get(appointment_id, **scope(who)).as_dict()

    @router.post("/appointments/{appointment_id}/complete")
    def complete(appointment_id: str, body: Any = Body(...), who: Any = Depends(principal)) -> dict[str, Any]:
        return service(who).complete(appointment_id, body, **scope(who)).as_dict()

    @router.post("/appointments/{appointment_id}/cancel")
    def cancel(appointment_id: str, body: Any = Body(default=None), who: Any = Depends(principal)) -> dict[str, Any]:
        reason = body.get("reason") if isinstance(body, dict) else None
        return service(who).cancel(appointment_id, reason=str(reason or "cancelled"), **scope(who)).as_dict()

    @router.get("/appointments/{appointment_id}/documents")
    def documents(appointment_id: str, refresh: bool = False, who: Any = Depends(principal)) -> dict[str, Any]:
        docs = service(who).documents(appointment_id, refresh=refresh, **scope(who))
        return {"appointment_id": appointment_id, "documents": [d.as_dict() for d in docs]}

    @router.get("/appointments/{appointment_id}/pdf")
    def pdf(appointment_id: str, who: Any = Depends(principal)) -> Response:
        data = service(who).fetch_pdf(appointment_id, **scope(who))
        return Response(content=data, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{appointment_id}.pdf"'})

    @router.get("/page", response_class=HTMLResponse)
    def page(day: str | None = Query(default=None, max_length=10), who: Any = Depends(principal)) -> HTMLResponse:
        from mohpromt_plugins.booking.page import render_page

        where = scope(who)
        found = service(who).list(where["facility_id"], day=day_of(day), signer_id=where["signer_id"])
        return HTMLResponse(render_page(found, day=day_of(day)))

    return router
