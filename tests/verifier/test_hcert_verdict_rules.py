"""Each DCC verdict rule of the README ("Verdict rules"), through the ``verify`` command.

The DSCs are throw-away self-signed certificates made here (the verifier needs only the DSC,
not its CSCA); the HC1 texts are signed with the project's own encoder.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import cbor2
import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from mohpromt_verifier.cli import verify_command
from mohpromt_verifier.formats.hcert import KeySigner, encode_hc1, kid_of
from mohpromt_verifier.formats.hcert.base45 import b45encode
from mohpromt_verifier.formats.hcert.compression import compress
from mohpromt_verifier.formats.hcert.schema import SCHEMA_RELEASES, load_schema, schema_for
from mohpromt_verifier.verifier.hcert_verifier import IAT_CLOCK_SKEW

NOT_BEFORE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
IAT = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
EXP = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)
KEY = ec.generate_private_key(ec.SECP256R1())


def _dsc(tmp_path: Path, *, eku: list[str] | None = None, not_after: dt.datetime = NOT_AFTER) -> tuple[Path, KeySigner]:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"), x509.NameAttribute(NameOID.COMMON_NAME, "DSC")])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(KEY.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(NOT_BEFORE).not_valid_after(not_after))
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in eku]), critical=False)
    certificate = builder.sign(KEY, hashes.SHA256())
    path = tmp_path / f"dsc-{len(list(tmp_path.iterdir()))}.pem"
    path.write_bytes(certificate.public_bytes(Encoding.PEM))
    return path, KeySigner(KEY, kid_of(certificate))


def _vaccination(**changes: Any) -> dict[str, Any]:
    dcc: dict[str, Any] = {
        "ver": "1.3.0",
        "nam": {"fn": "Jaidee", "fnt": "JAIDEE", "gn": "Somchai", "gnt": "SOMCHAI"},
        "dob": "1985-04-12",
        "v": [{"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215", "dn": 2, "sd": 2,
               "dt": "2025-02-20", "co": "TH", "is": "Ministry of Public Health (Thailand)",
               "ci": "URN:UVCI:01:TH:ABC123DEF456"}],
    }
    dcc.update(changes)
    return dcc


def _run(tmp_path: Path, hc1: str, dsc: Path, *extra: str,
         at: str = "2025-03-02T00:00:00Z") -> tuple[int, dict[str, Any]]:
    empty = tmp_path / "no-trust-list"
    empty.mkdir(exist_ok=True)
    result = CliRunner().invoke(verify_command, [hc1, "--dsc", str(dsc), "--trust-list", str(empty), "--json",
                                                 "--at", at, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def _checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in report["checks"]}


# --- DSC extended key usage -------------------------------------------------------------------

@pytest.mark.parametrize(("eku", "valid"), [
    (None, True),                                            # no EKU: any type (an empty one: common/CO15)
    (["1.3.6.1.4.1.1847.2021.1.2"], True),                   # vaccination
    (["1.3.6.1.4.1.0.1847.2021.1.2"], True),                 # the older OID form
    (["1.3.6.1.4.1.1847.2021.1.1"], False),                  # test only
    (["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"], False),     # clientAuth + emailProtection only
    (["2.23.136.1.1.14.2"], False),                          # ICAO document signing only
    (["2.5.29.37.0"], True),                                 # anyExtendedKeyUsage
])
def test_dsc_extended_key_usage(tmp_path: Path, eku: list[str] | None, valid: bool) -> None:
    dsc, signer = _dsc(tmp_path, eku=eku)
    hc1 = encode_hc1(_vaccination(), signer=signer, iat=IAT, exp=EXP)
    for flags in ((), ("--no-rules",)):
        code, report = _run(tmp_path, hc1, dsc, *flags)
        assert (code == 0) is valid, report
        assert (_checks(report)["signer-type"]["outcome"] == "pass") is valid


# --- date of birth after the event or the issue ---------------------------------------------

@pytest.mark.parametrize(("dob", "code"), [
    ("1985-04-12", None), ("2025-02-21", "dob-after-event"), ("2025-04", "dob-after-iat"), ("2025-02", None),
    ("2026", "dob-after-iat"),
])
def test_date_of_birth_after_event_or_issue(tmp_path: Path, dob: str, code: str | None) -> None:
    dsc, signer = _dsc(tmp_path)
    hc1 = encode_hc1(_vaccination(dob=dob), signer=signer, iat=IAT, exp=EXP, validate=False)
    for flags in ((), ("--no-rules",)):
        exit_code, report = _run(tmp_path, hc1, dsc, *flags)
        dates = _checks(report)["dates"]
        if code is None:
            assert exit_code == 0 and dates["outcome"] == "pass", report
        else:
            assert exit_code == 1 and dates["code"] == code, report


# --- iat in the future: clock-skew tolerance ---------------------------------------------------

def test_iat_clock_skew_tolerance(tmp_path: Path) -> None:
    dsc, signer = _dsc(tmp_path)
    hc1 = encode_hc1(_vaccination(), signer=signer, iat=IAT, exp=EXP)
    within = (IAT - IAT_CLOCK_SKEW + dt.timedelta(seconds=1)).isoformat()
    beyond = (IAT - IAT_CLOCK_SKEW - dt.timedelta(seconds=1)).isoformat()
    assert _run(tmp_path, hc1, dsc, "--no-rules", at=within)[0] == 0
    code, report = _run(tmp_path, hc1, dsc, "--no-rules", at=beyond)
    assert code == 1 and _checks(report)["validity"]["code"] == "not-yet-valid"


# --- exp beyond the DSC's notAfter ------------------------------------------------------------

def test_exp_beyond_dsc_not_after_is_valid_until_the_dsc_expires(tmp_path: Path) -> None:
    dsc, signer = _dsc(tmp_path, not_after=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    hc1 = encode_hc1(_vaccination(), signer=signer, iat=IAT, exp=EXP)
    code, report = _run(tmp_path, hc1, dsc, "--no-rules", at="2025-05-01T00:00:00Z")
    assert code == 0 and any("valid until the DSC expires" in w for w in report["warnings"]), report
    code, report = _run(tmp_path, hc1, dsc, "--no-rules", at="2025-07-01T00:00:00Z")
    assert code == 1 and _checks(report)["validity"]["code"] == "dsc-expired", report


# --- iat against the DSC's validity ----------------------------------------------------------

def test_iat_before_the_dsc_is_a_warning_as_in_the_eu_apps(tmp_path: Path) -> None:
    """HCERT 3.3.6 binds the issuer; the EU apps never compare iat with the DSC's notBefore
    (dgc-testdata BG/4 back-dates iat to the recovery's df and expects valid)."""
    dsc, signer = _dsc(tmp_path)
    hc1 = encode_hc1(_vaccination(), signer=signer, iat=NOT_BEFORE - dt.timedelta(days=90), exp=EXP)
    for rules in (("--no-rules",), ()):
        code, report = _run(tmp_path, hc1, dsc, *rules)
        check = _checks(report)["signer-validity"]
        assert code == 0 and report["verdict"] == "valid", report
        assert check["outcome"] == "warning" and check["code"] == "iat-before-dsc", check
        assert any("HCERT 3.3.6" in w and "DSC" in w for w in report["warnings"]), report["warnings"]


def test_iat_after_the_dsc_expired_is_invalid(tmp_path: Path) -> None:
    """A DCC issued once its DSC had expired: the signer-validity check fails, whatever the clock
    (here the DSC has been expired for a day at iat; the clock is iat itself)."""
    dsc, signer = _dsc(tmp_path, not_after=IAT - dt.timedelta(days=1))
    hc1 = encode_hc1(_vaccination(), signer=signer, iat=IAT, exp=EXP)
    code, report = _run(tmp_path, hc1, dsc, "--no-rules", at=IAT.isoformat())
    checks = _checks(report)
    assert code == 1 and checks["signer-validity"]["code"] == "dsc-validity", report
    assert checks["validity"]["code"] == "dsc-expired"


# --- value sets are business rules -------------------------------------------------------------

def test_unknown_code_is_a_warning_under_no_rules_and_fails_the_rules(tmp_path: Path) -> None:
    dsc, signer = _dsc(tmp_path)
    dcc = _vaccination()
    dcc["v"][0]["ma"] = "ORG-99999999"
    hc1 = encode_hc1(dcc, signer=signer, iat=IAT, exp=EXP, validate=False)
    code, report = _run(tmp_path, hc1, dsc, "--no-rules")
    assert code == 0 and _checks(report)["value-sets"]["outcome"] == "warning", report
    assert any("ORG-99999999" in w for w in report["warnings"])
    code, report = _run(tmp_path, hc1, dsc)
    assert code == 1 and _checks(report)["value-sets"]["outcome"] == "fail", report


# --- the schema of the declared ver ------------------------------------------------------------

def test_schema_release_is_chosen_by_ver() -> None:
    assert schema_for("1.0.0") == "1.0.0" and schema_for("1.2.1") == "1.2.1"
    assert schema_for("1.0.4") == "1.3.3"          # no such release: the newest 1.x
    assert schema_for("2.0.0") == "1.3.3" and schema_for(None) == "1.3.3"
    for release in SCHEMA_RELEASES:                # every release ships inside the package
        assert load_schema(release)["$schema"].startswith("https://json-schema.org/draft/2020-12")


def test_report_names_the_schema_applied(tmp_path: Path) -> None:
    dsc, signer = _dsc(tmp_path)
    # 1.0.0 allowed a date of birth with any day; 1.3.0 allows only YYYY(-MM(-DD)) and empty.
    hc1 = encode_hc1(_vaccination(ver="1.0.0"), signer=signer, iat=IAT, exp=EXP, validate=False)
    code, report = _run(tmp_path, hc1, dsc, "--no-rules")
    assert code == 0 and report["document"]["schema"] == "1.0.0", report
    hc1 = encode_hc1(_vaccination(ver="1.0.4"), signer=signer, iat=IAT, exp=EXP, validate=False)
    code, report = _run(tmp_path, hc1, dsc, "--no-rules")
    assert report["document"]["schema"] == "1.3.3" and "declares '1.0.4'" in _checks(report)["schema"]["detail"]


# --- alg only in the unprotected header --------------------------------------------------------

def test_alg_in_the_unprotected_header_only_when_it_fits_the_key(tmp_path: Path) -> None:
    dsc, signer = _dsc(tmp_path)
    claims = cbor2.dumps({1: "TH", 6: int(IAT.timestamp()), 4: int(EXP.timestamp()), -260: {1: _vaccination()}})

    def message(alg: int) -> str:
        protected = b""
        tbs = cbor2.dumps(["Signature1", protected, b"", claims])
        signature = signer.sign(tbs)
        cose = cbor2.dumps(cbor2.CBORTag(18, [protected, {1: alg, 4: signer.kid}, claims, signature]))
        return "HC1:" + b45encode(compress(cose))

    code, report = _run(tmp_path, message(-7), dsc, "--no-rules")
    assert code == 0 and any("unprotected" in w for w in report["warnings"]), report
    code, report = _run(tmp_path, message(-37), dsc, "--no-rules")   # PS256 claimed for an EC key
    assert code == 1 and _checks(report)["signature"]["outcome"] == "fail"
