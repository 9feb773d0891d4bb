"""Verify an HC1 string: container, signature against the trust list, times, type, schema,
revocation and (optionally) business rules. Never raises for bad input: it reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_verifier.clock import Clock
from mohpromt_verifier.formats.hcert import (
    allowed_types,
    dcc_problems,
    dcc_type,
    decode_hc1,
    type_allowed,
    verify_signature,
)
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError, SignatureError, UnsupportedAlgorithm
from mohpromt_verifier.formats.hcert.schema import schema_for
from mohpromt_verifier.formats.hcert.valuesets import value_set_problems
from mohpromt_verifier.verifier.hcert_rules import HcertRules, rule_problems
from mohpromt_verifier.verifier.report import Report
from mohpromt_verifier.verifier.trust import DscSource, RevocationSource

_TYPE_NAMES = {"v": "vaccination", "t": "test", "r": "recovery"}
#: how far ``iat`` may lie ahead of the verifier's clock (issuer and verifier clocks drift;
#: RFC 7519 4.1.4 allows "a few minutes" of leeway): beyond it the DCC is not yet valid
IAT_CLOCK_SKEW = dt.timedelta(minutes=5)
#: the event date of each certificate type (vaccination date, sample time, first positive test)
_EVENT_FIELDS = {"v": "dt", "t": "sc", "r": "fr"}


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
        out.update({"vaccine": entry.get("mp"), "dose": f"{entry.get('dn')}/{entry.get('sd')}",
                    "date": entry.get("dt")})
    elif kind == "t":
        out.update({"test_type": entry.get("tt"), "result": entry.get("tr"), "sampled_at": entry.get("sc")})
    else:
        out.update({"first_positive": entry.get("fr"), "valid_from": entry.get("df"), "valid_until": entry.get("du")})
    return out


def _check_times(report: Report, iat: dt.datetime | None, exp: dt.datetime | None, now: dt.datetime,
                 dsc: x509.Certificate | None) -> None:
    """Technical time checks (HCERT 3.3.5/3.3.6, as the EU verifier apps make them):
    iat <= now + skew, now <= exp, now <= DSC notAfter, iat <= DSC notAfter.
    An exp beyond the DSC's notAfter breaks an issuer duty, not the signature: the DCC is
    then valid until the DSC expires (its effective expiry), with a warning. So does an iat
    before the DSC's notBefore (HCERT 3.3.6 "MUST not predate"; issuers back-date iat to the
    recovery's valid-from date, dgc-testdata BG/4): no EU verifier app compares iat with the
    DSC's notBefore (Android: dgca-app-core-android DefaultCborService checks iat and exp
    against the clock, dgca-verifier-app-android VerificationViewModel the DSC's notAfter;
    iOS: dgca-verifier-app-ios CertificateValidator iat and exp, dgca-app-core-ios
    X509.isCertificateValid the DSC's notAfter): a warning, never a fail."""
    if exp is None or iat is None:
        report.add("validity", "fail", "the certificate lacks its issue or expiry time", "claims")
        return
    if now > exp:
        report.add("validity", "fail", f"expired at {exp.isoformat()}", "expired")
    elif iat > now + IAT_CLOCK_SKEW:
        report.add("validity", "fail", f"issued in the future ({iat.isoformat()})", "not-yet-valid")
    elif dsc is not None and now > dsc.not_valid_after_utc:
        report.add("validity", "fail", f"its DSC expired at {dsc.not_valid_after_utc.isoformat()}", "dsc-expired")
    else:
        until = min(exp, dsc.not_valid_after_utc) if dsc is not None else exp
        report.add("validity", "pass", f"valid until {until.isoformat()}")
    if dsc is None:
        return
    if iat > dsc.not_valid_after_utc:
        report.add("signer-validity", "fail", "the DSC had expired when the certificate was issued", "dsc-validity")
        return
    if iat < dsc.not_valid_before_utc:
        report.add("signer-validity", "warning", f"issued ({iat.isoformat()}) before its DSC's validity began "
                   f"({dsc.not_valid_before_utc.isoformat()}): the issuer back-dated iat", "iat-before-dsc")
        report.warnings.append(
            f"the certificate's issue time ({iat.date().isoformat()}) is before its signer's (DSC) validity began "
            f"({dsc.not_valid_before_utc.date().isoformat()}): an issuer error (HCERT 3.3.6), accepted as the EU "
            "verifier apps accept it / วันที่ออกใบรับรองอยู่ก่อนวันเริ่มอายุของใบรับรองผู้ลงนาม (DSC) "
            "เป็นความผิดพลาดของผู้ออก ยอมรับตามแอปตรวจสอบของสหภาพยุโรป")
    else:
        report.add("signer-validity", "pass", "the DSC was valid at issuance")
    if exp > dsc.not_valid_after_utc:
        report.warnings.append(f"the certificate's expiry ({exp.isoformat()}) is after its DSC's "
                               f"({dsc.not_valid_after_utc.isoformat()}): it is valid until the DSC expires")


def _earliest_date(text: object) -> dt.date | None:
    """The first day a (possibly partial) ISO date may mean: 1990 -> 1990-01-01."""
    if not isinstance(text, str):
        return None
    parts = text.strip()[:10].split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _check_dates(report: Report, dcc: dict[str, Any], iat: dt.datetime | None) -> None:
    """A date of birth after the issue time or after the certificate's own event is an impossible
    payload (HCERT spec 5: every field "MUST be properly validated by data types, lengths and
    contents"): invalid whatever the business rules."""
    born = _earliest_date(dcc.get("dob"))
    if born is None:
        return
    kind = dcc_type(dcc)
    entries = dcc.get(kind) if kind else None
    entry = entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
    event = _earliest_date(entry.get(_EVENT_FIELDS[kind])) if kind else None
    if iat is not None and born > iat.date():
        report.add("dates", "fail", "the date of birth is after the certificate was issued", "dob-after-iat")
    elif event is not None and born > event:
        what = _TYPE_NAMES[kind or "v"]
        report.add("dates", "fail", f"the date of birth is after the {what} date", "dob-after-event")
    else:
        report.add("dates", "pass", "the date of birth precedes the certificate's event and issue")


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
            match = verify_signature(decoded, candidates, allow_unprotected_alg=True)
            dsc = match.candidate if isinstance(match.candidate, x509.Certificate) else None
            report.add("signature", "pass", f"verified with the DSC of kid {kid.hex() if kid else '(none)'}")
            if decoded.cose.alg is None:
                report.warnings.append("the signature algorithm is only in the unprotected COSE header "
                                       "(accepted: it matches the DSC's key type)")
        except UnsupportedAlgorithm as exc:
            report.add("signature", "fail", exc.message, "algorithm")
        except SignatureError as exc:
            report.add("signature", "fail", exc.message, "signature")

    now = how.clock.now()
    _check_times(report, claims.issued_at_dt, claims.expires_at_dt, now, dsc)

    kind = dcc_type(dcc) if dcc is not None else None
    if dsc is not None and kind is not None:
        if type_allowed(dsc, kind):
            report.add("signer-type", "pass", f"the DSC may sign {_TYPE_NAMES[kind]} certificates")
        elif allowed_types(dsc) == frozenset():
            report.add("signer-type", "fail", "the DSC's extended key usage allows no kind of DCC", "key-usage")
        else:
            report.add("signer-type", "fail", f"the DSC may not sign {_TYPE_NAMES[kind]} certificates", "key-usage")

    if dcc is None:
        report.add("schema", "fail", "the hcert claim holds no EU DCC", "schema")
    else:
        release = schema_for(dcc.get("ver"))
        report.document["schema"] = release
        declared = dcc.get("ver")
        problems = dcc_problems(dcc, check_formats=False, release=release, check_value_sets=False)
        applied = f"EU DCC schema {release}" + ("" if declared == release else f" (the payload declares {declared!r})")
        if problems:
            report.add("schema", "fail", f"{applied}: " + "; ".join(str(p) for p in problems[:3]), problems[0].code)
        else:
            report.add("schema", "pass", applied)
            unknown = value_set_problems(dcc)
            sentence = "; ".join(str(p) for p in unknown[:3])
            if not unknown:
                report.add("value-sets", "pass", "every coded field is in the EU value sets")
            elif how.rules is None:
                report.add("value-sets", "warning", sentence, "valueset")
                report.warnings.append(f"codes outside the EU value sets: {sentence}")
            else:
                report.add("value-sets", "fail", sentence, "valueset")
            _check_dates(report, dcc, claims.issued_at_dt)

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
