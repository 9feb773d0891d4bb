"""bench audit-append: issuance-like transactions appending audit entries from 8 threads, with
the audit-head row lock every append took until revision 0009 and without it (0011), same run.

Each transaction appends one entry and then holds 2 ms more (the rest of an issuance
transaction: its register rows and round trips) before it commits. With the head lock, those
transactions queue on one row; without it they overlap. The register is SQLite in a temporary
data directory (whose one writer serialises both), or PostgreSQL when
MOHPROMT_BENCH_POSTGRES_URL is set, which is where the lock mattered. The entries are sealed and
verified at the end.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.bench.ocsp_http import _database
from mohpromt_ca.bench.timing import Rate, ScenarioResult

THREADS = 8
HOLD = 0.002


def _run(authority: Authority, *, head_lock: bool, seconds: float) -> Rate:
    from sqlalchemy import select

    from mohpromt_ca.storage import audit
    from mohpromt_ca.storage.models import AuditHead

    done = [0] * THREADS
    deadline = time.perf_counter() + seconds

    def worker(n: int) -> None:
        while time.perf_counter() < deadline:
            with authority.register.transaction() as session:
                if head_lock:  # what every append did until revision 0009
                    session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
                audit.append(session, actor="bench", action="bench.append", target=f"t:{n}", clock=authority.clock)
                time.sleep(HOLD)
            done[n] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    name = "appends with the head row lock (until 0009)" if head_lock else "appends without a lock (0011)"
    return Rate(name, sum(done) / elapsed, sum(done), elapsed)


def run(seconds: float = 5.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.application.audit_log import seal_pending, verify_audit_log
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp, _database(tmp) as database_url:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"),
                            database_url=database_url)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        if database_url:  # every thread its own connection
            authority.register.engine.pool.dispose()
        locked = _run(authority, head_lock=True, seconds=seconds)
        free = _run(authority, head_lock=False, seconds=seconds)
        started = time.perf_counter()
        outcome = seal_pending(authority)
        sealing = Rate("sealing (chain + signed, time-stamped checkpoint)", outcome.sealed /
                       (time.perf_counter() - started), outcome.sealed, time.perf_counter() - started)
        verdict = verify_audit_log(authority)
        authority.close()
    where = "PostgreSQL" if database_url else "SQLite (one writer at a time: no gain expected)"
    return ScenarioResult("audit-append", free, locked, [sealing], [
        f"without the lock: {free.per_second / locked.per_second:.1f}x the locked rate",
        f"{THREADS} threads, each transaction holds {HOLD * 1000:.0f} ms after its append; register: {where}",
        f"sealed {outcome.sealed} entries under {outcome.checkpoints} checkpoints; verify intact: {verdict.intact}"])
