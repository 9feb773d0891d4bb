"""The service with plugins: good ones mounted and told about documents; broken ones reported, never fatal."""

from __future__ import annotations

import urllib.parse
from importlib.metadata import EntryPoint

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]

from .test_client import DCC_VACCINATION

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
GROUP = "mohpromt_ca.plugins"


def test_service_starts_mounts_and_announces(authority) -> None:
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.plugins.events import DocumentIssued, DocumentRevoked, default_bus
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    from . import service_plugins

    registry = PluginRegistry().load([
        EntryPoint("booking", "tests.plugins.service_plugins:Booking", GROUP),
        EntryPoint("broken-routes", "tests.plugins.service_plugins:BrokenRoutes", GROUP),
        EntryPoint("fails", "tests.plugins.service_plugins:FailsToConstruct", GROUP),
        EntryPoint("missing", "tests.plugins.no_such_module:Plugin", GROUP),
        EntryPoint("undescribable", "tests.plugins.service_plugins:UndescribableRoutes", GROUP),
    ])
    registry.subscribe(default_bus())
    issue_dsc(authority)
    facility = register_facility(authority, type="medical-clinic", licence="PLUG-1", name_th="คลินิก", name_en="Clinic")
    decide_facility(authority, facility.id, "approve")
    _info, token = create_api_key(authority, facility_id=facility.id)
    with serving(create_service_app(authority, plugins=registry)) as url:
        assert httpx.get(f"{url}/readyz").status_code == 200  # the broken plugins took nothing down
        assert httpx.get(f"{url}/plugins/booking/ping").json() == {"plugin": "booking"}
        report = httpx.get(f"{url}/plugins").json()
        assert [p["name"] for p in report["loaded"]] == ["booking", "broken-routes", "undescribable"]
        assert {f["name"] for f in report["failed"]} == {"fails", "missing"}
        assert "broken-routes" in report["routes"]["failed"]
        assert "undescribable" in report["routes"]["failed"]  # it would have broken the OpenAPI document
        assert httpx.get(f"{url}/api/v1/openapi.json").status_code == 200
        auth = {"Authorization": f"Bearer {token}"}
        issued = httpx.post(f"{url}/api/v1/documents/dcc", json={"data": DCC_VACCINATION}, headers=auth).json()
        number = urllib.parse.quote(issued["document_number"], safe="")  # a UVCI holds '#'
        revoked = httpx.post(f"{url}/api/v1/documents/{number}/revoke", json={"reason": "error"}, headers=auth)
        assert revoked.status_code == 200, revoked.text
    seen = [e for e in service_plugins.RECEIVED if getattr(e, "number", None) == issued["document_number"]]
    assert [type(e) for e in seen] == [DocumentIssued, DocumentRevoked]
    assert seen[0].kind == "dcc" and seen[0].actor.startswith("api-key:")
