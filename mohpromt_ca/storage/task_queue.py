"""The task queue's database side: procrastinate's connector and schema for the register.

procrastinate keeps its jobs in PostgreSQL (``FOR UPDATE SKIP LOCKED``, LISTEN/NOTIFY); the
application builds the procrastinate app and its tasks over :func:`connector`. Its schema is
applied by ``mohpromt-ca db upgrade`` through procrastinate's own schema API
(:func:`apply_schema`), once per register; the embedded SQLite default has no queue tables
(its in-process worker reads the pending chunks from the register).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from mohpromt_ca.errors import ConfigError

__all__ = ["apply_schema", "connector", "driver_connection", "is_postgresql", "libpq_url", "schema_applied",
           "sync_connector"]


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def libpq_url(url: str) -> str:
    """The register URL as libpq reads it (``postgresql://...``, query options kept)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError("the task queue needs a PostgreSQL register (MOHPROMT_DATABASE_URL=postgresql://...)",
                          code="queue-needs-postgresql")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def connector(url: str, *, pool_size: int = 4) -> Any:
    """A procrastinate connector for the register at ``url`` (PostgreSQL)."""
    from procrastinate import PsycopgConnector

    return PsycopgConnector(conninfo=libpq_url(url), min_size=1, max_size=max(2, pool_size))


def sync_connector(url: str) -> Any:
    """A procrastinate connector for deferring on a caller's connection (never opens a pool of its own)."""
    from procrastinate import SyncPsycopgConnector

    return SyncPsycopgConnector(conninfo=libpq_url(url), min_size=1, max_size=2)


def schema_applied(url: str) -> bool:
    engine = create_engine(make_url(libpq_url(url)).set(drivername="postgresql+psycopg"))
    try:
        return inspect(engine).has_table("procrastinate_jobs")
    finally:
        engine.dispose()


def apply_schema(url: str) -> bool:
    """Create procrastinate's tables (through its schema API) unless present; True when created."""
    import procrastinate
    import psycopg

    if schema_applied(url):
        return False
    conninfo = libpq_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (0x6D6F6871,))  # one applier at a time
        try:
            if schema_applied(url):
                return False
            app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=conninfo))
            with app.open():
                app.schema_manager.apply_schema()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (0x6D6F6871,))
    return True


def driver_connection(session: Any) -> Any:
    """The psycopg connection under ``session``'s transaction: a task deferred on it is queued
    if, and only if, the transaction commits (the job's rows and its tasks land together)."""
    return session.connection().connection.driver_connection
