"""Two OS processes redeem the same voucher at the same moment against the same database
(SQLite and PostgreSQL): exactly one succeeds, the other is told it was already redeemed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

# A partner's process: its own engine on the shared database, trust material it was handed
# (no CA at hand). It warms up, says it is ready, waits for the go file, then redeems.
WORKER = r"""
import sys, time
from pathlib import Path
from mohpromt_ca.clock import SYSTEM_CLOCK
from mohpromt_ca.storage.plugin_namespace import PluginNamespace
from mohpromt_ca.storage.secret_files import load_or_create_secret
from mohpromt_plugins.rewards import AlreadyRedeemed, RewardsService

url, data_dir, pem_path, text_path, ready, go = sys.argv[1:7]

class PinnedTrust:
    def voucher_trust(self):
        return Path(pem_path).read_bytes()

service = RewardsService(PluginNamespace.standalone("rewards", url), clock=SYSTEM_CLOCK,
                         citizen_key=load_or_create_secret(Path(data_dir) / "citizen-hash.key"))
client, text = PinnedTrust(), Path(text_path).read_text()
assert service.verify(client, text).verdict == "valid"
Path(ready).touch()
deadline = time.monotonic() + 60
while not Path(go).exists() and time.monotonic() < deadline:
    time.sleep(0.001)
try:
    service.redeem(client, text, "shop-1", redeemed_by="worker")
    print("redeemed")
except AlreadyRedeemed as exc:
    print("already-redeemed" if "already redeemed" in exc.message else "odd: " + exc.message)
"""


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_double_redemption_succeeds_once(authority, tmp_path: Path, attempt: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text as sql

    from mohpromt_ca.service.plugin_host import host_context
    from mohpromt_plugins.rewards import RewardsPlugin

    from .helpers import flow_to_voucher

    plugin = RewardsPlugin()
    context = host_context(authority, "rewards", permissions=plugin.requires)
    plugin.setup(context)
    _volunteer, bought = flow_to_voucher(plugin.service, context.client)
    (tmp_path / "trust.pem").write_bytes(context.client.voucher_trust())
    (tmp_path / "voucher.txt").write_text(bought.text)
    go = tmp_path / "go"
    workers = [subprocess.Popen(
        [sys.executable, "-c", WORKER, authority.settings.resolved_database_url, str(context.data_dir),
         str(tmp_path / "trust.pem"), str(tmp_path / "voucher.txt"), str(tmp_path / f"ready-{i}"), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{i}").exists() for i in range(2)):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers), \
            [w.communicate() for w in workers if w.poll() is not None]
        time.sleep(0.01)
    go.touch()
    outcomes = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        outcomes.append(out.strip())
    assert sorted(outcomes) == ["already-redeemed", "redeemed"], outcomes
    with authority.register.engine.connect() as connection:
        assert connection.execute(sql("SELECT count(*) FROM plugin_rewards_redemptions")).scalar() == 1
