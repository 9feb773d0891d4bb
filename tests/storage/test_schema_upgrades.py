"""The schema changes only when the operator says so: `mohpromt-ca db upgrade` / `db status` on
SQLite and PostgreSQL, the refusal to serve or issue on an outdated schema (a ConfigError naming
the command, exit 3), and the one implicit migration left: the embedded SQLite first start."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import free_port, make_settings  # type: ignore[import-not-found]

OLDER = "0006"  # a real earlier revision: service_users has no session_generation yet


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema at all: a SQLite file that does not exist yet, or an empty PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'elsewhere' / 'register.sqlite3'}"
    return str(request.getfixturevalue("empty_postgres_url"))


def _env(cli, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {**cli.env, "MOHPROMT_DATABASE_URL": url}


def test_db_upgrade_and_status(cli, empty_database: str) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.storage.database import head_revision

    head = head_revision()
    env = _env(cli, empty_database)

    before = cli("db", "status", "--json", check=False, environment=env)
    assert before.returncode == 1, before.stderr
    assert json.loads(before.stdout) | {"database": None} == {"database": None, "current": None, "head": head,
                                                               "state": "behind"}
    if empty_database.startswith("sqlite"):
        assert not Path(empty_database.removeprefix("sqlite:///")).exists()  # status looks, never creates

    first = cli("db", "upgrade", "--json", environment=env)
    report = json.loads(first.stdout)
    assert (report["from"], report["to"], report["head"], report["changed"]) == (None, head, head, True)

    again = cli("db", "upgrade", environment=env)
    assert f"schema already at {head} (head): nothing to do" in again.stdout

    after = cli("db", "status", environment=env)
    assert f"current: {head}" in after.stdout and "state: up to date" in after.stdout


def test_db_upgrade_prints_from_and_to(cli, empty_database: str) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.storage.database import head_revision, upgrade_database

    assert upgrade_database(empty_database, OLDER).to_revision == OLDER
    env = _env(cli, empty_database)
    status = cli("db", "status", check=False, environment=env)
    assert status.returncode == 1
    assert f"current: {OLDER}" in status.stdout and "behind: run `mohpromt-ca db upgrade`" in status.stdout
    upgraded = cli("db", "upgrade", environment=env)
    assert f"schema upgraded: {OLDER} -> {head_revision()} (head)" in upgraded.stdout


def test_outdated_postgres_schema_is_refused(cli, empty_postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.storage.database import database_status, head_revision, upgrade_database

    upgrade_database(empty_postgres_url, OLDER)
    env = _env(cli, empty_postgres_url)

    init = cli("init", check=False, environment=env)
    assert init.returncode == 3
    assert init.stderr.strip() == (
        f"error: the register's schema is at revision {OLDER} but this version of mohpromt-ca needs "
        f"{head_revision()}: run `mohpromt-ca db upgrade` (with the same MOHPROMT_DATABASE_URL) first")

    # the service refuses to start, before listening, with the same line
    serve = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "serve", "--port", str(free_port())],
                           env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert serve.returncode == 3
    assert "run `mohpromt-ca db upgrade`" in serve.stderr and "Traceback" not in serve.stderr

    with pytest.raises(ConfigError, match="mohpromt-ca db upgrade"):
        Authority.open(make_settings(Path(env["MOHPROMT_DATA_DIR"]), empty_postgres_url))
    assert database_status(empty_postgres_url).current == OLDER  # refusing changed nothing

    cli("db", "upgrade", environment=env)
    cli("init", environment=env)
    assert "state: up to date" in cli("db", "status", environment=env).stdout


def test_empty_postgres_schema_is_not_migrated_by_opening(cli, empty_postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.storage.database import database_status

    init = cli("init", check=False, environment=_env(cli, empty_postgres_url))
    assert init.returncode == 3
    assert "no revision (an empty database)" in init.stderr and "mohpromt-ca db upgrade" in init.stderr
    assert database_status(empty_postgres_url).current is None


def test_embedded_first_start_migrates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`mohpromt-ca init` on a fresh data directory, with no MOHPROMT_DATABASE_URL, needs no `db upgrade`."""
    register = tmp_path / "data" / "register.sqlite3"
    assert not register.exists()
    cli("init", "--json")
    assert register.exists()
    status = json.loads(cli("db", "status", "--json").stdout)
    assert status["state"] == "up-to-date" and status["database"] == f"sqlite:///{register.resolve()}"
    assert "already" in cli("db", "upgrade").stdout


def test_outdated_sqlite_register_is_refused_too(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only a SQLite database with no revision is migrated on open; one behind is the operator's to upgrade."""
    from mohpromt_ca.storage.database import upgrade_database

    register = tmp_path / "data" / "register.sqlite3"
    upgrade_database(f"sqlite:///{register}", OLDER)
    init = cli("init", check=False)
    assert init.returncode == 3 and f"revision {OLDER}" in init.stderr and "mohpromt-ca db upgrade" in init.stderr
    cli("db", "upgrade")
    cli("init")


def test_a_schema_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    from sqlalchemy import text

    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.storage.database import Register, create_register_engine, upgrade_database

    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    upgrade_database(url)
    engine = create_register_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ConfigError, match="revision 9999, which this version of mohpromt-ca does not know"):
        Register.open(url)
    with pytest.raises(ConfigError, match="revision 9999, which this version of mohpromt-ca does not know"):
        upgrade_database(url)  # nor does `db upgrade` touch it


@pytest.mark.postgres
def test_concurrent_upgrades_take_turns(empty_postgres_url: str) -> None:
    """Two migrators at once (say, two hosts running `db upgrade`): one migrates, the other finds it done."""
    from mohpromt_ca.storage.database import Upgrade, head_revision, upgrade_database

    results: list[Upgrade] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(upgrade_database(empty_postgres_url))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted((r.from_revision or "", r.to_revision) for r in results) == [("", head_revision()),
                                                                             (head_revision(), head_revision())]
