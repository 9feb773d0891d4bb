"""The plugin SDK's promises: a plugin gets a context without the authority, an engine, the
settings or a key; its CA client passes only what it declared; its storage namespace refuses any
statement outside ``plugin_<name>_*``; and a third party's plugin built from the SDK alone runs
in the service."""

from __future__ import annotations

import ast
import logging
from importlib.metadata import EntryPoint
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, column, func, literal_column, select, table, text
from sqlalchemy.schema import DropTable

from tests.conftest import serving  # type: ignore[import-not-found]

from .test_client import DCC_VACCINATION

GROUP = "mohpromt_ca.plugins"


def _issued(authority) -> int:  # type: ignore[no-untyped-def]
    from mohpromt_ca.storage.models import IssuedDocument

    with authority.register.reading() as session:
        return int(session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one())


def test_the_context_holds_no_authority_engine_settings_or_key(authority) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.plugins import PluginContext
    from mohpromt_ca.service.plugin_host import host_context

    context = host_context(authority, "ledger", permissions={"document_status": True})
    assert isinstance(context, PluginContext)
    for name in ("authority", "engine", "settings", "register", "key", "keys", "data_dir_root"):
        assert not hasattr(context, name), name
        assert not hasattr(context.client, name), name
        assert not hasattr(context.storage, name), name
    assert context.data_dir == authority.settings.data_dir / "plugins" / "ledger"
    assert "passphrase" not in repr(context).lower() and "engine" not in repr(context).lower()


def test_an_undeclared_operation_is_refused_and_logged(authority, approved_facility, caplog) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.plugins import CapabilityError
    from mohpromt_ca.registration.desk import enrol_signer
    from mohpromt_ca.service.plugin_host import host_context

    from .test_client import general_health

    issue_dsc(authority)
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer
    context = host_context(authority, "narrow", permissions={"issue_dcc": True, "issue_pdf": ["lab-result"]})
    before = _issued(authority)
    caplog.set_level(logging.WARNING, logger="mohpromt_ca.plugins.capabilities")
    with pytest.raises(CapabilityError, match="did not declare 'revoke_document'") as refused:
        context.client.revoke_document("GH-1", reason="withdrawn")
    assert isinstance(refused.value, PermissionError) and refused.value.http_status == 403
    with pytest.raises(CapabilityError, match="general-health"):  # a type outside the declared ones
        context.client.issue_pdf("general-health", general_health(approved_facility, "GH-SDK-1"),
                                 signer_id=signer.id)
    with pytest.raises(CapabilityError, match="issue_voucher"):
        context.client.issue_voucher(volunteer_ref="V-ABCDEFGHJK", points=100, value_baht=10)
    assert _issued(authority) == before  # nothing reached the CA
    assert "plugin narrow: refused revoke_document" in caplog.text
    assert "plugin narrow: refused issue_pdf('general-health')" in caplog.text
    # what it declared goes through, acting as plugin:narrow
    info = context.client.issue_dcc(DCC_VACCINATION)
    assert info.kind == "dcc" and _issued(authority) == before + 1
    # a plugin without any declaration may call nothing
    bare = host_context(authority, "bare")
    with pytest.raises(CapabilityError, match="document_status"):
        bare.client.document_status(info.number)


def test_a_bad_declaration_fails_the_plugin_at_loading() -> None:
    from mohpromt_ca.plugins import Permissions
    from mohpromt_ca.plugins.registry import PluginRegistry

    with pytest.raises(ValueError, match="unknown operation 'sign_anything'"):
        Permissions.parse({"sign_anything": True})
    registry = PluginRegistry().load([EntryPoint("bad-requires", "tests.plugins.test_sdk:BadRequires", GROUP)])
    (failed,) = registry.failed
    assert (failed.stage, failed.name) == ("check", "bad-requires") and "sign_anything" in failed.reason


class BadRequires:
    name = "bad-requires"
    version = "1"
    requires = ("issue_pdf", "sign_anything")


def test_the_namespace_refuses_statements_outside_it(authority) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.service.plugin_host import plugin_namespace
    from mohpromt_ca.storage.models import Certificate
    from mohpromt_ca.storage.plugin_namespace import NamespaceViolation

    mine = plugin_namespace(authority, "ledger")
    entries = mine.table("entries", Column("id", Integer, primary_key=True), Column("note", String(40)))
    mine.create_tables()
    mine.create_tables()  # idempotent
    other = plugin_namespace(authority, "other")
    theirs = other.table("secrets", Column("id", Integer, primary_key=True), Column("note", String(40)))
    other.create_tables()
    certificates = Certificate.__table__
    with mine.transaction() as connection:
        connection.execute(entries.insert().values(note="mine"))
        refused = [
            select(certificates),  # a core table
            select(certificates.c.serial).where(certificates.c.id == 1),
            certificates.delete(),
            certificates.update().values(status="revoked"),
            select(theirs),  # another plugin's table
            theirs.insert().values(note="x"),
            select(entries).join(theirs, entries.c.id == theirs.c.id),
            select(entries).where(entries.c.id.in_(select(certificates.c.id))),  # hidden in a subquery
            entries.insert().from_select(["note"], select(theirs.c.note)),
            select(table("certificates", column("serial"))),  # a lightweight table clause
            text("SELECT * FROM certificates"),  # raw SQL cannot be checked
            select(entries).where(text("1 = 1")),
            select(literal_column("serial")).select_from(entries),
            select(func.pg_read_file("/etc/passwd")),  # a server function reaching outside
            select(entries).where(entries.c.note == func.load_extension("x")),
            "DELETE FROM plugin_ledger_entries",
            DropTable(certificates),  # DDL is create_tables' alone
            DropTable(entries),
        ]
        for statement in refused:
            with pytest.raises(NamespaceViolation):
                connection.execute(statement)
    with mine.reading() as connection:
        assert connection.execute(select(entries.c.note)).scalars().all() == ["mine"]
        assert connection.execute(select(func.count()).select_from(entries)).scalar_one() == 1
        assert connection.execute(select(func.coalesce(func.max(entries.c.id), 0))).scalar_one() == 1
        assert connection.dialect_name == authority.register.engine.dialect.name
    with authority.register.engine.connect() as connection:  # the refused writes never ran
        assert connection.execute(select(func.count()).select_from(theirs)).scalar_one() == 0
        assert connection.execute(select(func.count()).select_from(certificates)).scalar_one() > 0
    foreign = MetaData()
    Table("certificates", foreign, Column("id", Integer, primary_key=True))
    with pytest.raises(ConfigError, match="plugin_ledger_"):
        mine.adopt(foreign)
    with pytest.raises(ConfigError):
        mine.table("../x", Column("id", Integer, primary_key=True))


def test_a_standalone_namespace_has_its_own_database(tmp_path: Path) -> None:
    from mohpromt_ca.storage.plugin_namespace import NamespaceViolation, PluginNamespace

    namespace = PluginNamespace.standalone("module", f"sqlite:///{tmp_path / 'module.sqlite3'}")
    try:
        rows = namespace.table("rows", Column("id", Integer, primary_key=True), Column("v", String(10)))
        namespace.create_tables()
        with namespace.transaction() as connection:
            connection.execute(rows.insert().values(v="a"))
            with pytest.raises(NamespaceViolation):
                connection.execute(select(table("sqlite_master", column("name"))))
        with namespace.reading() as connection:
            assert connection.execute(select(rows.c.v)).scalars().all() == ["a"]
        assert namespace.prefix == "plugin_module_" and namespace.dialect_name == "sqlite"
    finally:
        namespace.dispose()


def test_the_sdk_plugin_imports_only_the_sdk() -> None:
    source = (Path(__file__).parent / "sdk_plugin.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import) for a in node.names}
    assert {m for m in imported if m and m.startswith("mohpromt_ca")} == {"mohpromt_ca.plugins"}


def test_a_third_party_plugin_from_the_sdk_alone_works_in_the_service(authority, approved_facility) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.plugins.events import Event, default_bus
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    from . import sdk_plugin

    issue_dsc(authority)
    info, token = create_api_key(authority, facility_id=approved_facility.id)
    headers = {"Authorization": f"Bearer {token}"}
    registry = PluginRegistry().load([EntryPoint("travel-desk", "tests.plugins.sdk_plugin:TravelDesk", GROUP)])
    plugin = registry.get("travel-desk").plugin  # type: ignore[union-attr]
    unsubscribe = default_bus().subscribe(Event, plugin.on_event)
    sdk_plugin.SEEN.clear()
    try:
        with serving(create_service_app(authority, plugins=registry)) as url:
            report = httpx.get(f"{url}/plugins").json()
            (loaded,) = report["loaded"]
            assert loaded["requires"] == {"document_status": True, "issue_dcc": ["vaccination"]}
            assert report["routes"]["mounted"] == ["/plugins/travel-desk"]
            assert httpx.post(f"{url}/plugins/travel-desk/trips", json=DCC_VACCINATION).status_code == 401
            made = httpx.post(f"{url}/plugins/travel-desk/trips", json=DCC_VACCINATION, headers=headers, timeout=60)
            assert made.status_code == 201, made.text
            body = made.json()
            assert body["uvci"].startswith("URN:UVCI:") and body["status"] == "valid" and body["trips"] == 1
            # an operation the plugin never declared: refused before the CA, as a 403 problem
            before = _issued(authority)
            refused = httpx.post(f"{url}/plugins/travel-desk/certificate", json={}, headers=headers)
            assert refused.status_code == 403 and refused.json()["code"] == "plugin-capability", refused.text
            assert _issued(authority) == before
    finally:
        unsubscribe()
    assert [e.number for e in sdk_plugin.SEEN] == [body["uvci"]]  # the events reached it too
    with authority.register.engine.connect() as connection:
        rows = connection.execute(text("SELECT uvci, actor FROM plugin_travel_desk_trips")).all()
    assert [tuple(r) for r in rows] == [(body["uvci"], f"api-key:{info.key_id}")]  # issued as the caller


def test_a_registry_stops_delivering_when_its_host_shuts_down() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from mohpromt_ca.plugins.events import DocumentIssued, EventBus
    from mohpromt_ca.plugins.registry import PluginRegistry

    from . import sdk_plugin

    registry = PluginRegistry().load([EntryPoint("travel-desk", "tests.plugins.sdk_plugin:TravelDesk", GROUP)])
    bus = EventBus()
    registry.subscribe(bus)
    app = FastAPI()
    app.router.on_shutdown.append(registry.unsubscribe)  # what plugin_host does for an app's own registry
    sdk_plugin.SEEN.clear()
    with TestClient(app):
        bus.publish(DocumentIssued("N-1", "dcc", "vaccination", "0" * 64, "1"))
    bus.publish(DocumentIssued("N-2", "dcc", "vaccination", "0" * 64, "1"))
    assert [e.number for e in sdk_plugin.SEEN] == ["N-1"]
