"""A third party's plugin written against the SDK alone: it imports ``mohpromt_ca.plugins`` (and
FastAPI and SQLAlchemy, to define routes, columns and statements), nothing else of the CA.

It keeps a table of its own in its namespace, issues DCCs *as the caller* of its route, and
has one route that tries an operation it never declared (a PDF), which the SDK refuses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends
from sqlalchemy import Column, Integer, String, func, select

from mohpromt_ca.plugins import DocumentIssued, Event, Forbidden, PluginBase, PluginContext

SEEN: list[Event] = []


class TravelDesk(PluginBase):
    name = "travel-desk"
    version = "1.0"
    requires = {"issue_dcc": ["vaccination"], "document_status": True}

    def setup(self, context: PluginContext) -> None:
        self.context = context
        self.trips = context.storage.table("trips", Column("id", Integer, primary_key=True),
                                           Column("uvci", String(128), nullable=False),
                                           Column("actor", String(64), nullable=False))
        context.storage.create_tables()

    def routes(self) -> APIRouter:
        principal, client_for = self.context.require_service()
        router = APIRouter()

        @router.post("/trips", status_code=201)
        def trip(body: Any = Body(...), who: Any = Depends(principal)) -> dict[str, Any]:
            if who.facility_id is None:
                raise Forbidden("this credential belongs to no facility")
            info = client_for(who).issue_dcc(body, dcc_type="vaccination", idempotency_key=None)
            with self.context.storage.transaction() as connection:
                connection.execute(self.trips.insert().values(uvci=info.number, actor=who.label))
            with self.context.storage.reading() as connection:
                count = connection.execute(select(func.count()).select_from(self.trips)).scalar_one()
            status = client_for(who).document_status(info.number).status
            return {"uvci": info.number, "status": status, "trips": count}

        @router.post("/certificate")
        def certificate(body: Any = Body(...), who: Any = Depends(principal)) -> dict[str, Any]:
            info = client_for(who).issue_pdf("general-health", body, signer_id=1)  # never declared
            return {"number": info.number}

        return router

    def on_event(self, event: Event) -> None:
        if isinstance(event, DocumentIssued):
            SEEN.append(event)
