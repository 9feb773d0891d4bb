"""Alembic environment: always run with a connection handed in by storage.database.migrate."""

from alembic import context

from mohpromt_ca.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via migrate()
    raise RuntimeError("run migrations through mohpromt_ca.storage.database.migrate()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
