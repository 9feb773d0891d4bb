"""bench pdf: medical certificates end to end (validate, QR, render, sign B-LT, record) on one
core, each step alone, signing at every PAdES level, against the signer key's raw signing rate.

Issue 16's goals for PDFs are ratios to pyHanko's own B-B signing of the same rendered page
with the same cached key (``signers.PdfSigner``, invisible field, no timestamp, no validation
data), measured in the same run: the end-to-end B-LT issuance, a Typst render with new data,
and the verification of a B-LT PDF to a report.
"""

from __future__ import annotations

import copy
import functools
import itertools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mohpromt_ca.bench.goals import rate_goal
from mohpromt_ca.bench.timing import Rate, ScenarioResult, measure

#: issue 16's rows for this scenario: (name, goal as a multiple of the B-B reference rate)
GOAL_END_TO_END = "PDF certificate end to end at B-LT (render, sign, timestamp, validation data, record)"
GOAL_RENDER = "Typst render of one certificate, new data"
GOAL_VERIFY = "B-LT PDF -> report"


def interleaved(jobs: list[tuple[str, Callable[[], object]]], *, seconds: float, rounds: int = 8) -> list[Rate]:
    """Each job's rate over ``rounds`` turns of ``seconds / rounds / len(jobs)`` each, the jobs
    taking turns: on a shared machine they see the same load, so their ratios hold."""
    totals = {name: [0, 0.0] for name, _ in jobs}
    share = seconds / rounds / len(jobs)
    for _ in range(rounds):
        for name, fn in jobs:
            part = measure(name, fn, seconds=share, min_iterations=1)
            totals[name][0] += part.iterations
            totals[name][1] += part.seconds
    return [Rate(name, count / elapsed, int(count), elapsed) for name, (count, elapsed) in totals.items()]


def pyhanko_bb_sign(pdf: bytes, signer: object) -> bytes:
    """pyHanko's own B-B signature of ``pdf`` (invisible field, PAdES subfilter), the reference.

    The space for the CMS blob is given (as the issuer gives it), so pyHanko does not build a
    throw-away CMS to size it: the reference is the fastest plain pyHanko signature."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_byterange import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(  # type: ignore[arg-type]
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=io.BytesIO(), bytes_reserved=8 * 1024)
    return out.getvalue()


def run(seconds: float = 2.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.signer_keys import load_signer
    from mohpromt_ca.ca.keys.base import SignatureScheme
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.pdf.appearance import appearance_text, render_stamp_pdf
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.issuer.pdf.summary import summary_qr_text
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.templates import get_type
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf

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
        primitive = measure("raw signer-key ECDSA P-256 sign (KeyHandle)",
                            lambda: material.handle.sign(b"x" * 64, SignatureScheme.ECDSA_SHA256), seconds=seconds)

        def model():
            return ctype.validate(data())

        pdf = issuer.renderer.render_validated(ctype, model(), summary_qr_text(ctype, model(), material))
        from mohpromt_ca.issuer.pdf.cms_signer import KeyHandleSigner

        reference_signer = KeyHandleSigner(material.handle, material.certificate, material.chain)
        qr_numbers = itertools.count(1)
        signed_blt = issuer.issue("general-health", data(), signer_id=signer_id, level="B-LT").pdf
        how = PdfVerification(anchors=(authority.certificate_of("root"),), clock=SYSTEM_CLOCK)
        if verify_pdf(signed_blt, how).verdict != "valid":
            raise RuntimeError("the bench's B-LT PDF does not verify")
        # the goal rows and their reference, measured in turns so that they share the machine's load
        rate, reference, render, verify = interleaved([
            ("certificate issued end to end (B-LT, recorded)",
             lambda: issuer.issue("general-health", data(), signer_id=signer_id, level="B-LT")),
            ("pyHanko's own B-B signing of the rendered page (same cached key)",
             lambda: pyhanko_bb_sign(pdf, reference_signer)),
            ("render (Typst, PDF/A-2b, new data and new QR each time)",
             lambda: issuer.renderer.render_validated(ctype, model(),
                                                      "MPC1:" + str(next(qr_numbers)).rjust(600, "0"))),
            ("B-LT PDF -> report (pyHanko, all checks)", lambda: verify_pdf(signed_blt, how)),
        ], seconds=4 * seconds)
        parts: list[Rate] = [
            reference,
            measure("validate input (Pydantic)", model, seconds=seconds / 2),
            measure("register check of the signer", lambda: load_signer(authority, signer_id), seconds=seconds / 2),
            measure("summary QR (CWT, COSE ES256, zlib, base45)",
                    lambda: summary_qr_text(ctype, model(), material), seconds=seconds / 2),
            render,
            verify,
        ]
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
            "(reused up to 5 min, never past nextUpdate; the register is checked before every signature) in the "
            "signature's own revision; the chains' validation against them is kept per signer while they are "
            "unchanged and valid; B-LTA adds a document timestamp",
            "one core, one process: bulk issuance scales with worker processes (keys loaded once per worker)",
        ]
        notes.append("goals: ratios to pyHanko's own B-B signing of the same rendered page (signers.PdfSigner, "
                     "invisible field, the signer's cached KeyHandle), measured in this run")
        authority.close()
    goals = [rate_goal(GOAL_END_TO_END, rate, reference, 0.8),
             rate_goal(GOAL_RENDER, render, reference, 5.0),
             rate_goal(GOAL_VERIFY, verify, reference, 1.0)]
    return ScenarioResult("pdf", rate, primitive, parts, notes, goals=goals)
