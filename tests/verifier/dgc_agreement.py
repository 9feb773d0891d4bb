"""Agreement of ``verify --no-rules`` verdicts with the dgc-testdata EXPECTEDRESULTS.

A vector's expected verdict is *valid* when every expected flag of the verification chain
(prefix, base45, zlib, decode, JSON, signature, schema, expiry, key usage) is true, else
*not valid*. Each vector goes through the ``verify`` command (click's runner, the same code
path as ``mohpromt-ca verify``) with its DSC as ``--dsc`` and its VALIDATIONCLOCK as ``--at``,
under ``--no-rules`` (technical validation), except a vector expecting EXPECTEDSCHEMAVALIDATION
false: the upstream harness never checks a false schema expectation (test_cose_schema runs only
for true), and the only such vectors whose payload meets its schema (PL 7/8/9) expect an
unknown device, country or manufacturer code to be refused, which under the EU split is a
business rule: those are judged by the full verifier (rules on).
Vectors whose flag is listed upstream as a known issue (tests/known_issues.csv: the
upstream one, filtered, plus this repository's) are skipped and counted.

Run over any copy: ``python -m tests.verifier.dgc_agreement DIR [DIR...]`` prints per-country
agreement and every disagreement.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner

CHAIN_FLAGS = ("EXPECTEDUNPREFIX", "EXPECTEDB45DECODE", "EXPECTEDCOMPRESSION", "EXPECTEDDECODE",
               "EXPECTEDVALIDJSON", "EXPECTEDVERIFY", "EXPECTEDSCHEMAVALIDATION", "EXPECTEDEXPIRATIONCHECK",
               "EXPECTEDKEYUSAGE")
# upstream known_issues.csv test_name -> the flag it concerns
KNOWN_ISSUE_FLAGS = {
    "test_cose_schema": "EXPECTEDSCHEMAVALIDATION",
    "test_verification_check": "EXPECTEDVERIFY",
    "test_expiration_check": "EXPECTEDEXPIRATIONCHECK",
    "test_expected_key_usage": "EXPECTEDKEYUSAGE",
    "test_cose_json": "EXPECTEDDECODE",
    "test_cbor_json": "EXPECTEDVALIDJSON",
    "test_valid_json": "EXPECTEDVALIDJSON",
}
OUR_KNOWN_ISSUES = Path(__file__).resolve().parents[1] / "known_issues.csv"


@dataclass(frozen=True)
class Vector:
    rel: str
    country: str
    prefix: str
    certificate: bytes | None
    clock: str | None
    expected_valid: bool
    flags: dict[str, bool]


@dataclass
class Agreement:
    agree: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[tuple[str, bool, int, str]] = field(default_factory=list)

    def ratio(self, country: str | None = None) -> float:
        if country is None:
            total, agree = sum(self.total.values()), sum(self.agree.values())
        else:
            total, agree = self.total[country], self.agree[country]
        return agree / total if total else 1.0

    def lines(self) -> list[str]:
        out = [f"dgc-testdata agreement: {sum(self.agree.values())}/{sum(self.total.values())} "
               f"= {100 * self.ratio():.1f}% (skipped as known issues: {len(self.skipped)})"]
        for country in sorted(self.total):
            out.append(f"  {country}: {self.agree[country]}/{self.total[country]} = {100 * self.ratio(country):.1f}%")
        for rel, want, code, why in self.disagreements:
            out.append(f"  DISAGREE {rel}: expected {'valid' if want else 'not valid'}, exit {code}: {why}")
        return out


def known_issues(root: Path) -> dict[tuple[str, str], str]:
    """(country or country/stem, flag) -> upstream issue URL, from both lists. An entry of
    this repository's list (tests/known_issues.csv: upstream issues about the data itself,
    e.g. a DSC whose EKU the flags never tested) covers the whole vector: flag ``*``."""
    out: dict[tuple[str, str], str] = {}
    for path in (root / "tests" / "known_issues.csv", OUR_KNOWN_ISSUES):
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                flag = "*" if path == OUR_KNOWN_ISSUES else KNOWN_ISSUE_FLAGS.get(row["test_name"], row["test_name"])
                key = row["country"] + ("/" + row["test_set"] if row.get("test_set") else "")
                out[(key, flag)] = row["reason"]
    return out


def _expected(data: dict[str, Any]) -> dict[str, bool]:
    expected = data.get("EXPECTEDRESULTS") or {}
    if isinstance(expected.get("EXPECTEDRESULTS"), dict):  # a nested copy seen upstream
        expected = {**expected, **expected["EXPECTEDRESULTS"]}
    return {k: v for k, v in expected.items() if k in CHAIN_FLAGS and isinstance(v, bool)}


def vectors(root: Path) -> list[Vector]:
    out = []
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("tests/") or "/" not in rel:
            continue
        try:
            data = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("PREFIX"), str):
            continue
        flags = _expected(data)
        if not flags:
            continue
        context = data.get("TESTCTX") or {}
        cert = None
        if context.get("CERTIFICATE"):
            try:
                cert = base64.b64decode(context["CERTIFICATE"])
            except ValueError:
                cert = None
        clock = context.get("VALIDATIONCLOCK") or context.get("validationClockInstant")
        out.append(Vector(rel=rel, country=rel.split("/")[0], prefix=data["PREFIX"], certificate=cert,
                          clock=str(clock) if clock else None, expected_valid=all(flags.values()), flags=flags))
    return out


def _clock_text(vector: Vector) -> str | None:
    """VALIDATIONCLOCK when the vector tests expiry; else (the upstream harness then checks no
    time at all, and several such clocks lie days before iat) the moment of issue."""
    if "EXPECTEDEXPIRATIONCHECK" in vector.flags:
        return vector.clock
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.formats.hcert.errors import HcertError

    try:
        iat = decode_hc1(vector.prefix).claims.issued_at_dt
    except HcertError:
        return None
    return (iat + dt.timedelta(seconds=1)).isoformat() if iat else None


def measure(roots: list[Path], runner: CliRunner | None = None) -> Agreement:
    from mohpromt_verifier.cli import verify_command

    runner = runner or CliRunner()
    result = Agreement()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "trust"
        empty.mkdir()
        for root in roots:
            known = known_issues(root)
            for vector in vectors(root):
                stem = Path(vector.rel).stem
                reasons = [known.get((key, flag)) for flag in (*vector.flags, "*")
                           for key in (vector.country, f"{vector.country}/{stem}")]
                listed = [r for r in reasons if r]
                if listed:
                    result.skipped.append((vector.rel, listed[0]))
                    continue
                args = [vector.prefix, "--json", "--trust-list", str(empty)]
                if vector.flags.get("EXPECTEDSCHEMAVALIDATION") is not False:
                    args.append("--no-rules")
                if vector.certificate:
                    cert_path = Path(tmp) / "dsc.der"
                    cert_path.write_bytes(vector.certificate)
                    args += ["--dsc", str(cert_path)]
                clock = _clock_text(vector)
                if clock:
                    args += ["--at", clock]
                run = runner.invoke(verify_command, args)
                got_valid = run.exit_code == 0
                result.total[vector.country] += 1
                if got_valid == vector.expected_valid:
                    result.agree[vector.country] += 1
                else:
                    why = run.output.strip()
                    try:
                        why = "; ".join(json.loads(run.output)["reasons"]) or why
                    except (ValueError, KeyError, TypeError):
                        why = why[-300:]
                    result.disagreements.append((vector.rel, vector.expected_valid, run.exit_code, why))
    return result


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    measured = measure([Path(p) for p in sys.argv[1:]])
    print("\n".join(measured.lines()))
