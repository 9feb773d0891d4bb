"""First start: `mohpromt-ca serve` on an empty data directory initialises the authority,
creates the first RA officer and prints the URL and the password once; a second start does
none of that again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE, free_port, make_settings  # type: ignore[import-not-found]


def _serve(data_dir: Path, log: Path, **extra_env: str) -> tuple[str, str, str]:
    """Start serve, wait for /readyz, stop it; (base URL, stdout, stderr)."""
    from mohpromt_ca.bench.serve_process import wait_until_ready

    port = free_port()
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(data_dir), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE, **extra_env}
    for name in ("MOHPROMT_DATABASE_URL", "MOHPROMT_ADMIN_USERNAME", "MOHPROMT_ADMIN_PASSWORD"):
        if name not in extra_env:
            env.pop(name, None)
    out, err = log.with_suffix(".out"), log.with_suffix(".err")
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "mohpromt_ca.cli", "serve", "--port", str(port)], env=env,
                                  stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(base + "/readyz", server, timeout=120)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return base, out.read_text(), err.read_text()


def _officers(data_dir: Path) -> list[str]:
    from sqlalchemy import select

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.storage.models import ServiceUser

    authority = Authority.open(make_settings(data_dir))
    try:
        with authority.register.reading() as session:
            return list(session.execute(select(ServiceUser.username).where(ServiceUser.role == "ra-officer")).scalars())
    finally:
        authority.close()


def test_serve_on_a_fresh_data_directory(tmp_path: Path) -> None:
    from mohpromt_ca.application.accounts import authenticate_user
    from mohpromt_ca.authority.context import Authority

    data_dir = tmp_path / "data"
    base, out, err = _serve(data_dir, tmp_path / "first")
    assert "Traceback" not in err
    assert "initialised the authority" in out, out
    assert f"serving on {base}/" in out and f"open {base}/" in out
    match = re.search(r"^  password: (\S+)$", out, re.M)
    assert match and "ra-admin" in out, out
    password = match.group(1)
    assert password not in err  # printed to the terminal once, never logged
    assert len(password) >= 12

    authority = Authority.open(make_settings(data_dir))
    try:
        assert authority.is_initialised()
        user = authenticate_user(authority, "ra-admin", password)
        assert user.role == "ra-officer"
    finally:
        authority.close()

    _base, again, again_err = _serve(data_dir, tmp_path / "second")
    assert "Traceback" not in again_err
    assert "initialised" not in again and "password:" not in again and "created the first" not in again
    assert password not in again + again_err
    assert "serving on" in again
    assert _officers(data_dir) == ["ra-admin"]
    # `mohpromt-ca init` still refuses an existing authority
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(data_dir), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    env.pop("MOHPROMT_DATABASE_URL", None)
    init = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "init"], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    assert init.returncode != 0 and "already exists" in init.stderr


@pytest.fixture
def database_url() -> None:
    return None


def test_first_start_after_init_takes_the_admin_from_the_environment(authority, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import authenticate_user
    from mohpromt_ca.cli.service_commands import first_start

    monkeypatch.setenv("MOHPROMT_ADMIN_USERNAME", "officer-one")
    monkeypatch.setenv("MOHPROMT_ADMIN_PASSWORD", "a chosen long passphrase")
    lines = first_start(authority)  # the authority exists (init ran): only the account is made
    text = "\n".join(lines)
    assert "initialised" not in text and "officer-one" in text
    assert "a chosen long passphrase" not in text
    assert authenticate_user(authority, "officer-one", "a chosen long passphrase").role == "ra-officer"
    assert first_start(authority) == []  # nothing to do the second time
