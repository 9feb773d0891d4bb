"""`bench scale`: the scale-out deployment on this machine (PostgreSQL: MOHPROMT_BENCH_POSTGRES_URL).

Bulk DCC issuance through one `serve` node and 1, then 2, `mohpromt-ca worker` processes
(concurrency 1 each): a job of N records is submitted as NDJSON and timed from submission until
the node reports it done; records/s for each, and the ratio 2 workers / 1 worker (1.0 = no gain,
2.0 = linear). The raw ES256 signature with the DSC key is the primitive. A fresh schema is made
and dropped; the chunks are 50 records so two workers share one job.

The OCSP-over-HTTP part of the issue-15 scenario (pre-signed responses beside an empty FastAPI
endpoint) is added to this same scenario by its own change: see ``OCSP_PART`` below.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mohpromt_ca.bench.serve_process import free_port, wait_until_ready
from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure
from mohpromt_ca.errors import ConfigError

DCC_INPUT: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}
CHUNK = "50"
PASSPHRASE = "bench-only-passphrase"

#: (name, function(base_url, seconds) -> (Rate, notes)) of further parts measured against the same
#: node: the OCSP-over-HTTP part (pre-signed responses vs an empty endpoint) goes here.
OCSP_PART: list[tuple[str, Callable[[str, float], tuple[list[Rate], list[str]]]]] = []


@contextlib.contextmanager
def _processes(env: dict[str, str], data_dir: str,
               commands: list[list[str]]) -> Iterator[list[subprocess.Popen[bytes]]]:
    started = [subprocess.Popen([sys.executable, "-m", "mohpromt_ca.cli", *command], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**env, "MOHPROMT_DATA_DIR": data_dir}) for command in commands]
    try:
        yield started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def _workers_registered(database_url: str) -> int:
    import psycopg

    plain = database_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain) as conn:
        row = conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()
    return int(row[0]) if row else 0


def _bulk_rate(base: str, token: str, records: int, database_url: str, workers: int) -> tuple[Rate, float]:
    import httpx

    deadline = time.monotonic() + 120
    while _workers_registered(database_url) < workers:  # every worker is up and listening
        if time.monotonic() > deadline:
            raise RuntimeError("the bench workers did not start")
        time.sleep(0.2)
    body = b"".join(json.dumps(DCC_INPUT, ensure_ascii=False).encode() + b"\n" for _ in range(records))
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=120) as client:
        started = time.perf_counter()
        submitted = client.post("/api/v1/bulk-jobs?kind=dcc&type=vaccination", content=body,
                                headers={**auth, "Content-Type": "application/x-ndjson"})
        if submitted.status_code != 202:
            raise RuntimeError(f"bulk submission refused: {submitted.status_code}")
        job_id = submitted.json()["id"]
        while True:
            job = client.get(f"/api/v1/bulk-jobs/{job_id}", headers=auth).json()
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    if job["done"] != records:
        raise RuntimeError(f"the bench job ended {job['state']} with {job['done']} of {records}")
    rate = Rate(f"bulk DCC, {workers} worker{'s' if workers > 1 else ''}", records / elapsed, records, elapsed)
    return rate, elapsed


def run(seconds: float = 10.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.application.accounts import create_api_key
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from mohpromt_ca.storage.database import upgrade_database
    from mohpromt_ca.storage.task_queue import apply_schema

    postgres = os.environ.get("MOHPROMT_BENCH_POSTGRES_URL")
    if not postgres:
        raise ConfigError("bench scale needs PostgreSQL: set MOHPROMT_BENCH_POSTGRES_URL "
                          "(e.g. postgresql://postgres@127.0.0.1:5432/test)", code="bench-needs-postgresql")
    import psycopg

    records = max(100, int(seconds * 30))
    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    database_url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
    try:
        with tempfile.TemporaryDirectory(prefix="mohpromt-bench-scale-") as tmp:
            upgrade_database(database_url)  # `mohpromt-ca db upgrade`: the register and the task queue
            apply_schema(database_url)
            settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr(PASSPHRASE), database_url=database_url)
            authority = Authority.open(settings, actor="bench")
            initialise(authority, organisation="Ministry of Public Health", country="TH")
            dsc = issue_dsc(authority)
            facility = register_facility(authority, type="medical-clinic", licence="B-1", name_th="คลินิก",
                                         name_en="Bench Clinic")
            decide_facility(authority, facility.id, "approve")
            _info, token = create_api_key(authority, facility_id=facility.id, label="bench")
            dsc_key = authority.issuing_key(dsc.name).handle
            primitive = measure("raw ES256 sign with the DSC key via its handle", lambda: dsc_key.sign(b"x" * 64),
                                seconds=1.0)
            authority.close()
            env = {k: v for k, v in os.environ.items() if not k.startswith("MOHPROMT_")}
            env.update({"MOHPROMT_DATABASE_URL": database_url, "MOHPROMT_KEY_PASSPHRASE": PASSPHRASE,
                        "MOHPROMT_BULK_CHUNK_RECORDS": CHUNK})
            port = free_port()
            with _processes(env, tmp, [["serve", "--port", str(port)]]) as (node,):
                base = f"http://127.0.0.1:{port}"
                wait_until_ready(base + "/readyz", node, timeout=120)
                rates: list[Rate] = []
                for workers in (1, 2):
                    with _processes(env, tmp, [["worker"]] * workers):
                        rate, _elapsed = _bulk_rate(base, token, records, database_url, workers)
                        rates.append(rate)
                    deadline = time.monotonic() + 30  # the stopped workers unregister
                    while _workers_registered(database_url) and time.monotonic() < deadline:
                        time.sleep(0.2)
                extra: list[Rate] = []
                extra_notes: list[str] = []
                for _name, part in OCSP_PART:
                    part_rates, part_notes = part(base, seconds)
                    extra += part_rates
                    extra_notes += part_notes
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    one, two = rates
    ratio = two.per_second / one.per_second if one.per_second else float("nan")
    notes = [f"{records} DCC records a job (NDJSON through one serve node), chunks of {CHUNK}, "
             f"workers at concurrency 1; 2 workers / 1 worker = {ratio:.2f}x",
             f"this machine has {os.cpu_count()} cores shared by the node, the workers, PostgreSQL and the client",
             *extra_notes]
    return ScenarioResult("scale", two, primitive, [one, two, *extra], notes)
