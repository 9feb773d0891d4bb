"""The whole chain as two parties run it: the CA issues and publishes; a border post imports the
signed lists into its own cache and verifies offline; a revocation published later turns red."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]
from tests.issuer.conftest import sample  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_issue_publish_import_verify_revoke(authority, approved_facility, tmp_path) -> None:
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.issuer.dcc.service import DccIssuer

    issue_dsc(authority, restrict_to="vaccination")
    hc1 = DccIssuer(authority).issue(sample("vaccination")).hc1
    ca_env = {**os.environ, "MOHPROMT_DATA_DIR": str(authority.settings.data_dir),
              "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    ca_env.pop("MOHPROMT_DATABASE_URL", None)
    border_env = {k: v for k, v in os.environ.items() if not k.startswith("MOHPROMT_")}
    border_env["MOHPROMT_DATA_DIR"] = str(tmp_path / "border")  # no CA, no register, no key here
    cache = str(tmp_path / "border-cache")

    def run(env, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
        return subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                              env=env, stdin=subprocess.DEVNULL)

    signer, dscs, anchors = tmp_path / "signer.pem", tmp_path / "th-dsc.txt", tmp_path / "th-anchors.pem"
    for args in (("trust-list", "signer", "-o", str(signer)),
                 ("trust-list", "export", "--format", "national", "-o", str(dscs)),
                 ("trust-list", "export", "--format", "pem", "-o", str(anchors))):
        assert run(ca_env, *args).returncode == 0
    assert run(border_env, "trust-list", "import", str(dscs), "--anchor", str(signer),
               "--trust-list", cache).returncode == 0
    verdict = run(border_env, "verify", hc1, "--trust-list", cache, "--json")
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert json.loads(verdict.stdout)["verdict"] == "valid"

    uvci = json.loads(verdict.stdout)["document"]["uvci"]
    assert run(ca_env, "dcc", "revoke", uvci).returncode == 0
    revocations = tmp_path / "th-revocations.txt"
    assert run(ca_env, "trust-list", "export", "--format", "revocation", "-o", str(revocations)).returncode == 0
    imported = run(border_env, "trust-list", "import", str(revocations), "--anchor", str(signer),
                   "--trust-list", cache)
    assert imported.returncode == 0, imported.stderr
    revoked = run(border_env, "verify", hc1, "--trust-list", cache, "--json")
    report = json.loads(revoked.stdout)
    assert revoked.returncode == 1 and report["verdict"] == "invalid"
    assert any(c["name"] == "revocation" and c["outcome"] == "fail" for c in report["checks"])
