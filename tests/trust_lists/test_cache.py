"""The local cache: a crash mid-write leaves the previous list readable, expiry is refused
unless allowed (and then every result is marked), manual pins are logged and marked."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mohpromt_ca.authority.trust_list_export import export
from mohpromt_verifier.trust_lists.cache import EXPIRED_MARK, TrustListCache
from mohpromt_verifier.trust_lists.dsc_lists import entry_for_certificate
from mohpromt_verifier.trust_lists.errors import TrustListExpired
from mohpromt_verifier.trust_lists.importer import import_list

from .conftest import now

REPO = Path(__file__).resolve().parents[2]


def test_sigkill_while_writing_leaves_a_whole_list(tmp_path) -> None:
    directory = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    seen = set()
    torn = 0
    rng = random.Random(20240601)
    for _round in range(8):
        child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("kill_writer.py")), str(directory)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL
        cache = TrustListCache(directory)  # a fresh reader after the crash
        cached = cache.get("crash")
        assert cached is not None, "the list vanished"
        assert cached.source in ("version-A", "version-B")
        assert len(cached.entries) == (4000 if cached.source == "version-A" else 3000)
        seen.add(cached.source)
        torn += len(list((directory / "lists").glob(".*.tmp")))  # killed mid-write
        assert [c.name for c in cache.lists()] == ["crash"]  # temporary files are never read as lists
    with TrustListCache(directory).locked():
        pass  # the next writer sweeps up what a killed one left
    assert not list((directory / "lists").glob(".*.tmp"))
    print(f"versions seen after kills: {sorted(seen)}; kills that left a half-written temporary file: {torn}")


def test_expired_list_is_refused_unless_allowed_then_marked(ca, anchor, cache) -> None:
    t0 = now()
    import_list(cache, export(ca, "national", now=t0), anchor=anchor, source="ours", now=t0,
                max_age=dt.timedelta(hours=24))
    fresh = cache.open_view(now=t0 + dt.timedelta(hours=23))
    assert fresh.marks == () and all(c.marks == () for c in fresh.dscs())
    later = t0 + dt.timedelta(hours=25)
    with pytest.raises(TrustListExpired, match="expired"):
        cache.open_view(now=later)
    view = cache.open_view(now=later, allow_expired=True)
    assert view.expired and view.marks == (EXPIRED_MARK,)
    results = view.dscs()
    assert results and all(EXPIRED_MARK in r.marks for r in results)
    assert all(EXPIRED_MARK in r.marks for r in view.dsc_candidates(results[0].kid))
    # a re-fetch that verifies restarts the clock, even when the content is the same
    assert import_list(cache, export(ca, "national", now=t0), anchor=anchor, source="ours", now=later,
                       max_age=dt.timedelta(hours=24)).status == "unchanged"
    assert cache.open_view(now=later).marks == ()


def test_tsl_next_update_is_the_expiry(ca, anchor, cache) -> None:
    t0 = now()
    stored = import_list(cache, export(ca, "tsl", now=t0), anchor=anchor, source="tsl", now=t0)
    assert stored.list.expires_at == t0 + dt.timedelta(days=30)
    with pytest.raises(TrustListExpired):
        cache.open_view(now=t0 + dt.timedelta(days=31))


def test_manual_pins_are_logged_marked_and_never_expire(ca, cache) -> None:
    dsc = ca.certificate_of("dcc-csca")
    t0 = now()
    cache.add_manual("dsc", entry_for_certificate(dsc, country="TH", now=t0), now=t0, actor="officer", source="x.pem")
    view = cache.open_view(now=t0 + dt.timedelta(days=3650))
    [pinned] = view.dscs()
    assert pinned.manual and pinned.list_name == "manual-dsc"
    log = cache.log_entries()
    assert log[-1]["action"] == "add-dsc" and log[-1]["actor"] == "officer"
    assert cache.verify_log() == (True, "intact")


def test_log_edits_are_detected(ca, anchor, cache) -> None:
    import_list(cache, export(ca, "national"), anchor=anchor, source="ours", now=now(), actor="a")
    cache.add_manual("dsc", entry_for_certificate(ca.certificate_of("root"), country="TH", now=now()), now=now(),
                     actor="b", source="y.pem")
    path = cache.directory / "log.jsonl"
    lines = path.read_text().splitlines()
    first = json.loads(lines[0])
    first["actor"] = "mallory"
    path.write_text("\n".join([json.dumps(first, sort_keys=True), *lines[1:]]) + "\n")
    intact, detail = cache.verify_log()
    assert not intact and "entry 1" in detail


def test_a_tampered_snapshot_is_not_read_as_trust(ca, anchor, cache) -> None:
    from mohpromt_verifier.trust_lists.errors import ListFormatError

    stored = import_list(cache, export(ca, "national"), anchor=anchor, source="ours", now=now())
    path = cache.lists_dir / f"{stored.list.name}.json"
    record = json.loads(path.read_text())
    record["entries"][0]["country"] = "XX"
    path.write_text(json.dumps(record))
    with pytest.raises(ListFormatError, match="digest"):
        cache.open_view(now=now())
