"""bench ocsp / tsa / crl: in-process responses per second vs the raw signing rate of the responder key."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure


@contextmanager
def _authority() -> Iterator[object]:
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        try:
            yield authority
        finally:
            authority.close()


def _raw_sign(handle, name: str, seconds: float) -> Rate:
    return measure(name, lambda: handle.sign(b"\x5a" * 200), seconds=seconds)


def run_ocsp(seconds: float = 2.0) -> ScenarioResult:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509 import ocsp

    from mohpromt_ca.authority.ocsp_responder import OcspResponder
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    with _authority() as authority:
        facility = register_facility(authority, type="pharmacy", licence="B", name_th="ร้าน", name_en="Bench")  # type: ignore[arg-type]
        decide_facility(authority, facility.id, "approve")  # type: ignore[arg-type]
        signer = enrol_signer(authority, facility_id=facility.id, profession="pharmacist", licence="1",  # type: ignore[arg-type]
                              name_th="ภก. ก", name_en="Bench Signer").certificate
        ica = authority.certificate_of("document-signing")  # type: ignore[attr-defined]
        request = (ocsp.OCSPRequestBuilder().add_certificate(signer, ica, hashes.SHA1()).build()
                   .public_bytes(Encoding.DER))
        on_demand = (ocsp.OCSPRequestBuilder().add_certificate(signer, ica, hashes.SHA256()).build()
                     .public_bytes(Encoding.DER))  # SHA-256 CertIDs are never pre-signed
        responder = OcspResponder(authority)  # type: ignore[arg-type]
        assert responder.respond(request).status == "successful"
        rate = measure("OCSP response, pre-signed (parse, look up)", lambda: responder.respond(request),
                       seconds=seconds)
        handle = authority.issuing_key("ocsp-document-signing").handle  # type: ignore[attr-defined]
        primitive = _raw_sign(handle, "raw sign with the responder key (P-256 via handle)", seconds)
        parts = [measure("OCSP response on demand (parse, look up, build, sign)",
                         lambda: responder.respond(on_demand), seconds=seconds),
                 measure("OCSP malformedRequest answer", lambda: responder.respond(b"junk"), seconds=seconds / 2)]
    return ScenarioResult("ocsp", rate, primitive, parts)


def run_tsa(seconds: float = 2.0) -> ScenarioResult:
    from asn1crypto import tsp

    from mohpromt_ca.authority.tsa import TimeStampAuthority

    with _authority() as authority:
        tsa = TimeStampAuthority(authority)  # type: ignore[arg-type]
        query = tsp.TimeStampReq({"version": "v1", "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                                  "hashed_message": b"\x01" * 32}, "nonce": 7, "cert_req": True}).dump()
        assert tsa.respond(query).granted
        rate = measure("RFC 3161 token (certReq, nonce)", lambda: tsa.respond(query), seconds=seconds)
        handle = authority.issuing_key("tsa").handle  # type: ignore[attr-defined]
        primitive = _raw_sign(handle, "raw sign with the TSA key (P-256 via handle)", seconds)
    return ScenarioResult("tsa", rate, primitive)


def run_crl(seconds: float = 2.0, entries: int = 100_000) -> ScenarioResult:
    """Build (and sign) a CRL holding ``entries`` revoked serials; rows are inserted in bulk first."""
    import time

    from sqlalchemy import insert, select

    from mohpromt_ca.authority.crl import build_crl
    from mohpromt_ca.ca.serials import new_serial, serial_hex
    from mohpromt_ca.storage.models import Certificate, Revocation

    with _authority() as authority:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with authority.register.transaction() as session:  # type: ignore[attr-defined]
            session.execute(insert(Certificate), [
                {"serial": serial_hex(new_serial()), "issuer": "document-signing", "profile": "signer",
                 "subject": "CN=bench", "not_before": now, "not_after": now, "status": "revoked", "created_at": now}
                for _ in range(entries)])
            ids = list(session.execute(select(Certificate.id).where(Certificate.subject == "CN=bench")).scalars())
            session.execute(insert(Revocation), [
                {"certificate_id": i, "revoked_at": now, "reason": "superseded", "actor": "bench"} for i in ids])
        started = time.perf_counter()
        der = build_crl(authority, "document-signing", number=1, this_update=now)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        rate = Rate(f"full CRL with {entries:,} entries ({len(der) / 1e6:.1f} MB)", 1 / elapsed, 1, elapsed)
        handle = authority.issuing_key("document-signing").handle  # type: ignore[attr-defined]
        primitive = _raw_sign(handle, "raw sign with the CA key (P-384 via handle)", seconds / 2)
    return ScenarioResult("crl", rate, primitive, notes=[f"{elapsed:.2f} s to build and sign; "
                                                           f"{elapsed / entries * 1e6:.1f} µs per entry"])
