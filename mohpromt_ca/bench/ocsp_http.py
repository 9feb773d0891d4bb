"""bench ocsp-http: OCSP over HTTP answered from pre-signed responses, beside an empty FastAPI
POST endpoint in the same run (the yardstick), and OCSP signed on demand for reference.

The servers are real processes with the same number of uvicorn workers (``mohpromt-ca serve
--workers 2``, the PKI reader app alone, ``service.pki.app:create_pki_from_environment``, and
the empty app); 32 clients on loopback (asyncio + httpx, keep-alive) share
the machine's cores with them. The three are measured in interleaved slices (4 rounds), after a
warm-up, so drifting load from elsewhere on the machine falls on all of them alike. The
register is SQLite in a temporary data directory, or
PostgreSQL when MOHPROMT_BENCH_POSTGRES_URL is set (a fresh schema is made and dropped).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from mohpromt_ca.bench.http_load import percentiles_ms, post_load
from mohpromt_ca.bench.serve_process import free_port, serve_process, wait_until_ready
from mohpromt_ca.bench.timing import Rate, ScenarioResult

CLIENTS = 32
WORKERS = 2
ROUNDS = 4


def _summary(name: str, count: int, latencies: list[float], elapsed: float) -> tuple[Rate, str]:
    p50, p99 = percentiles_ms(latencies)
    return Rate(name, count / elapsed, count, elapsed), f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms"


@contextlib.contextmanager
def empty_endpoint() -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "mohpromt_ca.bench.empty_app:app", "--port",
                               str(port), "--workers", str(WORKERS), "--log-level", "warning", "--no-access-log"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base + "/healthz", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def pki_reader(data_dir: str, passphrase: str, database_url: str | None) -> Iterator[str]:
    """The PKI endpoints alone (``service.pki.app:create_pki_from_environment``), same workers."""
    port = free_port()
    env = {**os.environ, "MOHPROMT_DATA_DIR": data_dir, "MOHPROMT_KEY_PASSPHRASE": passphrase}
    if database_url:
        env["MOHPROMT_DATABASE_URL"] = database_url
    else:
        env.pop("MOHPROMT_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory",
                               "mohpromt_ca.service.pki.app:create_pki_from_environment", "--port", str(port),
                               "--workers", str(WORKERS), "--log-level", "warning", "--no-access-log"],
                              env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base + "/healthz", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def _database(tmp: str) -> Iterator[str | None]:
    postgres = os.environ.get("MOHPROMT_BENCH_POSTGRES_URL")
    if not postgres:
        yield None
        return
    import psycopg

    from mohpromt_ca.storage.database import upgrade_database

    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
        upgrade_database(url)
        yield url
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run(seconds: float = 10.0) -> ScenarioResult:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509 import ocsp
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp, _database(tmp) as database_url:
        passphrase = "bench-only-passphrase"
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr(passphrase), database_url=database_url)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        facility = register_facility(authority, type="pharmacy", licence="B", name_th="ร้าน", name_en="Bench")
        decide_facility(authority, facility.id, "approve")
        signer = enrol_signer(authority, facility_id=facility.id, profession="pharmacist", licence="1",
                              name_th="ภก. ก", name_en="Bench Signer").certificate
        ica = authority.certificate_of("document-signing")
        presigned_body = ocsp.OCSPRequestBuilder().add_certificate(signer, ica, hashes.SHA1()).build().public_bytes(
            Encoding.DER)  # RFC 5019: one SHA-1 CertID, no nonce
        on_demand_body = ocsp.OCSPRequestBuilder().add_certificate(signer, ica, hashes.SHA256()).build() \
            .public_bytes(Encoding.DER)  # a SHA-256 CertID is never pre-signed
        authority.close()

        with empty_endpoint() as empty_url, serve_process(tmp, passphrase, workers=WORKERS,
                                                          database_url=database_url, ready_path="/healthz") as url, \
                pki_reader(tmp, passphrase, database_url) as reader_url:
            targets = {"empty": (f"{empty_url}/empty", presigned_body),
                       "presigned": (f"{url}/pki/ocsp", presigned_body),
                       "on_demand": (f"{url}/pki/ocsp", on_demand_body),
                       "reader": (f"{reader_url}/pki/ocsp", presigned_body)}
            for target, body in targets.values():  # warm up: keys loaded, first periodic round (CRLs) done
                asyncio.run(post_load(target, body, "application/ocsp-request", 0.5, clients=CLIENTS))
            time.sleep(3)
            # interleaved slices: load from other work on the machine drifts over seconds, so each
            # endpoint gets its share of every moment rather than a moment of its own
            totals: dict[str, tuple[int, list[float], float]] = {name: (0, [], 0.0) for name in targets}
            for _round in range(ROUNDS):
                for name, (target, body) in targets.items():
                    count, latencies, elapsed = asyncio.run(
                        post_load(target, body, "application/ocsp-request", seconds / ROUNDS, clients=CLIENTS))
                    done, samples, spent = totals[name]
                    totals[name] = (done + count, samples + latencies, spent + elapsed)
            empty, presigned, on_demand = totals["empty"], totals["presigned"], totals["on_demand"]
            reader = totals["reader"]
    empty_rate, empty_note = _summary("empty FastAPI POST (same body, same workers)", *empty)
    rate, note = _summary("OCSP POST, pre-signed response", *presigned)
    demand_rate, demand_note = _summary("OCSP POST, signed on demand (SHA-256 CertID)", *on_demand)
    reader_rate, reader_note = _summary("OCSP POST, pre-signed, PKI reader app alone", *reader)
    share = rate.per_second / empty_rate.per_second if empty_rate.per_second else 0.0
    reader_share = reader_rate.per_second / empty_rate.per_second if empty_rate.per_second else 0.0
    where = "PostgreSQL" if database_url else "SQLite"
    return ScenarioResult("ocsp-http", rate, empty_rate, [demand_rate, reader_rate], [
        note, empty_note, demand_note, reader_note,
        f"pre-signed OCSP answers {share:.2f}x the empty endpoint's rate through `serve` (the issuance "
        f"service's middleware included), {reader_share:.2f}x through the PKI reader app alone (goal >= 0.5x)",
        f"{CLIENTS} clients, {WORKERS} uvicorn workers each; register: {where}; servers and clients share the cores"])
