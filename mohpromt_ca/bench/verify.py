"""bench verify: verifications per second of an HC1 string, a QR PNG and a B-LT PDF, vs raw ES256 verify."""

from __future__ import annotations

import tempfile
from pathlib import Path

from mohpromt_ca.bench.goals import rate_goal
from mohpromt_ca.bench.timing import ScenarioResult, measure


def run(seconds: float = 2.0) -> ScenarioResult:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.dcc.service import DccIssuer
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.templates import get_type
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.formats.qr import qr_png
    from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, verify_hc1
    from mohpromt_verifier.verifier.input_sniffing import qr_texts_from_image
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf
    from mohpromt_verifier.verifier.trust import CertificateList

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        dsc = issue_dsc(authority).certificate
        dcc_input = {
            "holder": {"family_name": "Jaidee", "given_name": "Somchai", "date_of_birth": "1985-04-12"},
            "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                            "dose_number": 2, "total_doses": 2, "date": "2021-08-30"},
        }
        hc1 = DccIssuer(authority).issue(dcc_input).hc1
        png = qr_png(hc1)
        facility = register_facility(authority, type="medical-clinic", licence="B-1", name_th="คลินิก", name_en="Bench",
                                     address="1 ถนนสีลม กรุงเทพมหานคร")
        decide_facility(authority, facility.id, "approve")
        sample = get_type("general-health").request_sample(authority.clock.now())  # facility, signer: the register's
        signer = enrol_signer(authority, facility_id=facility.id, profession="physician",
                              licence="ว.12345", name_th="นพ. ก", name_en="Bench Doctor")
        pdf = PdfIssuer(authority).issue("general-health", sample, signer_id=signer.signer.id, level="B-LT").pdf
        root = authority.certificate_of("root")
        authority.close()

    how = HcertVerification(trust=CertificateList([dsc]), clock=SYSTEM_CLOCK)
    assert verify_hc1(hc1, how).verdict == "valid"
    rate = measure("HC1 string -> report (all checks)", lambda: verify_hc1(hc1, how), seconds=seconds)
    decoded = decode_hc1(hc1)
    tbs, signature = decoded.cose.sig_structure(), decoded.cose.signature
    from mohpromt_verifier.formats.hcert.signer import ecdsa_raw_to_der

    der_signature = ecdsa_raw_to_der(signature)
    public = dsc.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)  # a DSC's key is P-256
    primitive = measure("raw ES256 verify (cryptography)",
                        lambda: public.verify(der_signature, tbs, ec.ECDSA(hashes.SHA256())), seconds=seconds)
    pdf_how = PdfVerification(anchors=(root,), clock=SYSTEM_CLOCK)
    assert verify_pdf(pdf, pdf_how).verdict == "valid"
    parts = [
        measure("HC1 decode only (base45, zlib, COSE, CBOR)", lambda: decode_hc1(hc1), seconds=seconds / 2),
        measure("QR PNG -> text (Pillow + zxing-cpp)", lambda: qr_texts_from_image(png), seconds=seconds / 2),
        measure("QR PNG -> report", lambda: verify_hc1(qr_texts_from_image(png)[0], how), seconds=seconds / 2),
        measure("B-LT PDF -> report (pyHanko)", lambda: verify_pdf(pdf, pdf_how), seconds=seconds),
    ]
    hc1_goal = rate_goal("HC1 string -> report, all checks / raw ES256 verify", rate, primitive, 0.7)
    result = ScenarioResult("verify", rate, primitive, parts, goals=[hc1_goal])
    _node_rate(result, hc1, dsc, seconds)
    return result


def _node_rate(result: ScenarioResult, hc1: str, dsc: object, seconds: float) -> None:
    """The offline app's verifier (verify.mjs, WebCrypto) on the same HC1 and DSC, beside Python's."""
    import json
    import shutil
    import subprocess

    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_ca.bench.timing import Rate
    from mohpromt_verifier.webapp.build import HERE

    node = shutil.which("node")
    if node is None:
        result.notes.append("node is not installed: no rate for verify.mjs")
        return
    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-node-") as tmp:
        pem = Path(tmp) / "dsc.pem"
        pem.write_bytes(dsc.public_bytes(Encoding.PEM))  # type: ignore[attr-defined]
        run = subprocess.run([node, str(HERE / "dist" / "verify.mjs"), "--trust-list", tmp, "--dsc", str(pem),
                              "--bench", str(seconds), hc1], capture_output=True, text=True, timeout=120 + seconds)
    try:
        answer = json.loads(run.stdout)
    except ValueError:
        result.notes.append(f"verify.mjs did not run: {run.stderr.strip()[-200:]}")
        return
    if answer.get("verdict") != "valid":
        result.notes.append(f"verify.mjs said {answer.get('verdict')!r} for the benchmark's DCC")
    result.parts.append(Rate("HC1 string -> report, Node verify.mjs", float(answer["per_second"]),
                             int(answer["iterations"]), float(answer["seconds"])))
