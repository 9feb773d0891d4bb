"""bench pdf: medical certificates end to end (validate, QR, render, sign B-LT, record) on one
core, each step alone, signing at every PAdES level, against the signer key's raw signing rate."""

from __future__ import annotations

import copy
import functools
import itertools
import tempfile
import time
from pathlib import Path

from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure


def run(seconds: float = 2.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.signer_keys import load_signer
    from mohpromt_ca.ca.keys.base import SignatureScheme
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.pdf.appearance import appearance_text, render_stamp_pdf
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.issuer.pdf.summary import summary_qr_text
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.templates import get_type

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        ctype = get_type("general-health")
        sample = ctype.sample_as_of(authority.clock.now())  # its dates: today's
        named = sample["facility"]  # the register holds what the sample names (the issuer checks it)
        facility = register_facility(authority, type="medical-clinic", licence=named["licence"],
                                     name_th=named["name_th"], name_en=named["name_en"], address=named["address"],
                                     address_en=named.get("address_en"), phone=named.get("phone"))
        decide_facility(authority, facility.id, "approve")
        enrolment = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                                 name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
        signer_id = enrolment.signer.id
        numbers = itertools.count(1)

        def data() -> dict:
            record = copy.deepcopy(sample)
            record["document_number"] = f"GH-BENCH-{next(numbers):07d}"
            return record

        issuer = PdfIssuer(authority)
        material = load_signer(authority, signer_id)
        rate = measure("certificate issued end to end (B-LT, recorded)",
                       lambda: issuer.issue("general-health", data(), signer_id=signer_id, level="B-LT"),
                       seconds=seconds)
        primitive = measure("raw signer-key ECDSA P-256 sign (KeyHandle)",
                            lambda: material.handle.sign(b"x" * 64, SignatureScheme.ECDSA_SHA256), seconds=seconds)

        def model():
            return ctype.validate(data())

        parts: list[Rate] = [
            measure("validate input (Pydantic)", model, seconds=seconds / 2),
            measure("register check of the signer", lambda: load_signer(authority, signer_id), seconds=seconds / 2),
            measure("summary QR (CWT, COSE ES256, zlib, base45)",
                    lambda: summary_qr_text(ctype, model(), material), seconds=seconds / 2),
            measure("render (Typst, PDF/A-2b, new data each time)",
                    lambda: issuer.renderer.render_validated(ctype, model(), "MPC1:" + "0" * 600), seconds=seconds),
        ]
        pdf = issuer.renderer.render_validated(ctype, model(), summary_qr_text(ctype, model(), material))
        box = ctype.signature_rect.box
        for level in ("B-B", "B-T", "B-LT", "B-LTA"):
            parts.append(measure(f"sign {level} (pyHanko, visible, keys cached)",
                                 functools.partial(issuer.signing.sign, pdf, signer_id=signer_id, level=level,
                                                   box=box, material=material),
                                 seconds=seconds))
        parts.append(measure("sign B-B invisible (no appearance)",
                             lambda: issuer.signing.sign(pdf, signer_id=signer_id, level="B-B", material=material),
                             seconds=seconds / 2))
        text = appearance_text(material, authority.clock.now())
        started = time.perf_counter()
        render_stamp_pdf(box[2] - box[0], box[3] - box[1], text)
        stamp_ms = (time.perf_counter() - started) * 1000
        one = issuer.issue("general-health", data(), signer_id=signer_id, level="B-LT")
        split = ", ".join(f"{k} {v * 1000:.1f}" for k, v in one.timings.items() if not k.startswith("sign."))
        inner = ", ".join(f"{k[5:]} {v * 1000:.1f}" for k, v in one.timings.items() if k.startswith("sign."))
        notes = [
            f"one B-LT document, ms: {split}",
            f"inside sign, ms: {inner}",
            f"first stamp of a signer in a minute (HarfBuzz shaping + fontTools subset of Sarabun): {stamp_ms:.0f} ms, "
            "then cached; every other document copies the finished stamp",
            "B-T/B-LT/B-LTA call the in-process TSA; B-LT embeds OCSP + CRLs from the in-process responder "
            "(reused up to 5 min; the register is checked before every signature); B-LTA adds a document timestamp",
            "one core, one process: bulk issuance scales with worker processes (keys loaded once per worker)",
        ]
        authority.close()
    return ScenarioResult("pdf", rate, primitive, parts, notes)
