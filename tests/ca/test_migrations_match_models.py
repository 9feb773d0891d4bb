"""The Alembic migrations build exactly the schema the models describe (SQLite and PostgreSQL):
a model changed without a migration, or a migration without its model, shows up here. The
models are every module of ``storage.models.TABLE_MODULES``: the whole core schema."""

from __future__ import annotations

from mohpromt_ca.storage.models import TABLE_MODULES


def test_migrated_schema_matches_the_models(authority) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import mohpromt_ca.authority.dcc_revocation  # noqa: F401  (until migration 0008 moves it into storage)
    from mohpromt_ca.storage.models import core_metadata

    metadata = core_metadata()
    with authority.register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
        tables = set(connection.dialect.get_table_names(connection))
    plugin_tables = [d for d in differences if d[0] == "remove_table" and d[1].name.startswith("plugin_")]
    assert [d for d in differences if d not in plugin_tables] == []  # plugins' own tables are theirs
    core = {name for name in tables if not name.startswith("plugin_")} - {"alembic_version"}
    assert core == set(metadata.tables)  # every core table the migrations make is a model, and back


def test_every_core_table_is_defined_in_the_storage_layer() -> None:
    from mohpromt_ca.storage.models import Base, core_metadata

    core_metadata()
    assert all(name.startswith("mohpromt_ca.storage.") for name in TABLE_MODULES)
    owners = {mapper.local_table.name: mapper.class_.__module__ for mapper in Base.registry.mappers}
    owners.pop("dcc_revocations", None)  # the application helper's migration 0008 replaces it (in storage)
    assert len(owners) >= 15
    assert {name: module for name, module in owners.items() if not module.startswith("mohpromt_ca.storage.")} == {}
