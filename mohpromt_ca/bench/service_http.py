"""bench service-http: DCC and PDF issuance through the REST API of a real
`mohpromt-ca serve --workers 2`, 32 concurrent clients on loopback, p50/p99 latency.

The register is SQLite in a temporary data directory, or PostgreSQL when
MOHPROMT_BENCH_POSTGRES_URL is set (a fresh schema is made and dropped). Every request
carries a new Idempotency-Key, so each one issues a new document.
"""

from __future__ import annotations

import asyncio
import copy
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from mohpromt_ca.bench.goals import rate_goal
from mohpromt_ca.bench.http_load import percentiles_ms
from mohpromt_ca.bench.ocsp_http import empty_endpoint
from mohpromt_ca.bench.serve_process import serve_process
from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure

CLIENTS = 32
WORKERS = 2
DCC_INPUT: dict[str, Any] = {
    "holder": {"family_name": "Jaidee", "given_name": "Somchai", "date_of_birth": "1985-04-12"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30"},
}


async def _load(url: str, token: str, bodies: Any, seconds: float,
                ok_status: int = 201) -> tuple[int, list[float], float, dict[int, int]]:
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        async with httpx.AsyncClient(timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                reply = await http.post(url, json=bodies(), headers={"Idempotency-Key": secrets.token_hex(16)})
                statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
                if reply.status_code == ok_status:
                    latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return len(latencies), latencies, time.perf_counter() - started, statuses


def _summary(name: str, count: int, latencies: list[float], elapsed: float,
             statuses: dict[int, int]) -> tuple[Rate, str]:
    p50, p99 = percentiles_ms(latencies)
    return (Rate(name, count / elapsed, count, elapsed),
            f"{name}: p50 {p50:.0f} ms, p99 {p99:.0f} ms, {CLIENTS} clients, {WORKERS} workers, statuses {statuses}")


def run(seconds: float = 30.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.storage.database import upgrade_database
    from mohpromt_ca.templates import get_type

    postgres = os.environ.get("MOHPROMT_BENCH_POSTGRES_URL")
    schema = f"bench_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        database_url = None
        if postgres:
            import psycopg

            with psycopg.connect(postgres, autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            database_url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
            upgrade_database(database_url)  # as an operator does: `mohpromt-ca db upgrade`
        passphrase = "bench-only-passphrase"
        try:
            settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr(passphrase), database_url=database_url)
            authority = Authority.open(settings, actor="bench")
            initialise(authority, organisation="Ministry of Public Health", country="TH")
            dsc = issue_dsc(authority)
            facility = register_facility(authority, type="medical-clinic", licence="B-1", name_th="คลินิก",
                                         name_en="Bench Clinic", address="1 ถนนสีลม กรุงเทพมหานคร")
            decide_facility(authority, facility.id, "approve")
            # what integrators send: no facility, signer or issue time (the register's and the clock's)
            sample = get_type("general-health").request_sample(authority.clock.now())
            signer = enrol_signer(authority, facility_id=facility.id, profession="physician",
                                  licence="ว.12345", name_th="นพ. ทดสอบ", name_en="Bench Doctor")
            _info, token = create_api_key(authority, facility_id=facility.id, label="bench")
            dsc_key = authority.issuing_key(dsc.name).handle
            primitive = measure("raw ES256 sign with the DSC key via its handle", lambda: dsc_key.sign(b"x" * 64),
                                seconds=1.0)
            authority.close()

            with serve_process(tmp, passphrase, workers=WORKERS, database_url=database_url) as base:
                numbers = iter(range(10**9))

                def pdf_body() -> dict[str, Any]:
                    data = copy.deepcopy(sample)
                    data["document_number"] = f"BENCH-{next(numbers):09d}"
                    return {"type": "general-health", "data": data, "signer_id": signer.signer.id, "level": "B-LT"}

                dcc = asyncio.run(_load(f"{base}/api/v1/documents/dcc", token, lambda: {"data": DCC_INPUT}, seconds))
                pdf = asyncio.run(_load(f"{base}/api/v1/documents/pdf", token, pdf_body, seconds))
            # the reference: an empty FastAPI POST, same workers, clients and request body
            with empty_endpoint() as empty_base:
                empty = asyncio.run(_load(f"{empty_base}/empty", token, lambda: {"data": DCC_INPUT}, seconds,
                                          ok_status=200))
        finally:
            if postgres:
                import psycopg

                with psycopg.connect(postgres, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    dcc_rate, dcc_note = _summary("DCC issuance over the API", *dcc)
    pdf_rate, pdf_note = _summary("PDF issuance (B-LT) over the API", *pdf)
    empty_rate, empty_note = _summary("empty FastAPI POST (uvicorn, same workers and clients)", *empty)
    where = "PostgreSQL" if postgres else "SQLite"
    goals = [rate_goal("DCC over HTTP / empty FastAPI POST", dcc_rate, empty_rate, 0.2)]
    return ScenarioResult("service-http", dcc_rate, primitive, [pdf_rate, empty_rate],
                          [dcc_note, pdf_note, empty_note,
                           f"register: {where}; server and clients share this machine's cores"], goals)
