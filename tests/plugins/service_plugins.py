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
