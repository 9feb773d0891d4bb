"""`mohpromt-ca verify 'MPV1:...'` on vouchers, offline, with the exported trust material:
valid; tampered -> invalid (signature); signed by a DCC DSC -> invalid (wrong key purpose);
expired; unknown signer -> indeterminate. pycose verifies our COSE independently; decoding
is bounded; a voucher does not pass as a health certificate."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
from mohpromt_verifier.formats.hcert.compression import compress, inflate

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def material(authority, tmp_path: Path):  # type: ignore[no-untyped-def]
    from mohpromt_ca.issuer.voucher import VoucherRequest, issue_voucher, voucher_signer_key

    voucher = issue_voucher(authority, VoucherRequest("V-ABCDEFGH23", 200, 20, partner="shop-1",
                                                      debit_id="debit-verify-0001"))
    (tmp_path / "root.pem").write_bytes(authority.certificate_of("root").public_bytes(Encoding.PEM))
    (tmp_path / "voucher-signer.pem").write_bytes(voucher_signer_key(authority).certificate.public_bytes(Encoding.PEM))
    (tmp_path / "empty-trust").mkdir()
    return voucher, tmp_path


def verify(tmp_path: Path, text: str, *extra: str, signer: str = "voucher-signer.pem") -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "mohpromt_ca.cli", "verify", text, "--json",
         "--trust-list", str(tmp_path / "empty-trust"),
         "--anchor", str(tmp_path / "root.pem"), "--signer-cert", str(tmp_path / signer), *extra],
        capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def checks(report: dict) -> dict[str, tuple[str, str | None]]:
    return {c["name"]: (c["outcome"], c["code"]) for c in report["checks"]}


def _cose(text: str) -> list:
    item = cbor2.loads(inflate(b45decode(text[5:])))
    return list(item.value)


def _text(parts: list) -> str:
    return "MPV1:" + b45encode(compress(cbor2.dumps(cbor2.CBORTag(18, parts))))


def test_valid_voucher(material) -> None:  # type: ignore[no-untyped-def]
    voucher, tmp_path = material
    code, report = verify(tmp_path, voucher.text)
    assert code == 0 and report["verdict"] == "valid", report
    assert report["kind"] == "voucher"
    assert report["document"]["voucher_id"] == voucher.voucher_id and report["document"]["value_baht"] == 20
    assert report["document"]["debit_id"] == "debit-verify-0001"  # the ledger debit, carried in the signed text
    assert checks(report)["key-purpose"] == ("pass", None)
    assert checks(report)["signer-trust"] == ("pass", None)


def test_tampered_voucher_is_invalid(material) -> None:  # type: ignore[no-untyped-def]
    voucher, tmp_path = material
    parts = _cose(voucher.text)
    claims = cbor2.loads(parts[2])
    claims[-70002]["b"] = 2000  # 20 baht -> 2000 baht, signature kept
    parts[2] = cbor2.dumps(claims)
    code, report = verify(tmp_path, _text(parts))
    assert code == 1 and checks(report)["signature"] == ("fail", "signature")


def test_a_dcc_document_signer_cannot_sign_a_voucher(authority, material) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.ca.keys.base import SignatureScheme
    from mohpromt_verifier.formats.hcert.signer import ES256, FunctionSigner
    from mohpromt_verifier.formats.voucher import Voucher, encode_voucher

    voucher, tmp_path = material
    dsc = issue_dsc(authority, restrict_to="vaccination")
    handle = authority.issuing_key(dsc.name).handle
    forged = encode_voucher(
        Voucher("0" * 32, "V-ABCDEFGH23", 5000, 500, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
                dt.datetime.now(dt.UTC) + dt.timedelta(days=30)),
        FunctionSigner(ES256, dsc.kid, lambda data: handle.sign(data, SignatureScheme.ECDSA_SHA256), der=True))
    (tmp_path / "dsc.pem").write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    code, report = verify(tmp_path, forged, signer="dsc.pem")
    assert code == 1
    assert checks(report)["signature"] == ("pass", None)  # the DSC did sign it ...
    assert checks(report)["key-purpose"] == ("fail", "wrong-key-purpose")  # ... but may not sign vouchers
    assert "not certified for vouchers" in " ".join(report["reasons"])


def test_expired_and_unknown_signer(material) -> None:  # type: ignore[no-untyped-def]
    voucher, tmp_path = material
    later = (voucher.expires_at + dt.timedelta(days=1)).isoformat()
    code, report = verify(tmp_path, voucher.text, "--at", later)
    assert code == 1 and checks(report)["validity"] == ("fail", "expired")
    (tmp_path / "other.pem").write_bytes((tmp_path / "root.pem").read_bytes())  # a root, not a voucher signer
    code, report = verify(tmp_path, voucher.text, signer="other.pem")
    assert code == 2 and checks(report)["signature"] == ("indeterminate", "signer-unknown")


def test_pycose_verifies_our_voucher(material) -> None:  # type: ignore[no-untyped-def]
    from pycose.keys import EC2Key
    from pycose.messages import Sign1Message

    voucher, tmp_path = material
    from cryptography import x509

    certificate = x509.load_pem_x509_certificate((tmp_path / "voucher-signer.pem").read_bytes())
    protected, unprotected, payload, signature = _cose(voucher.text)
    message = Sign1Message.from_cose_obj([protected, dict(unprotected), payload, signature], True)
    numbers = certificate.public_key().public_numbers()
    message.key = EC2Key(crv="P_256", x=numbers.x.to_bytes(32, "big"), y=numbers.y.to_bytes(32, "big"))
    assert message.verify_signature()
    claims = cbor2.loads(payload)
    assert claims[7].hex() == voucher.voucher_id and len(claims[7]) == 16  # cti: 128 random bits
    assert claims[-70002]["r"] == "V-ABCDEFGH23" and claims[-70002]["s"] == "shop-1"


def test_bounded_decoding_and_not_a_health_certificate(material) -> None:  # type: ignore[no-untyped-def]
    import zlib

    from mohpromt_ca.errors import InputError
    from mohpromt_verifier.formats.hcert.errors import CborError, DecompressionBomb
    from mohpromt_verifier.formats.voucher import VoucherPrefixError, VoucherTooLarge, decode_voucher

    voucher, tmp_path = material
    with pytest.raises(VoucherTooLarge):
        decode_voucher("MPV1:" + "A" * 3000)
    with pytest.raises(VoucherPrefixError):
        decode_voucher("HC1:" + voucher.text[5:])
    with pytest.raises(DecompressionBomb):
        decode_voucher("MPV1:" + b45encode(zlib.compress(b"\0" * 1_000_000, 9)))
    deep = b"\x81" * 50 + b"\x00"  # 50 nested arrays
    with pytest.raises(CborError):
        decode_voucher("MPV1:" + b45encode(compress(cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", {}, deep, b"x"])))))
    assert all(isinstance(e, InputError) for e in (VoucherTooLarge("x"), VoucherPrefixError("x")))
    # the same COSE under the health-certificate prefix, with the voucher signer offered as a DSC
    code, report = verify(tmp_path, "HC1:" + voucher.text[5:], "--dsc", str(tmp_path / "voucher-signer.pem"))
    assert code != 0 and report["verdict"] != "valid"


def test_a_validated_path_is_reused_only_inside_its_validity(authority, material, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.clock import FixedClock
    from mohpromt_ca.issuer.voucher import voucher_signer_key
    from mohpromt_verifier.verifier import voucher_verifier
    from mohpromt_verifier.verifier.voucher_verifier import VoucherVerification, verify_voucher_text

    voucher, _tmp = material
    signer = voucher_signer_key(authority).certificate
    monkeypatch.setattr(voucher_verifier, "_VALID_PATHS", {})
    calls: list[int] = []
    real = voucher_verifier._validate_path

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(voucher_verifier, "_validate_path", counted)

    def how(moment: dt.datetime) -> VoucherVerification:
        return VoucherVerification(signer_certificates=(signer,), anchors=(authority.certificate_of("root"),),
                                   intermediates=(), clock=FixedClock(moment))

    now = authority.clock.now()
    assert verify_voucher_text(voucher.text, how(now)).verdict == "valid"
    assert verify_voucher_text(voucher.text, how(now + dt.timedelta(seconds=1))).verdict == "valid"
    assert len(calls) == 1  # the second check reused the path
    late = signer.not_valid_after_utc + dt.timedelta(days=1)
    report = verify_voucher_text(voucher.text, how(late))
    assert len(calls) == 2  # outside the window the path is validated again ...
    assert any(c.name == "signer-trust" and c.outcome != "pass" for c in report.checks)  # ... and fails
