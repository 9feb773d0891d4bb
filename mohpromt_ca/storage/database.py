"""Engines, sessions and schema migration for the register."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mohpromt_ca.errors import ConfigError, StorageError

_MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x6D6F6870  # "mohp": one migrator at a time across processes


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the write lock at BEGIN so two of them never deadlock on upgrade;
    # readers (Register.reading) begin deferred and never block each other in WAL mode.
    if conn.get_execution_options().get("mohpromt_read_only"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_register_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite (WAL, foreign keys) or PostgreSQL via psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL inside
        raise ConfigError("MOHPROMT_DATABASE_URL is not a valid database URL") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30, "isolation_level": None})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise ConfigError(
                "PostgreSQL needs psycopg 3: pip install 'mohpromt-ca[postgres]'"
            ) from exc
    raise ConfigError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic), one process at a time."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StorageError(f"cannot reach the register database: {exc.orig}") from exc


class Register:
    """The register's engine and session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time, and its busy handler retries with growing sleeps:
        # threads of one process racing for the lock starve each other (seconds of p99 under
        # load). They queue on this lock instead; only processes meet at SQLite's lock.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True) -> Register:
        engine = create_register_engine(url)
        if upgrade:
            migrate(engine)
        return cls(engine)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._writer, self._sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session: on SQLite it takes no write lock (deferred BEGIN)."""
        with self._sessions() as session:
            session.connection(execution_options={"mohpromt_read_only": True})
            try:
                yield session
            finally:
                session.rollback()

    def session(self) -> Session:
        return self._sessions()

    def dispose(self) -> None:
        self.engine.dispose()
