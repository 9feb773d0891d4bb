"""Engines, sessions and schema migration for the register.

The schema changes only through ``upgrade`` (``mohpromt-ca db upgrade``). Opening the
register checks the schema is at this code's newest revision and refuses otherwise, with a
ConfigError naming the command; the one exception is the embedded first start: a SQLite
database with no revision yet (a fresh data directory) is migrated on open.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mohpromt_ca.errors import ConfigError, StorageError
from mohpromt_ca.storage.private_files import tighten

_MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_SECONDS = 30
PG_CONNECT_SECONDS = 10
_PG_MIGRATION_LOCK = 0x6D6F6870  # "mohp": one migrator at a time across processes


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # the busy timeout is sqlite3's ``timeout`` (30 s, or ``?timeout=N`` in the URL)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the write lock at BEGIN so two of them never deadlock on upgrade;
    # readers (Register.reading) begin deferred and never block each other in WAL mode.
    if conn.get_execution_options().get("mohpromt_read_only"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _private_register_file(path: Path) -> None:
    """The register holds password and API-key hashes and the audit log: 0600 in a 0700 folder.
    SQLite gives its -wal and -shm files the database file's mode, so creating it 0600 covers them;
    files an earlier version left 0644 are tightened."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        tighten(Path(f"{path}{suffix}"), 0o600)


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
        if database and database != ":memory:" and not database.startswith("file:"):
            _private_register_file(Path(database))
        connect_args: dict[str, object] = {"isolation_level": None}
        if "timeout" not in parsed.query:
            connect_args["timeout"] = SQLITE_BUSY_SECONDS
        engine = create_engine(parsed, connect_args=connect_args)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            # a server that stopped answering fails a request in seconds (503), not after TCP's minutes
            extra = {} if "connect_timeout" in parsed.query else {"connect_timeout": PG_CONNECT_SECONDS}
            return create_engine(parsed, pool_pre_ping=True, connect_args=extra)
        except ModuleNotFoundError as exc:
            raise ConfigError(
                "PostgreSQL needs psycopg 3: pip install 'mohpromt-ca[postgres]'"
            ) from exc
    raise ConfigError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")


@dataclass(frozen=True)
class SchemaStatus:
    """Where a register's schema stands against the migrations this code carries."""

    current: str | None  # None: no revision yet (an empty database)
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def known(self) -> bool:
        """False when the database is at a revision this code does not have (a newer version migrated it)."""
        return self.current is None or self.current in _revisions()

    @property
    def state(self) -> str:
        if self.up_to_date:
            return "up-to-date"
        return "behind" if self.known else "unknown-revision"

    def refusal(self) -> str:
        """The one line a process prints when it will not serve this schema."""
        if not self.known:
            return (f"the register's schema is at revision {self.current}, which this version of mohpromt-ca "
                    f"does not know (its newest is {self.head}): a newer version migrated it; run that version")
        at = f"revision {self.current}" if self.current else "no revision (an empty database)"
        return (f"the register's schema is at {at} but this version of mohpromt-ca needs {self.head}: "
                "run `mohpromt-ca db upgrade` (with the same MOHPROMT_DATABASE_URL) first")

    def as_dict(self) -> dict[str, object]:
        return {"current": self.current, "head": self.head, "state": self.state}


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` did: from which revision to which."""

    from_revision: str | None
    to_revision: str | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


@functools.cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


@functools.cache
def _revisions() -> frozenset[str]:
    return frozenset(rev.revision for rev in _script().walk_revisions())


def head_revision() -> str:
    """The newest revision of the one migration history this code carries."""
    heads = _script().get_heads()
    if len(heads) != 1:  # two migrations claim the same parent: a packaging error, not the operator's
        raise StorageError(f"the register's migrations have {len(heads)} heads ({', '.join(sorted(heads))})")
    return heads[0]


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def schema_status(engine: Engine) -> SchemaStatus:
    """The database's revision against this code's head (reads only; creates nothing)."""
    try:
        with engine.connect() as connection:
            current = _current(connection)
    except OperationalError as exc:
        raise StorageError(f"cannot reach the register database: {exc.orig}") from exc
    return SchemaStatus(current=current, head=head_revision())


def upgrade(engine: Engine, revision: str = "head") -> Upgrade:
    """Migrate the schema to ``revision`` (default the newest), one migrator at a time.

    Only this function and ``mohpromt-ca db upgrade`` change the schema (and ``Register.open``
    on an embedded SQLite database's first start, through this function)."""
    from alembic import command

    config = _alembic_config()
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            before = _current(connection)  # under the lock: another migrator may just have finished
            if before is not None and before not in _revisions():
                raise ConfigError(SchemaStatus(current=before, head=head_revision()).refusal())
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            after = _current(connection)
    except OperationalError as exc:
        raise StorageError(f"cannot reach the register database: {exc.orig}") from exc
    return Upgrade(from_revision=before, to_revision=after)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision."""
    upgrade(engine)


def describe_database(url: str) -> str:
    """``url`` fit to print: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL inside
        raise ConfigError("MOHPROMT_DATABASE_URL is not a valid database URL") from exc


def database_status(url: str) -> SchemaStatus:
    """``schema_status`` of the database at ``url``; a SQLite file that does not exist yet is
    reported as empty, not created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        if not Path(parsed.database).exists():
            return SchemaStatus(current=None, head=head_revision())
    engine = create_register_engine(url)
    try:
        return schema_status(engine)
    finally:
        engine.dispose()


def upgrade_database(url: str, revision: str = "head") -> Upgrade:
    """``upgrade`` on the database at ``url``: what ``mohpromt-ca db upgrade`` and test fixtures run."""
    engine = create_register_engine(url)
    try:
        return upgrade(engine, revision)
    finally:
        engine.dispose()


def is_first_start(engine: Engine, status: SchemaStatus) -> bool:
    """An embedded-style first start: a SQLite database with no revision yet (nothing to lose)."""
    return engine.dialect.name == "sqlite" and status.current is None


def ensure_schema(engine: Engine) -> SchemaStatus:
    """Check the schema is at this code's head; refuse (ConfigError naming ``mohpromt-ca db upgrade``)
    otherwise. One exception: a SQLite database with no revision yet (a fresh data directory) is
    migrated here, so ``mohpromt-ca init`` and ``serve`` work on a fresh machine without a step."""
    status = schema_status(engine)
    if status.up_to_date:
        return status
    if is_first_start(engine, status):
        upgrade(engine)
        return schema_status(engine)
    raise ConfigError(status.refusal())


class Register:
    """The register's engine and session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time, and its busy handler retries with growing sleeps:
        # threads of one process racing for the lock starve each other (seconds of p99 under
        # load). They queue on this lock instead; only processes meet at SQLite's lock.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()

    @property
    def shared(self) -> bool:
        """True on PostgreSQL: several service nodes and workers use this register at once, so
        whatever one writes for another (signed files, secrets, bulk records) lives in it."""
        return bool(self.engine.dialect.name == "postgresql")

    @property
    def url(self) -> str:
        """The register's URL, password included (for the task queue's connector; never printed)."""
        return str(self.engine.url.render_as_string(hide_password=False))

    @classmethod
    def open(cls, url: str, *, upgrade: bool = False) -> Register:
        """Open the register at ``url``; its schema must be at head (see ``ensure_schema``).

        ``upgrade=True`` migrates first (what ``mohpromt-ca db upgrade`` does); by default
        opening never changes the schema, except on a fresh SQLite database's first start."""
        engine = create_register_engine(url)
        try:
            if upgrade:
                migrate(engine)
            ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
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
