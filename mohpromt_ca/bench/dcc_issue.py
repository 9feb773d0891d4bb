"""bench dcc-issue: typed input -> HC1 per second on one core vs raw ES256 signing.

Measured in one run, on a throw-away authority with an ES256 DSC (file key):

* the scenario: the pure pipeline, typed input -> ``HC1:`` text (parse + map, UVCI,
  schema + value sets, CBOR, COSE_Sign1 with the DSC handle, zlib, base45), no register;
* the primitive: raw ECDSA P-256 / SHA-256 signing with ``cryptography``;
* each step alone, and its share of the pipeline (the steps are timed separately, so
  the shares are of their sum; the difference to the end-to-end time is glue);
* QR PNG renders per second (level Q, 45 mm at 300 dpi);
* issuance including the register and the audit log: one DCC per transaction (``dcc
  issue``) and batches of 50 per transaction (bulk mode).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mohpromt_ca.bench.goals import rate_goal
from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure

SAMPLE: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30"},
}
BATCH = 50


def run(seconds: float = 2.0) -> ScenarioResult:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.dcc import DccIssuer, parse_request
    from mohpromt_ca.issuer.dcc.register import add_issued
    from mohpromt_ca.issuer.dcc.signing import SignedDcc, random_opaque
    from mohpromt_ca.issuer.dcc.validation import check_dcc
    from mohpromt_verifier.formats.hcert.base45 import b45encode
    from mohpromt_verifier.formats.hcert.claims import HcertClaims
    from mohpromt_verifier.formats.hcert.compression import compress
    from mohpromt_verifier.formats.hcert.cose import sign1
    from mohpromt_verifier.formats.hcert.uvci import generate_uvci
    from mohpromt_verifier.formats.qr import qr_png

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        issue_dsc(authority)
        issuer = DccIssuer(authority, profile="eu-dcc")
        signer = issuer.signer

        def pipeline() -> str:
            return signer.sign(parse_request(SAMPLE)).hc1

        rate = measure("typed input -> HC1 (pure pipeline, no register)", pipeline, seconds=seconds)

        p256 = ec.generate_private_key(ec.SECP256R1())
        tbs = b"\x84jSignature1" + b"x" * 300  # about the size of a vaccination Sig_structure
        primitive = measure("raw ES256 sign (cryptography, P-256)", lambda: p256.sign(tbs, ec.ECDSA(hashes.SHA256())),
                            seconds=seconds)

        request = parse_request(SAMPLE)
        dcc = dict(request.dcc)
        dcc["v"] = [{**request.entry, "ci": generate_uvci("TH", opaque=random_opaque())}]
        claims = HcertClaims(issuer="TH", issued_at=1_700_000_000, expires_at=1_731_536_000, dcc=dcc)
        payload = claims.to_cbor()
        dsc = signer.candidates[0]
        cose_signer = signer.signer_for(dsc)
        cose = sign1(payload, cose_signer)
        compressed = compress(cose)
        text = "HC1:" + b45encode(compressed)
        step = seconds / 2
        steps = [
            measure("input: parse + map + ICAO names (pydantic)", lambda: parse_request(SAMPLE), seconds=step),
            measure("UVCI: random part + Luhn mod N", lambda: generate_uvci("TH", opaque=random_opaque()),
                    seconds=step),
            measure("schema + value sets (+ strict keys, UVCI)", lambda: check_dcc(dcc), seconds=step),
            measure("CBOR: CWT claims", claims.to_cbor, seconds=step),
            measure("sign: COSE_Sign1 via the DSC key handle", lambda: sign1(payload, cose_signer), seconds=step),
            measure("zlib level 9", lambda: compress(cose), seconds=step),
            measure("base45", lambda: b45encode(compressed), seconds=step),
        ]
        qr = measure("QR PNG render (level Q, 45 mm, 300 dpi)", lambda: qr_png(text), seconds=step)
        old_uvci = measure("(before: generate_uvci default, 26x secrets.choice)", lambda: generate_uvci("TH"),
                           seconds=step / 2)

        def single() -> None:
            issuer.issue(request)

        def batch() -> None:
            issuer.issue_batch([request] * BATCH, [None] * BATCH)

        def batch_orm() -> None:  # what record() did before add_issued_many: ORM + audit.append per DCC
            signed = issuer.sign_all([request] * BATCH)
            with authority.register.transaction() as session:
                for item in signed:
                    if not isinstance(item, SignedDcc):
                        raise item
                    add_issued(session, authority, item, None)

        with_register = measure("issue + register + audit, 1 per transaction", single, seconds=step)
        orm_raw = measure(f"(before: {BATCH} per transaction, ORM row + audit.append each)", batch_orm, seconds=step)
        orm = Rate(orm_raw.name, orm_raw.per_second * BATCH, orm_raw.iterations * BATCH, orm_raw.seconds)
        batched_raw = measure(f"issue + register + audit, {BATCH} per transaction", batch, seconds=step)
        batched = Rate(batched_raw.name, batched_raw.per_second * BATCH, batched_raw.iterations * BATCH,
                       batched_raw.seconds)
        authority.close()

    total_ms = sum(s.ms_each for s in steps)
    sign_ms = steps[4].ms_each
    shares = ", ".join(f"{s.name.split(':')[0].split(' ')[0]} {100 * s.ms_each / total_ms:.0f}%" for s in steps)
    shares += f"; QR adds {qr.ms_each:.2f} ms ({100 * qr.ms_each / (total_ms + qr.ms_each):.0f}% of pipeline + QR)"
    around = total_ms - sign_ms
    largest = max((s for i, s in enumerate(steps) if i != 4), key=lambda s: s.ms_each)
    notes = [
        f"share of the pipeline's steps: {shares}",
        f"around the signature: {around:.3f} ms vs the signature step {sign_ms:.3f} ms "
        f"({'less' if around < sign_ms else 'MORE'} than the signature); raw primitive {primitive.ms_each:.3f} ms",
        f"largest step besides the signature: {largest.name} ({largest.ms_each:.3f} ms)",
        f"UVCI random part from one CSPRNG read: {old_uvci.ms_each:.3f} ms -> {steps[1].ms_each:.3f} ms",
        f"with the register: {with_register.ms_each:.3f} ms a DCC one per transaction; in batches of {BATCH} "
        f"(bulk mode) {orm.ms_each:.3f} ms through the ORM -> {batched.ms_each:.3f} ms with multi-row inserts "
        f"and one audit-head lock per batch (the largest step besides the signature once a database is involved)",
        f"QR PNG: {qr.per_second:.0f} renders/s; in bulk PNG output the QR costs "
        f"{qr.ms_each / rate.ms_each:.1f}x the whole pipeline: bulk runs spread it over worker processes",
    ]
    parts = [*steps, qr, old_uvci, with_register, orm, batched]
    goals = [rate_goal("DCC pipeline, typed input -> HC1 (no register) / raw ES256 sign", rate, primitive, 0.5),
             rate_goal("DCC issued, registered and audited, 1 per transaction / raw ES256 sign", with_register,
                       primitive, 0.1)]
    return ScenarioResult("dcc-issue", rate, primitive, parts, notes, goals)
