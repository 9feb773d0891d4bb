"""Alembic environment: always run with a connection handed in by storage.database.

The target metadata is the whole core schema: every module in ``storage.models.TABLE_MODULES``.
"""

from alembic import context

from mohpromt_ca.storage.models import core_metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via storage.database
    raise RuntimeError("run migrations through mohpromt_ca.storage.database.upgrade()")

context.configure(connection=connection, target_metadata=core_metadata(), render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
