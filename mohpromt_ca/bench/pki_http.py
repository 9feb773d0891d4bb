"""bench pki-http: OCSP and TSA over HTTP on loopback, 8 concurrent clients, p50/p99 latency.

The server is a real `mohpromt-ca serve` process; the clients run in this process
(asyncio + httpx, keep-alive), so on a 2-core machine both compete for the CPU.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from mohpromt_ca.bench.http_load import percentiles_ms, post_load
from mohpromt_ca.bench.serve_process import serve_process
from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure

CLIENTS = 8


def _summary(name: str, count: int, latencies: list[float], elapsed: float) -> tuple[Rate, str]:
    p50, p99 = percentiles_ms(latencies)
    return Rate(name, count / elapsed, count, elapsed), f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {CLIENTS} clients"


def run(seconds: float = 10.0) -> ScenarioResult:
    from asn1crypto import tsp
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509 import ocsp
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        passphrase = "bench-only-passphrase"
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr(passphrase), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        facility = register_facility(authority, type="pharmacy", licence="B", name_th="ร้าน", name_en="Bench")
        decide_facility(authority, facility.id, "approve")
        signer = enrol_signer(authority, facility_id=facility.id, profession="pharmacist", licence="1",
                              name_th="ภก. ก", name_en="Bench Signer").certificate
        ica = authority.certificate_of("document-signing")
        ocsp_body = ocsp.OCSPRequestBuilder().add_certificate(signer, ica, hashes.SHA1()).build().public_bytes(
            Encoding.DER)
        tsa_body = tsp.TimeStampReq({"version": "v1", "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                                     "hashed_message": b"\x01" * 32}, "cert_req": True}).dump()
        responder_key = authority.issuing_key("ocsp-document-signing").handle
        primitive = measure("raw sign with the responder key (P-256 via handle)",
                            lambda: responder_key.sign(b"\x5a" * 200), seconds=1.0)
        authority.close()

        with serve_process(tmp, passphrase, ready_path="/healthz") as url:
            base = f"{url}/pki"
            ocsp_load = asyncio.run(post_load(f"{base}/ocsp", ocsp_body, "application/ocsp-request", seconds,
                                         clients=CLIENTS, timeout=30))
            tsa_load = asyncio.run(post_load(f"{base}/tsa", tsa_body, "application/timestamp-query", seconds,
                                        clients=CLIENTS, timeout=30))
    ocsp_rate, ocsp_note = _summary("OCSP POST over HTTP", *ocsp_load)
    tsa_rate, tsa_note = _summary("TSA POST over HTTP", *tsa_load)
    return ScenarioResult("pki-http", ocsp_rate, primitive, [tsa_rate], [ocsp_note, tsa_note,
                          "server and clients share this machine's cores"])
