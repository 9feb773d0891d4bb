"""``verify.mjs`` as a Node command against the Python verifier: every shared dgc-testdata vector,
every hostile HCERT case the Python tests use, and DCCs we issued (valid, tampered, revoked,
expired) through a border post's trust-list cache, in ONE Node process (``--batch``); the verdict
(and the exit code) must be the Python verifier's for every case, and the checks' codes too."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.clock import FixedClock
from mohpromt_verifier.errors import InputError
from mohpromt_verifier.verifier.hcert_verifier import at_time
from mohpromt_verifier.verifier.input_sniffing import classify_text
from mohpromt_verifier.verifier.verify_input import TrustOptions, verify_text
from tests.vectors import dgc_testdata_dirs  # type: ignore[import-not-found]
from tests.verifier.dgc_agreement import _clock_text, vectors  # type: ignore[import-not-found]
from tests.webapp.conftest import World, require_node  # type: ignore[import-not-found]
from tests.webapp.hostile_hcert import structural_cases, summary_cases, variants_of, voucher_cases  # type: ignore[import-not-found]

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _jobs(world: World) -> list[dict[str, Any]]:
    now = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).replace(microsecond=0)  # after the world was issued
    jobs: list[dict[str, Any]] = []
    seen: set[str] = set()
    for root in dgc_testdata_dirs():
        for vector in vectors(root):
            if vector.rel in seen:
                continue
            seen.add(vector.rel)
            jobs.append({"id": f"dgc:{vector.rel}", "hc1": vector.prefix,
                         "dsc": [base64.b64encode(vector.certificate).decode()] if vector.certificate else [],
                         "at": _clock_text(vector) or NOW.isoformat(),
                         "no_rules": vector.flags.get("EXPECTEDSCHEMAVALIDATION") is not False})
    cases = {**structural_cases(), **variants_of(world.hc1), "revoked": world.revoked_hc1,
             **summary_cases(world.summary)}
    for name, text in cases.items():
        for no_rules in (False, True):
            jobs.append({"id": f"{name}{' no-rules' if no_rules else ''}", "hc1": text, "dsc": [],
                         "at": now.isoformat(), "no_rules": no_rules})
    for at in ("2099-01-01T00:00:00+00:00", "2000-01-01T00:00:00+00:00"):
        jobs.append({"id": f"ours at {at[:4]}", "hc1": world.hc1, "dsc": [], "at": at, "no_rules": False})
        jobs.append({"id": f"summary at {at[:4]}", "hc1": world.summary, "dsc": [], "at": at, "no_rules": False})
    # vouchers: the signer candidates given to both (Python: --signer-cert FILE; Node: the same certificates)
    signers = [base64.b64encode(c.public_bytes(Encoding.DER)).decode()
               for c in x509.load_pem_x509_certificates(world.voucher_signers.read_bytes())]
    vouchers = {**voucher_cases(world.voucher), "voucher-extra-field": world.voucher_extra,
                "voucher-by-dsc": world.voucher_by_dsc}
    for name, text in vouchers.items():
        jobs.append({"id": name, "hc1": text, "dsc": [], "at": now.isoformat(), "no_rules": False,
                     "voucher_signers": signers})
    for at in ("2099-01-01T00:00:00+00:00", "2000-01-01T00:00:00+00:00"):
        jobs.append({"id": f"voucher at {at[:4]}", "hc1": world.voucher, "dsc": [], "at": at, "no_rules": False,
                     "voucher_signers": signers})
    jobs.append({"id": "voucher-unknown-signer", "hc1": world.voucher, "dsc": [], "at": now.isoformat(),
                 "no_rules": False})
    return jobs


def _python(job: dict[str, Any], cache: Path, voucher_signers: Path | None = None
            ) -> tuple[str | None, int, list[tuple[str, str, str | None]]]:
    certificates = []
    for der in job["dsc"]:
        try:
            certificates.append(x509.load_der_x509_certificate(base64.b64decode(der)))
        except ValueError:
            pass
    signer_files = (voucher_signers,) if job.get("voucher_signers") and voucher_signers else ()
    options = TrustOptions(directory=cache, extra_dscs=tuple(certificates), rules=not job["no_rules"],
                           allow_expired=True, signer_cert_files=signer_files)
    try:
        report = verify_text(classify_text(job["hc1"].strip()), clock=FixedClock(at_time(job["at"])), options=options)
    except InputError:
        return None, 3, []
    return report.verdict, report.exit_code, [(c.name, c.outcome, c.code) for c in report.checks]


@pytest.fixture(scope="module")
def compared(world: World) -> dict[str, Any]:
    node = require_node()
    jobs = _jobs(world)
    run = subprocess.run([node, str(world.app / "verify.mjs"), "--batch", "--trust-list", str(world.cache)],
                         input="\n".join(json.dumps(j) for j in jobs), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    answers = {a["id"]: a for a in map(json.loads, run.stdout.splitlines())}
    assert len(answers) == len(jobs)
    return {"jobs": jobs, "answers": answers}


def test_same_verdict_as_python_on_every_case(compared: dict[str, Any], world: World) -> None:
    tally: Counter[str] = Counter()
    verdicts, checks = [], []
    for job in compared["jobs"]:
        answer = compared["answers"][job["id"]]
        verdict, exit_code, py_checks = _python(job, world.cache, world.voucher_signers)
        group = "dgc" if job["id"].startswith("dgc:") else "voucher" if job["id"].startswith("voucher") \
            else "hostile+ours"
        tally[f"{group} total"] += 1
        node_checks = [(c["name"], c["outcome"], c["code"]) for c in (answer.get("report") or {}).get("checks", [])]
        if (answer["verdict"], answer["exit"]) == (verdict, exit_code):
            tally[f"{group} same verdict"] += 1
        else:
            verdicts.append(f"{job['id']}: python {verdict}/{exit_code} {py_checks}, node {answer['verdict']}/"
                            f"{answer['exit']} {node_checks} {answer.get('error', '')}")
        if node_checks == py_checks:
            tally[f"{group} same checks"] += 1
        else:
            checks.append(f"{job['id']}: python {py_checks}\n    node   {node_checks}")
    print("\nNode vs Python:", dict(tally))
    assert not verdicts, "\n".join(verdicts)
    assert not checks, "\n".join(checks)


def test_reports_of_our_dcc(compared: dict[str, Any]) -> None:
    answers = compared["answers"]
    assert answers["ours"]["verdict"] == "valid"
    report = answers["ours"]["report"]
    assert report["holder"] == {"name": "สมชาย ใจดี", "name_icao": "SOMCHAI JAIDEE", "date_of_birth": "1985-04-12"}
    assert report["document"]["type"] == "vaccination" and report["document"]["dose"] == "2/2"
    assert answers["ours-tampered-name"]["verdict"] == "invalid"
    assert answers["revoked"]["verdict"] == "invalid"
    assert any(c["code"] == "revoked" for c in answers["revoked"]["report"]["checks"])
    assert answers["ours at 2099"]["verdict"] == "invalid"
    assert answers["bomb"]["report"]["checks"][0]["code"] == "zlib"
    summary = answers["summary"]["report"]
    assert answers["summary"]["verdict"] == "valid", summary
    assert [c["name"] for c in summary["checks"]] == ["decode", "signature", "signer-trust", "validity"]
    assert answers["summary-tampered"]["verdict"] == "invalid"


def test_command_line_contract(world: World) -> None:
    """``node DIR/verify.mjs [--trust-list] [--at] [--no-rules] [--json] HC1|-``: the report shape and
    exit codes of ``mohpromt-ca verify``; without --trust-list the trust data built into DIR."""
    node = require_node()
    script = str(world.app / "verify.mjs")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([node, script, *args], capture_output=True, text=True, input=stdin, timeout=60)

    built_in = run("--json", world.hc1)
    report = json.loads(built_in.stdout)
    assert built_in.returncode == 0 and report["verdict"] == "valid", built_in.stdout + built_in.stderr
    assert set(report) >= {"kind", "verdict", "reasons", "holder", "document", "checks", "warnings", "verified_at"}
    later = run("--json", "--at", "2099-01-01", "--allow-expired-trust-list", "-", stdin=world.hc1)
    assert later.returncode == 1 and json.loads(later.stdout)["verdict"] == "invalid"
    assert run("--no-rules", "--trust-list", str(world.cache), world.hc1).stdout.startswith("VALID / ถูกต้อง")
    unknown = run("--json", "--trust-list", str(world.cache / "nothing-here"), world.hc1)
    assert unknown.returncode == 2 and json.loads(unknown.stdout)["verdict"] == "indeterminate"
    expired = run("--trust-list", str(world.expired_cache), world.hc1)
    assert expired.returncode == 2 and "expired" in expired.stderr
    provisional = run("--json", "--trust-list", str(world.expired_cache), "--allow-expired-trust-list", world.hc1)
    assert any("trust list is past its expiry" in w for w in json.loads(provisional.stdout)["warnings"])
    assert run("--at", "yesterday-ish", world.hc1).returncode == 3
    assert run("not-a-file-and-not-qr-text").returncode == 3
    assert "Traceback" not in built_in.stderr + later.stderr


def test_a_list_that_does_not_verify_is_not_used(world: World, tmp_path: Path) -> None:
    """trust.json's national DSC list with one byte of its JSON changed (its signature kept): the
    list is refused against the pinned trust-list signer, our DSC is then unknown (indeterminate);
    the other lists are still used."""
    node = require_node()
    bundle = json.loads((world.app / "trust.json").read_text("utf-8"))
    for item in bundle["lists"]:
        if item["kind"] == "dsc":
            signature, line = base64.b64decode(item["raw"]).split(b"\n", 1)
            item["raw"] = base64.b64encode(signature + b"\n" + line.replace(b'"DSC"', b'"DSc"', 1)).decode()
    (tmp_path / "trust.json").write_text(json.dumps(bundle), "utf-8")
    run = subprocess.run([node, str(world.app / "verify.mjs"), "--json", "--trust-list", str(tmp_path), world.hc1],
                         capture_output=True, text=True, timeout=60)
    report = json.loads(run.stdout)
    assert run.returncode == 2 and report["verdict"] == "indeterminate", run.stdout + run.stderr
    assert any(c["code"] == "dsc-unknown" for c in report["checks"])
    assert "refused (trust-list-signature)" in run.stderr


def test_voucher_report_is_the_python_one(world: World, tmp_path: Path) -> None:
    """``node DIR/verify.mjs --json MPV1:...`` with the voucher signers the build packed (checked to
    chain to the pinned anchors): the report of ``mohpromt-ca verify --json`` for the same voucher,
    field for field; a tampered voucher is invalid; a trust.json whose voucher signer does not chain
    to its pinned anchors (an attacker's certificate) gives no valid voucher."""
    node = require_node()
    script = str(world.app / "verify.mjs")
    bundle = json.loads((world.app / "trust.json").read_text("utf-8"))
    assert len(bundle["voucher_signers"]) == 1  # the root the service sends along is no signer
    run = subprocess.run([node, script, "--json", world.voucher], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    node_report = json.loads(run.stdout)
    options = TrustOptions(directory=world.cache, signer_cert_files=(world.voucher_trust,))
    at = at_time(node_report["verified_at"])
    python = verify_text(classify_text(world.voucher), clock=FixedClock(at), options=options).as_dict()
    if "debit_id" not in python["document"]:  # a Python verifier from before the debit id (claim "d")
        assert node_report["document"].pop("debit_id") is None
    assert node_report == json.loads(json.dumps(python, default=str)), (node_report, python)
    assert node_report["document"]["value_baht"] == 30 and node_report["holder"] == {"volunteer_ref": "V-WEBAPP0001"}
    tampered = voucher_cases(world.voucher)["voucher-tampered"]
    bad = subprocess.run([node, script, "--json", tampered], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and json.loads(bad.stdout)["verdict"] == "invalid"
    # the DSC put in trust.json as a voucher signer: it signed, but it may not sign vouchers
    bundle["voucher_signers"].append(base64.b64encode(
        x509.load_pem_x509_certificate(world.dsc_pem.read_bytes()).public_bytes(Encoding.DER)).decode())
    (tmp_path / "trust.json").write_text(json.dumps(bundle), "utf-8")
    forged = subprocess.run([node, script, "--json", "--trust-list", str(tmp_path), world.voucher_by_dsc],
                            capture_output=True, text=True, timeout=60)
    report = json.loads(forged.stdout)
    assert forged.returncode == 1 and any(c["code"] == "wrong-key-purpose" for c in report["checks"]), report
