"""Plugin classes the service tests load through real entry points (imported by module path)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mohpromt_ca.plugins.interface import PluginBase

RECEIVED: list[Any] = []


class Booking(PluginBase):
    name = "booking"
    version = "0.1"

    def routes(self) -> APIRouter:
        router = APIRouter()

        @router.get("/ping")
        def ping() -> dict[str, str]:
            return {"plugin": self.name}

        return router

    def on_event(self, event: Any) -> None:
        RECEIVED.append(event)


class BrokenRoutes(PluginBase):
    name = "broken-routes"
    version = "0.1"

    def routes(self) -> APIRouter:
        raise RuntimeError("this plugin cannot build its routes")


class FailsToConstruct(PluginBase):
    name = "fails"
    version = "0.1"

    def __init__(self) -> None:
        raise RuntimeError("boom at construction")


class Ledger(PluginBase):
    """Keeps its own table (through setup's context) and issues as the caller of its route."""

    name = "ledger"
    version = "0.1"

    requires = {"issue_dcc": True}

    def setup(self, context: Any) -> None:
        from sqlalchemy import Column, Integer, String

        self.context = context
        self.table = context.storage.table("entries", Column("id", Integer, primary_key=True),
                                           Column("number", String(128), nullable=False))
        context.storage.create_tables()

    def routes(self) -> APIRouter:
        from fastapi import Depends

        principal, client_for = self.context.require_service()
        router = APIRouter()

        @router.post("/dcc")
        def issue(body: dict, who: Any = Depends(principal)) -> dict[str, str]:
            info = client_for(who).issue_dcc(body)
            with self.context.storage.transaction() as connection:
                connection.execute(self.table.insert().values(number=info.number))
            return {"number": info.number, "actor": who.label}

        return router


class FailsAtSetup(PluginBase):
    name = "fails-setup"
    version = "0.1"

    def setup(self, context: Any) -> None:
        raise RuntimeError("the plugin's database is not reachable")

    def routes(self) -> APIRouter:
        router = APIRouter()

        @router.get("/ping")
        def ping() -> dict[str, str]:
            return {"plugin": self.name}

        return router

    def on_event(self, event: Any) -> None:
        RECEIVED.append(("fails-setup", event))


class UndescribableRoutes(PluginBase):
    """A route whose annotation FastAPI cannot resolve (a name imported inside a function under
    postponed annotations): it would break the OpenAPI document of the whole service."""

    name = "undescribable"
    version = "0.1"

    def routes(self) -> APIRouter:
        router = APIRouter()
        from pydantic import BaseModel

        class Local(BaseModel):
            value: int

        def handler(body: Local) -> dict[str, int]:
            return {"value": body.value}

        handler.__annotations__["body"] = "NoSuchModel"  # what a postponed annotation looks like
        router.add_api_route("/x", handler, methods=["POST"])
        return router
