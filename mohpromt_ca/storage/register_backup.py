"""The register's own online backup, and putting one back.

* SQLite: the SQLite backup API (``sqlite3.Connection.backup``) copies the database in one step
  under one read transaction: a consistent snapshot while writers carry on (WAL mode).
* PostgreSQL: ``pg_dump --format=custom`` (one repeatable-read snapshot), restored with
  ``pg_restore --single-transaction`` into an empty database.

A SQLite snapshot can also be restored onto PostgreSQL: the target is migrated to this code's
newest revision and every row is copied table by table (core tables from the models, plugin
tables ``plugin_*`` as the snapshot defines them), then PostgreSQL's sequences are moved past
the copied ids. A PostgreSQL dump is restored onto PostgreSQL only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Integer, MetaData, Table, Text, create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from mohpromt_ca.errors import ConfigError, StorageError
from mohpromt_ca.storage.database import create_register_engine, schema_status, upgrade

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_BATCH = 2000
_TOOL_TIMEOUT = 6 * 3600  # a dump or restore of a very large register still ends


@dataclass(frozen=True)
class RegisterSnapshot:
    """What :func:`snapshot_register` wrote."""

    dialect: str  # SQLITE or POSTGRESQL
    path: Path
    revision: str | None
    documents: int


def dialect_of(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL inside
        raise ConfigError("MOHPROMT_DATABASE_URL is not a valid database URL") from exc
    if backend not in (SQLITE, POSTGRESQL):
        raise ConfigError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    return backend


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def libpq_url(url: str) -> str:
    """``url`` as libpq (pg_dump, pg_restore) reads it: no SQLAlchemy driver name."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _count_documents(engine: Engine) -> int:
    with engine.connect() as connection:
        if not inspect(connection).has_table("issued_documents"):
            return 0
        return int(connection.execute(text("SELECT count(*) FROM issued_documents")).scalar_one())


def snapshot_register(url: str, destination: Path) -> RegisterSnapshot:
    """Write a consistent copy of the register at ``url`` to ``destination`` (a new file)."""
    dialect = dialect_of(url)
    if dialect == SQLITE:
        return _snapshot_sqlite(url, destination)
    return _snapshot_postgresql(url, destination)


def _snapshot_sqlite(url: str, destination: Path) -> RegisterSnapshot:
    source_path = sqlite_path(url)
    if source_path is None or not source_path.exists():
        raise StorageError(f"there is no register to back up at {source_path or url}")
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(destination)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        source.backup(target)  # pages=-1: the whole database in one step, one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.Error as exc:
        raise StorageError(f"the SQLite backup of the register failed: {exc}") from exc
    finally:
        target.close()
        source.close()
    engine = create_engine(f"sqlite:///{destination}")
    try:
        status = schema_status(engine)
        documents = _count_documents(engine)
    finally:
        engine.dispose()
    return RegisterSnapshot(SQLITE, destination, status.current, documents)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ConfigError(f"{name} is not installed: install the PostgreSQL client tools (e.g. apt-get install "
                          "postgresql-client) matching the server's major version")
    return found


def _run_tool(args: list[str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=_TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise StorageError(f"{what} did not finish in time") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1][:300]
        raise StorageError(f"{what} failed: {last}")
    return done


def _snapshot_postgresql(url: str, destination: Path) -> RegisterSnapshot:
    engine = create_register_engine(url)
    try:
        status = schema_status(engine)
        documents = _count_documents(engine)
    finally:
        engine.dispose()
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    schema = _search_path_schema(url)  # a register kept in one schema of a shared database: only that schema
    _run_tool([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(destination),
               *([f"--schema={schema}"] if schema else []), "--dbname", libpq_url(url)], "pg_dump")
    return RegisterSnapshot(POSTGRESQL, destination, status.current, documents)


def _search_path_schema(url: str) -> str | None:
    """The schema named by ``options=-csearch_path=NAME`` in a PostgreSQL URL, if any."""
    options = make_url(url).query.get("options")
    text_options = options if isinstance(options, str) else " ".join(options or ())
    for option in text_options.split():
        if option.startswith("-csearch_path="):
            first = option.split("=", 1)[1].split(",")[0].strip().strip('"')
            return first or None
    return None


def check_snapshot(dialect: str, path: Path) -> str:
    """Check a snapshot without restoring it: SQLite's integrity check, or pg_restore's listing.
    Returns a one-line description; raises StorageError when it is damaged."""
    if dialect == SQLITE:
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                verdict = connection.execute("PRAGMA integrity_check").fetchone()
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise StorageError(f"the register in the backup is not a readable SQLite database: {exc}") from exc
        if not verdict or verdict[0] != "ok":
            raise StorageError(f"the register in the backup fails SQLite's integrity check: {verdict}")
        return "SQLite integrity check ok"
    if dialect == POSTGRESQL:
        listing = _run_tool([_tool("pg_restore"), "--list", str(path)], "pg_restore --list")
        entries = sum(1 for line in listing.stdout.splitlines() if line and not line.startswith(";"))
        return f"pg_restore reads the dump ({entries} entries)"
    raise StorageError(f"unknown register format {dialect!r} in the backup")


def _refuse_non_empty(engine: Engine, where: str) -> None:
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    if tables:
        raise ConfigError(f"the target database {where} is not empty ({len(tables)} tables): restore into an "
                          "empty database (create a new one, or drop this one's tables first)")


def restore_register(dialect: str, snapshot: Path, url: str) -> None:
    """Put the register from ``snapshot`` (written by :func:`snapshot_register`) at ``url``, which
    must be empty: a SQLite file that does not exist yet, or a PostgreSQL database with no tables."""
    target = dialect_of(url)
    if target == SQLITE:
        if dialect != SQLITE:
            raise ConfigError("a PostgreSQL backup restores onto PostgreSQL only: set MOHPROMT_DATABASE_URL "
                              "to an empty PostgreSQL database")
        path = sqlite_path(url)
        if path is None:
            raise ConfigError("cannot restore into an in-memory database")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if Path(f"{path}{suffix}").exists():
                raise ConfigError(f"{path}{suffix} exists: restore refuses to overwrite a register")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(snapshot, path)
        os.chmod(path, 0o600)
        return
    engine = create_register_engine(url)
    try:
        _refuse_non_empty(engine, describe(url))
        if dialect == POSTGRESQL:
            _run_tool([_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                       "--exit-on-error", "--dbname", libpq_url(url), str(snapshot)], "pg_restore")
        else:
            _copy_sqlite_into(snapshot, engine)
    finally:
        engine.dispose()


def describe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _copy_sqlite_into(snapshot: Path, target: Engine) -> None:
    """Every row of the SQLite ``snapshot`` into the empty PostgreSQL ``target``, one transaction."""
    from mohpromt_ca.storage.models import core_metadata

    work = snapshot.with_name(snapshot.name + ".upgrading")
    shutil.copyfile(snapshot, work)  # the snapshot itself stays as it was taken
    source = create_register_engine(f"sqlite:///{work}")
    try:
        upgrade(source)  # an older backup is brought to this code's schema first
        upgrade(target)
        core = core_metadata()
        plugin_tables = MetaData()
        with source.connect() as reading:
            names = [n for n in inspect(reading).get_table_names() if n.startswith("plugin_")]
            for name in names:
                table = Table(name, plugin_tables, autoload_with=reading)
                for column in table.columns:  # SQLite's reflected types (DATETIME, ...) as generic ones
                    try:
                        column.type = column.type.as_generic()
                    except NotImplementedError:
                        column.type = Text()
        plugin_tables.create_all(target)
        with source.connect() as reading, target.begin() as writing:
            for table in reversed(core.sorted_tables):  # rows the migrations seed (the audit head)
                if table.name != "alembic_version":
                    writing.execute(table.delete())
            for table in [*core.sorted_tables, *plugin_tables.sorted_tables]:
                if table.name == "alembic_version":
                    continue
                rows = reading.execute(select(table)).mappings()
                while batch := rows.fetchmany(_BATCH):
                    writing.execute(table.insert(), [dict(row) for row in batch])
            for table in [*core.sorted_tables, *plugin_tables.sorted_tables]:
                for column in table.primary_key.columns:
                    if len(table.primary_key.columns) == 1 and isinstance(column.type, Integer):
                        sequence = writing.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                                   {"t": table.name, "c": column.name}).scalar()
                        if sequence:
                            top = writing.execute(select(func.max(column))).scalar()
                            writing.execute(text("SELECT setval(:s, :v, :called)"),
                                            {"s": sequence, "v": top or 1, "called": top is not None})
    finally:
        source.dispose()
        work.unlink(missing_ok=True)
