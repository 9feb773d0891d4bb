"""Shared fixtures: every test builds its PKI through the project's own API in a temp dir."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# pytest-xdist (`--dist loadgroup`, see pyproject.toml): a worker takes whole modules, so a
# module-scoped fixture (a PKI, a running service) is built once, not once per worker. Folders
# whose modules share one session-scoped fixture (a fresh virtual environment, a built web app)
# stay together on one worker.
_SHARED_FIXTURE_FOLDERS = ("verifier_distribution", "webapp")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        relative = Path(str(item.path)).resolve().relative_to(REPO).parts
        folder = relative[1] if len(relative) > 2 and relative[0] == "tests" else ""
        group = f"tests/{folder}" if folder in _SHARED_FIXTURE_FOLDERS else "/".join(relative)
        item.add_marker(pytest.mark.xdist_group(group))


POSTGRES_URL = os.environ.get("MOHPROMT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SOFTHSM_MODULE = os.environ.get("MOHPROMT_TEST_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
TEST_PASSPHRASE = "test-passphrase-not-secret"


def _postgres_reachable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'mohpromt-ca[postgres]')"
    try:
        with psycopg.connect(POSTGRES_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "skip with the reason"
        return f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}".splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    reason = _postgres_reachable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture
def empty_postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty schema in the test database (no tables, no revision), dropped afterwards."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    plain = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def postgres_url(empty_postgres_url: str) -> str:
    """A fresh schema migrated to head explicitly, as an operator does (`mohpromt-ca db upgrade`):
    a PostgreSQL register is never migrated by opening it."""
    from mohpromt_ca.storage.database import upgrade_database

    upgrade_database(empty_postgres_url)
    return empty_postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """Run the test once on SQLite (the default in the data directory) and once on PostgreSQL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


def make_settings(data_dir: Path, database_url: str | None = None, **extra: object):  # type: ignore[no-untyped-def]
    from mohpromt_ca.config import Settings

    return Settings(data_dir=data_dir, database_url=database_url, key_passphrase=TEST_PASSPHRASE,
                    base_url="http://127.0.0.1:8000", **extra)


@pytest.fixture
def authority(tmp_path: Path, database_url: str | None):  # type: ignore[no-untyped-def]
    """An initialised authority (root, two issuing CAs, OCSP and TSA keys) on both databases."""
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise

    auth = Authority.open(make_settings(tmp_path / "data", database_url), actor="test-officer")
    initialise(auth, organisation="Ministry of Public Health", country="TH")
    yield auth
    auth.close()


@pytest.fixture
def approved_facility(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import decide_facility, register_facility

    facility = register_facility(authority, type="medical-clinic", licence=f"LIC-{secrets.token_hex(3)}",
                                 name_th="คลินิกหมอพร้อม", name_en="Mor Prom Clinic", contact="clinic@example.org",
                                 address="99/1 ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500",
                                 address_en="99/1 Silom Road, Bang Rak, Bangkok 10500", phone="02 123 4567")
    return decide_facility(authority, facility.id, "approve")


@pytest.fixture(scope="session")
def openssl() -> str:
    path = shutil.which("openssl")
    if not path:
        pytest.skip("the openssl command is not installed")
    return path


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One SoftHSM2 token for the whole run (SoftHSM reads its config once per process)."""
    util = shutil.which("softhsm2-util")
    if not util or not Path(SOFTHSM_MODULE).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the SoftHSM2 tests: apt-get install softhsm2")
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    label, pin = "mohpromt-test", "1234"
    subprocess.run([util, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "5678"],
                   check=True, capture_output=True, env={**os.environ, "SOFTHSM2_CONF": str(conf)})
    return {"conf": str(conf), "label": label, "pin": pin, "module": SOFTHSM_MODULE}


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app, port: int | None = None, **options: object) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Run an ASGI app under uvicorn in a thread on loopback; yield its base URL; stop it after."""
    import threading
    import time

    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                                           **options))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run `mohpromt-ca` as users do: a real process on a fresh data directory (SQLite, file keys).

    ``run(*args, check=True, stdin=None, environment=None)``; ``run.env`` is the environment used.
    Every call asserts there is no traceback on stderr."""
    import sys

    env = {**os.environ, "MOHPROMT_DATA_DIR": str(tmp_path / "data"), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_ACTOR": "cli-test"}
    env.pop("MOHPROMT_DATABASE_URL", None)

    def run(*args: str, check: bool = True, stdin: str | None = None,
            environment: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                                env=environment or env, input=stdin,
                                stdin=None if stdin is not None else subprocess.DEVNULL)
        if check:
            assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result

    run.env = env  # type: ignore[attr-defined]
    return run


@pytest.fixture
def token_signer_keys(authority, softhsm_token):  # type: ignore[no-untyped-def]
    """Make the authority generate signers' keys in the SoftHSM2 token from now on."""
    settings = type(authority.settings)(**{**authority.settings.model_dump(),
        "signer_key_backend": "pkcs11", "pkcs11_module": softhsm_token["module"],
        "pkcs11_token_label": softhsm_token["label"], "pkcs11_pin": softhsm_token["pin"]})
    authority.settings = settings
    authority.keys.settings = settings
    return authority
