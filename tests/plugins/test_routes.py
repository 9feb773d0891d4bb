"""mount_plugins on a bare FastAPI app: each plugin under /plugins/<name>; a broken one is skipped."""

from __future__ import annotations

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from mohpromt_ca.plugins import PluginBase, PluginRegistry  # noqa: E402
from mohpromt_ca.plugins.registry import LoadedPlugin  # noqa: E402
from mohpromt_ca.service.plugin_host import mount_plugins  # noqa: E402


class Booking(PluginBase):
    name = "booking"
    version = "1"

    def routes(self):  # type: ignore[no-untyped-def]
        router = fastapi.APIRouter()

        @router.get("/appointments/{ident}")
        def appointment(ident: int) -> dict[str, object]:
            return {"id": ident, "plugin": self.name}

        return router


class Broken(PluginBase):
    name = "broken"
    version = "1"

    def routes(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("routes boom")


class NotARouter(PluginBase):
    name = "odd"
    version = "1"

    def routes(self):  # type: ignore[no-untyped-def]
        return {"/x": None}


def test_routes_are_mounted_under_the_plugin_prefix() -> None:
    app = fastapi.FastAPI()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    report = mount_plugins(app, [Broken(), Booking(), NotARouter(), PluginBase()])
    assert report.mounted == ["/plugins/booking"]
    assert set(report.failed) == {"broken", "odd"}
    assert "routes boom" in report.failed["broken"]
    client = TestClient(app)
    assert client.get("/plugins/booking/appointments/7").json() == {"id": 7, "plugin": "booking"}
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/appointments/7").status_code == 404
    assert "/plugins/booking/appointments/{ident}" in client.get("/openapi.json").json()["paths"]


def test_a_registry_can_be_mounted() -> None:
    registry = PluginRegistry(loaded=[LoadedPlugin("booking", "1", Booking(), "booking = x:y", None, ("routes",))])
    app = fastapi.FastAPI()
    assert mount_plugins(app, registry).mounted == ["/plugins/booking"]
