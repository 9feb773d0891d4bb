"""Verify an HC1 string: container, signature against the trust list, times, type, schema,
revocation and (optionally) business rules. Never raises for bad input: it reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.formats.hcert import dcc_problems, dcc_type, decode_hc1, type_allowed, verify_signature
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError, SignatureError, UnsupportedAlgorithm
from mohpromt_verifier.verifier.hcert_rules import HcertRules, rule_problems
from mohpromt_verifier.verifier.report import Report
from mohpromt_verifier.verifier.trust import DscSource, RevocationSource

_TYPE_NAMES = {"v": "vaccination", "t": "test", "r": "recovery"}


@dataclass(frozen=True)
class HcertVerification:
    trust: DscSource
    clock: Clock
    revocations: RevocationSource | None = None
    rules: HcertRules | None = HcertRules()  # None: technical verification only (--no-rules)


def _holder(dcc: Any) -> dict[str, Any]:
    if not isinstance(dcc, dict):
        return {}
    name = dcc.get("nam") or {}
    return {
        "name": " ".join(str(p) for p in (name.get("gn"), name.get("fn")) if p) or None,
        "name_icao": " ".join(str(p) for p in (name.get("gnt"), name.get("fnt")) if p) or None,
        "date_of_birth": dcc.get("dob"),
    }


def _details(dcc: dict[str, Any]) -> dict[str, Any]:
    kind = dcc_type(dcc)
    if kind is None:
        return {}
    entry = (dcc.get(kind) or [{}])[0]
    out: dict[str, Any] = {"type": _TYPE_NAMES[kind], "uvci": entry.get("ci"), "country": entry.get("co"),
                           "issuer": entry.get("is")}
    if kind == "v":
        out.update({"vaccine": entry.get("mp"), "dose": f"{entry.get('dn')}/{entry.get('sd')}", "date": entry.get("dt")})
    elif kind == "t":
        out.update({"test_type": entry.get("tt"), "result": entry.get("tr"), "sampled_at": entry.get("sc")})
    else:
        out.update({"first_positive": entry.get("fr"), "valid_from": entry.get("df"), "valid_until": entry.get("du")})
    return out


def verify_hc1(text: str, how: HcertVerification) -> Report:
    report = Report("hcert", verified_at=how.clock.now())
    if getattr(how.trust, "expired", False):
        report.warnings.append("the trust list is past its expiry date: every result is provisional")
    try:
        decoded = decode_hc1(text)
    except HcertDecodeError as exc:
        report.add("decode", "fail", exc.message, getattr(exc, "stage", None) or exc.code)
        return report
    report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed")
    claims = decoded.claims
    dcc = claims.dcc if isinstance(claims.dcc, dict) else None
    report.holder = _holder(dcc)
    if dcc is not None:
        report.document = _details(dcc)
    report.document["issuer_country"] = claims.issuer
    kid = decoded.kid
    report.document["kid"] = kid.hex() if kid else None

    candidates = how.trust.certificates_for_kid(kid)
    dsc: x509.Certificate | None = None
    if not candidates:
        report.add("signature", "indeterminate",
                   f"no Document Signer Certificate with kid {kid.hex() if kid else '(none)'} in the trust list",
                   "dsc-unknown")
    else:
        try:
            match = verify_signature(decoded, candidates)
            dsc = match.candidate if isinstance(match.candidate, x509.Certificate) else None
            report.add("signature", "pass", f"verified with the DSC of kid {kid.hex() if kid else '(none)'}")
        except UnsupportedAlgorithm as exc:
            report.add("signature", "fail", exc.message, "algorithm")
        except SignatureError as exc:
            report.add("signature", "fail", exc.message, "signature")

    now = how.clock.now()
    iat, exp = claims.issued_at_dt, claims.expires_at_dt
    if exp is None or iat is None:
        report.add("validity", "fail", "the certificate lacks its issue or expiry time", "claims")
    elif now > exp:
        report.add("validity", "fail", f"expired at {exp.isoformat()}", "expired")
    elif now < iat:
        report.add("validity", "fail", f"issued in the future ({iat.isoformat()})", "not-yet-valid")
    else:
        report.add("validity", "pass", f"valid until {exp.isoformat()}")
    if dsc is not None and iat is not None and exp is not None:
        if not dsc.not_valid_before_utc <= iat <= dsc.not_valid_after_utc:
            report.add("signer-validity", "fail", "the DSC was not valid when the certificate was issued", "dsc-validity")
        elif exp > dsc.not_valid_after_utc:
            report.add("signer-validity", "fail", "the certificate outlives its DSC", "exp-after-dsc")
        else:
            report.add("signer-validity", "pass", "the DSC was valid at issuance")

    kind = dcc_type(dcc) if dcc is not None else None
    if dsc is not None and kind is not None:
        if type_allowed(dsc, kind):
            report.add("signer-type", "pass", f"the DSC may sign {_TYPE_NAMES[kind]} certificates")
        else:
            report.add("signer-type", "fail", f"the DSC may not sign {_TYPE_NAMES[kind]} certificates", "key-usage")

    if dcc is None:
        report.add("schema", "fail", "the hcert claim holds no EU DCC", "schema")
    else:
        problems = dcc_problems(dcc, check_formats=False)
        if problems:
            report.add("schema", "fail", "; ".join(str(p) for p in problems[:3]), problems[0].code)
        else:
            report.add("schema", "pass", "EU DCC schema and value sets")

    if how.revocations is not None:
        uci = report.document.get("uvci")
        matched = how.revocations.is_revoked(kid=kid, issuer=claims.issuer, uci=uci,
                                             signature=decoded.cose.signature, alg=decoded.alg or 0)
        if matched:
            report.add("revocation", "fail", f"revoked (matched by {matched})", "revoked")
        else:
            report.add("revocation", "pass", "not on the revocation list")

    if how.rules is not None and dcc is not None:
        broken = rule_problems(dcc, now, how.rules)
        for code, sentence in broken:
            report.add("rules", "fail", sentence, code)
        if not broken:
            report.add("rules", "pass", "business rules met")
    return report


def at_time(value: str) -> dt.datetime:
    """Parse --at: any ISO 8601 form; a date alone means its start in UTC; naive means UTC."""
    text = value.strip().replace("Z", "+00:00")
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
