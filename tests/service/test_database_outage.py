"""A lost register (issue 19, part 3): 503 + Retry-After + problem+json, /readyz not ready, one log
line per failure class and no traceback, and recovery without a restart -- on PostgreSQL behind a
TCP proxy the test cuts (the shared server keeps running), and on a SQLite file another process
holds locked."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import make_settings, serving  # type: ignore[import-not-found]

VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}


class CuttableProxy:
    """A TCP proxy to the PostgreSQL server: ``cut()`` drops every connection and stops listening
    (the database is gone for the service), ``resume()`` listens on the same port again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.resume()

    def resume(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it (Linux)
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@contextlib.contextmanager
def dedicated_database(postgres_server: str) -> Iterator[tuple[str, str]]:
    """(admin URL, database name): a database of its own, dropped afterwards."""
    import psycopg

    name = f"h19_outage_{secrets.token_hex(5)}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin, name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _authority_with_key(settings: Any) -> tuple[Any, str]:
    from mohpromt_ca.application.accounts import create_api_key
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.registration.desk import decide_facility, register_facility

    authority = Authority.open(settings, actor="test-officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    facility = register_facility(authority, type="medical-clinic", licence="LIC-OUTAGE", name_th="คลินิก",
                                 name_en="Clinic")
    decide_facility(authority, facility.id, "approve")
    issue_dsc(authority)
    return authority, create_api_key(authority, facility_id=facility.id)[1]


def _assert_503(response: httpx.Response, code: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 503 and body["code"] == code and "Traceback" not in response.text


def _lines(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


def test_postgresql_outage_answers_503_and_recovers_without_restart(tmp_path: Path, postgres_server: str,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.storage.database import upgrade_database

    caplog.set_level(logging.INFO)
    with dedicated_database(postgres_server) as (admin, name):
        import urllib.parse

        upstream = urllib.parse.urlsplit(admin)
        proxy = CuttableProxy((upstream.hostname or "127.0.0.1", upstream.port or 5432))
        url = f"postgresql://postgres@127.0.0.1:{proxy.port}/{name}?connect_timeout=3"
        upgrade_database(url)
        authority, key = _authority_with_key(make_settings(tmp_path / "data", url))
        auth = {"Authorization": f"Bearer {key}"}
        try:
            app = create_service_app(authority)
            # the periodic runner reports a lost register to the request path's log: one line per process
            assert app.state.periodic.outages is app.state.outage
            with serving(app) as base, httpx.Client(base_url=base, timeout=60) as client:
                assert client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=auth).status_code == 201
                caplog.clear()
                proxy.cut()
                for _ in range(4):
                    _assert_503(client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                                            headers={**auth, "Idempotency-Key": "during-outage"}),
                                "database-unreachable")
                    _assert_503(client.get("/api/v1/documents/NOPE-1", headers=auth), "database-unreachable")
                    ready = client.get("/readyz")
                    assert ready.status_code == 503 and ready.headers["retry-after"].isdigit()
                    assert ready.json()["code"] == "not-ready"
                # a clinic's browser gets a short page in Thai and English, not JSON
                token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/web/login").text)
                assert token
                page = client.post("/web/login", data={"csrf_token": token.group(1), "username": "someone",
                                                       "password": "x"})
                assert page.status_code == 503 and page.headers["retry-after"].isdigit()
                assert "ระบบไม่พร้อมใช้งานชั่วคราว" in page.text and "Temporarily unavailable" in page.text
                # one line for the whole outage, no traceback
                assert len(_lines(caplog, "register unavailable: database-unreachable")) == 1
                assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
                            and "register unavailable" not in r.getMessage()]

                proxy.resume()
                deadline = time.monotonic() + 30
                while client.get("/readyz").status_code != 200:
                    assert time.monotonic() < deadline, "the service did not recover by itself"
                    time.sleep(0.2)
                assert len(_lines(caplog, "register answers again")) == 1
                retried = client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                                      headers={**auth, "Idempotency-Key": "during-outage"})
                assert retried.status_code == 201, retried.text
                again = client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                                    headers={**auth, "Idempotency-Key": "during-outage"})
                assert again.json()["uvci"] == retried.json()["uvci"]  # still exactly once
        finally:
            authority.close()
            proxy.cut()


def test_sqlite_register_locked_by_another_process_answers_503(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    from mohpromt_ca.service.app import create_service_app

    caplog.set_level(logging.INFO)
    register = tmp_path / "data" / "register.sqlite3"
    authority, key = _authority_with_key(make_settings(tmp_path / "data", f"sqlite:///{register}?timeout=1"))
    auth = {"Authorization": f"Bearer {key}"}
    try:
        with serving(create_service_app(authority)) as base, httpx.Client(base_url=base, timeout=60) as client:
            assert client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=auth).status_code == 201
            caplog.clear()
            other = sqlite3.connect(register, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # e.g. a maintenance script holding the write lock
            try:
                for _ in range(3):
                    _assert_503(client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=auth),
                                "database-locked")
                assert len(_lines(caplog, "register unavailable: database-locked")) == 1
            finally:
                other.execute("ROLLBACK")
                other.close()
            assert client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=auth).status_code == 201
            assert client.get("/readyz").status_code == 200
    finally:
        authority.close()


def test_failure_classes_of_real_database_errors(tmp_path: Path) -> None:
    """What SQLite and PostgreSQL actually raise, sorted into the classes the 503 names (and a
    constraint violation stays a bug's 500)."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from mohpromt_ca.storage.database import create_register_engine
    from mohpromt_ca.storage.outage import failure_class

    garbage = tmp_path / "register.sqlite3"
    garbage.write_bytes(b"this is not a database file " * 200)
    engine = create_register_engine(f"sqlite:///{garbage}")
    with pytest.raises(Exception) as unreadable:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM alembic_version"))
    engine.dispose()
    assert failure_class(unreadable.value) == "database-unreadable"

    nowhere = create_register_engine("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(Exception) as unreachable:
        nowhere.connect()
    assert failure_class(unreachable.value) == "database-unreachable"

    fine = create_register_engine(f"sqlite:///{tmp_path / 'ok.sqlite3'}")
    with pytest.raises(IntegrityError) as constraint:
        with fine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER PRIMARY KEY)"))
            connection.execute(text("INSERT INTO t VALUES (1), (1)"))
    fine.dispose()
    assert failure_class(constraint.value) is None
    assert failure_class(ValueError("not a database error")) is None
