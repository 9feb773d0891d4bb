"""user add and apikey create/revoke/list as real processes: the secret is printed once, never again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]


@pytest.fixture
def database_url() -> None:
    """The commands are the same on PostgreSQL (the accounts tests run there); SQLite only."""
    return None


def test_user_and_apikey_commands(tmp_path: Path, authority, approved_facility) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(authority.settings.data_dir),
           "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_ACTOR": "cli-test", "MOHPROMT_NEW_PASSWORD": "a long enough password"}
    env.pop("MOHPROMT_DATABASE_URL", None)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                                env=env, stdin=subprocess.DEVNULL)
        assert "Traceback" not in result.stderr
        if check:
            assert result.returncode == 0, result.stderr
        return result

    made = json.loads(run("user", "add", "--role", "facility-admin", "--facility", str(approved_facility.id),
                          "--username", "clinic-admin", "--json").stdout)
    assert made["role"] == "facility-admin" and made["facility"] == approved_facility.id
    assert "a long enough password" not in json.dumps(made)
    refused = run("user", "add", "--role", "ra-officer", "--facility", "1", "--username", "ra1", check=False)
    assert refused.returncode != 0 and refused.stderr.startswith("error:")

    created = run("apikey", "create", "--facility", str(approved_facility.id), "--label", "booking")
    token = next(line for line in created.stdout.splitlines() if line.startswith("mpk_"))
    key_id = token.split("_")[1]
    listing = run("apikey", "list").stdout
    assert key_id in listing and token.split("_", 2)[2] not in listing
    assert "revoked API key" in run("apikey", "revoke", key_id).stdout
    assert "REVOKED" in run("apikey", "list").stdout
    again = run("apikey", "revoke", key_id, check=False)
    assert again.returncode != 0 and "already revoked" in again.stderr

    # the rewards module's credential: no facility, no signer; the one that may ask for vouchers
    module = json.loads(run("apikey", "create", "--rewards-module", "--label", "rewards", "--json").stdout)
    assert module["module"] == "rewards-module" and module["token"].startswith("mpm_")
    from mohpromt_ca.application.accounts import authenticate_api_key

    assert authenticate_api_key(authority, module["token"]).role == "rewards-module"
    mixed = run("apikey", "create", "--rewards-module", "--facility", str(approved_facility.id), check=False)
    assert mixed.returncode != 0 and "no facility" in mixed.stderr
    listing = run("apikey", "list").stdout
    assert module["key_id"] in listing and "rewards-module" in listing and module["token"] not in listing
    assert "revoked rewards-module credential" in run("apikey", "revoke", module["key_id"]).stdout
