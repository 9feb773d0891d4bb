"""Files with personal data, secrets or hashes are 0600 in 0700 folders, and the service refuses a
data directory or key files others may write (issue 19, part 2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE, free_port, make_settings  # type: ignore[import-not-found]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mohpromt_ca.application.artefacts import ArtefactStore
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.service.web.sessions import load_secret

    base = tmp_path_factory.mktemp("modes")
    os.chmod(base, 0o755)  # as a home directory would be
    directory = base / "data"
    authority = Authority.open(make_settings(directory), actor="test-officer")
    try:
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        ArtefactStore(directory / "documents").put("ab" * 32, ".hc1", b"HC1:...")
        load_secret(directory)
    finally:
        authority.close()
    return directory


def test_what_the_service_writes_is_private(data_dir: Path) -> None:
    assert _mode(data_dir) == 0o700
    for name in ("register.sqlite3", "register.sqlite3-wal", "register.sqlite3-shm"):
        if (data_dir / name).exists() or name == "register.sqlite3":
            assert _mode(data_dir / name) == 0o600, name
    assert _mode(data_dir / "keys") == 0o700
    assert all(_mode(key) == 0o600 for key in (data_dir / "keys").iterdir())
    assert _mode(data_dir / "documents") == 0o700
    assert _mode(data_dir / "documents" / f"{'ab' * 32}.hc1") == 0o600
    assert _mode(data_dir / "web-session.key") == 0o600


def test_a_register_left_readable_is_tightened(tmp_path: Path) -> None:
    from mohpromt_ca.storage.database import create_register_engine

    register = tmp_path / "register.sqlite3"
    register.touch(mode=0o644)
    os.chmod(register, 0o644)
    create_register_engine(f"sqlite:///{register}").dispose()
    assert _mode(register) == 0o600


@pytest.mark.parametrize("loosen", ["data dir 0777", "keys dir 0777", "key file 0644", "key file 0666"])
def test_start_refuses_what_others_may_write(data_dir: Path, loosen: str) -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.errors import ConfigError

    keys = data_dir / "keys"
    target = {"data dir 0777": data_dir, "keys dir 0777": keys, "key file 0644": keys / "root.p8.pem",
              "key file 0666": keys / "tsa.p8.pem"}[loosen]
    before = _mode(target)
    os.chmod(target, int(loosen.split()[-1], 8))
    try:
        with pytest.raises(ConfigError, match=f"chmod -R go-rwx {data_dir}") as refused:
            Authority.open(make_settings(data_dir))
        assert refused.value.code == "unsafe-permissions"
    finally:
        os.chmod(target, before)
    Authority.open(make_settings(data_dir)).close()  # fixed as told: it starts


def test_serve_refuses_with_the_command_that_fixes_it(data_dir: Path) -> None:
    os.chmod(data_dir / "keys", 0o777)
    try:
        env = {**os.environ, "MOHPROMT_DATA_DIR": str(data_dir), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
        env.pop("MOHPROMT_DATABASE_URL", None)
        done = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "serve", "--port", str(free_port())],
                              capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    finally:
        os.chmod(data_dir / "keys", 0o700)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"chmod -R go-rwx {data_dir}" in done.stderr and "writable by group or others" in done.stderr


def test_outputs_with_medical_content_are_private_in_the_operators_folder(tmp_path: Path) -> None:
    """`sign -o`, `dcc issue -o` and the bulk runs' outputs and journals: 0600; a folder the
    operator chose is left as it is."""
    from mohpromt_ca.issuer.bulk_files import write_durably
    from mohpromt_ca.issuer.dcc.output import write_atomic

    chosen = tmp_path / "out"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    write_durably(chosen / "DOC-1.pdf", b"%PDF-")
    write_atomic(chosen / "vax.txt", b"HC1:...\n", sync=False)
    write_atomic(chosen / "vax.txt", b"HC1:... again\n")  # replaced, still private
    assert _mode(chosen / "DOC-1.pdf") == 0o600 and _mode(chosen / "vax.txt") == 0o600
    assert (chosen / "vax.txt").read_bytes() == b"HC1:... again\n"
    assert _mode(chosen) == 0o755 and sorted(p.name for p in chosen.iterdir()) == ["DOC-1.pdf", "vax.txt"]
