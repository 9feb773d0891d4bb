"""A plugin's setup(context): its own tables in the register's database, routes that issue as the
caller (the service's rules apply), and a setup that fails leaves the plugin out, not the service."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import httpx
import pytest
from sqlalchemy import text

from tests.conftest import serving  # type: ignore[import-not-found]

from .test_client import DCC_VACCINATION

GROUP = "mohpromt_ca.plugins"


def test_setup_tables_and_routes_acting_as_the_caller(authority) -> None:
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.plugins.events import default_bus
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    from . import service_plugins

    registry = PluginRegistry().load([
        EntryPoint("ledger", "tests.plugins.service_plugins:Ledger", GROUP),
        EntryPoint("fails-setup", "tests.plugins.service_plugins:FailsAtSetup", GROUP),
    ])
    registry.subscribe(default_bus())
    issue_dsc(authority)
    facility = register_facility(authority, type="medical-clinic", licence="CTX-1", name_th="คลินิก", name_en="Clinic")
    decide_facility(authority, facility.id, "approve")
    info, token = create_api_key(authority, facility_id=facility.id)
    pending = register_facility(authority, type="medical-clinic", licence="CTX-2", name_th="คลินิก", name_en="Clinic 2")
    _info2, pending_token = create_api_key(authority, facility_id=pending.id)
    service_plugins.RECEIVED.clear()
    with serving(create_service_app(authority, plugins=registry)) as url:
        report = httpx.get(f"{url}/plugins").json()
        assert [p["name"] for p in report["loaded"]] == ["ledger"]
        failed = {f["name"]: f for f in report["failed"]}
        assert failed["fails-setup"]["stage"] == "setup"
        assert "not reachable" in failed["fails-setup"]["reason"]
        assert httpx.get(f"{url}/plugins/fails-setup/ping").status_code == 404  # not mounted

        assert httpx.post(f"{url}/plugins/ledger/dcc", json=DCC_VACCINATION).status_code == 401
        made = httpx.post(f"{url}/plugins/ledger/dcc", json=DCC_VACCINATION,
                          headers={"Authorization": f"Bearer {token}"})
        assert made.status_code == 200, made.text
        assert made.json()["actor"] == f"api-key:{info.key_id}"  # issued as the caller, not as the plugin
        # the caller's rules apply through the plugin: a facility not yet approved cannot issue
        refused = httpx.post(f"{url}/plugins/ledger/dcc", json=DCC_VACCINATION,
                             headers={"Authorization": f"Bearer {pending_token}"})
        assert refused.status_code == 403, refused.text
    with authority.register.engine.connect() as connection:
        rows = connection.execute(text("SELECT number FROM plugin_ledger_entries")).scalars().all()
    assert rows == [made.json()["number"]]
    assert not [e for e in service_plugins.RECEIVED if isinstance(e, tuple)]  # a failed setup gets no events


def test_tables_must_carry_the_plugin_prefix(authority) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.service.plugin_host import host_context

    context = host_context(authority, "ledger")
    metadata = MetaData()
    Table("certificates_copy", metadata, Column("id", Integer, primary_key=True))
    with pytest.raises(ConfigError, match="plugin_ledger_"):
        context.storage.adopt(metadata)
    assert context.table_prefix == context.storage.prefix == "plugin_ledger_"
    assert context.data_dir.is_dir() and context.data_dir.stat().st_mode & 0o777 == 0o700
