"""The Alembic migrations build exactly the schema the models describe (SQLite and PostgreSQL):
a model changed without a migration, or a migration without its model, shows up here."""

from __future__ import annotations


def test_migrated_schema_matches_the_models(authority) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import mohpromt_ca.authority.dcc_revocation  # noqa: F401  (models live beside the code that owns them)
    import mohpromt_ca.service.models  # noqa: F401
    from mohpromt_ca.storage.models import Base

    with authority.register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    plugin_tables = [d for d in differences if d[0] == "remove_table" and d[1].name.startswith("plugin_")]
    assert [d for d in differences if d not in plugin_tables] == []  # plugins' own tables are theirs
