"""The HC1 pipeline end to end: encode, decode, verify, and every bounded failure."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

import cbor2
import pytest

from mohpromt_ca.clock import FixedClock
from mohpromt_verifier.formats.hcert import (
    DecodeLimits,
    build_hc1,
    check_times,
    decode_hc1,
    encode_hc1,
    verify_signature,
)
from mohpromt_verifier.formats.hcert.base45 import b45encode
from mohpromt_verifier.formats.hcert.errors import (
    Base45Error,
    CborError,
    ClaimsError,
    CoseError,
    DecompressionBomb,
    HcertTooLarge,
    PrefixError,
    SchemaError,
    SignatureError,
    UnsupportedAlgorithm,
    ValueSetError,
    ZlibError,
)

from .conftest import Dsc
from .test_hcert_cose import pycose_key, pycose_sign1

IAT = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)
EXP = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)


def hc1_of(cose: bytes) -> str:
    return "HC1:" + b45encode(zlib.compress(cose, 9))


def test_encode_decode_verify_roundtrip(dsc: Dsc, vaccination: dict[str, Any]) -> None:
    text = encode_hc1(vaccination, signer=dsc.signer, iat=IAT, exp=EXP)
    assert text.startswith("HC1:")
    decoded = decode_hc1(text)
    assert decoded.dcc == vaccination
    assert decoded.claims.issuer == "TH"
    assert decoded.claims.issued_at == int(IAT.timestamp())
    assert decoded.claims.expires_at_dt == EXP
    assert decoded.kid == dsc.kid and decoded.alg == dsc.signer.alg
    assert decoded.cose.tags == (18,)
    match = verify_signature(decoded, [dsc.certificate])
    assert match.candidate is dsc.certificate
    assert check_times(decoded.claims, FixedClock(IAT + dt.timedelta(days=1)), dsc=dsc.certificate).ok


def test_every_encoded_dcc_verifies_with_pycose(dsc: Dsc, vaccination: dict[str, Any]) -> None:
    encoded = build_hc1(vaccination, signer=dsc.signer, iat=IAT, exp=EXP)
    cose = zlib.decompress(encoded.compressed)
    assert cose == encoded.cose
    msg = pycose_sign1(cose)
    msg.key = pycose_key(dsc)
    assert msg.verify_signature()
    claims = cbor2.loads(msg.payload)
    assert claims[-260][1] == vaccination
    assert claims[1] == "TH" and claims[6] == int(IAT.timestamp()) and claims[4] == int(EXP.timestamp())
    assert msg.phdr  # alg and kid are protected


def test_ddcc_vs_under_key_2(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    ddcc = {
        "name": "Somchai Jaidee",
        "birthDate": "1985-04-12",
        "vaccination": {"date": "2021-08-30", "dose": 2, "country": {"system": "urn:iso:std:iso:3166", "code": "TH"}},
    }
    decoded = decode_hc1(encode_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP, ddcc_vs=ddcc))
    assert decoded.claims.ddcc_vs == ddcc
    verify_signature(decoded, [ec_dsc.certificate])


def test_invalid_payload_is_not_signed(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    vaccination["v"][0]["mp"] = "X"
    with pytest.raises(ValueSetError, match="/v/0/mp: unknown medicinal product 'X'"):
        encode_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP)
    del vaccination["dob"]
    with pytest.raises(SchemaError):
        encode_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP)


def test_tampered_hc1_fails_signature(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    encoded = build_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP)
    body = cbor2.loads(encoded.cose).value
    claims = cbor2.loads(body[2])
    claims[-260][1]["nam"]["fnt"] = "MALLORY"
    forged = cbor2.dumps(cbor2.CBORTag(18, [body[0], dict(body[1]), cbor2.dumps(claims), body[3]]))
    decoded = decode_hc1(hc1_of(forged))
    with pytest.raises(SignatureError):
        verify_signature(decoded, [ec_dsc.certificate])


@pytest.mark.parametrize("text", ["HC2:NCF", "hc1:NCF", "NCFOXN%TS3DH", "", "HL0:ABC"])
def test_wrong_prefix(text: str) -> None:
    with pytest.raises(PrefixError) as info:
        decode_hc1(text)
    assert info.value.code == "hc1-prefix"


def test_oversize_text() -> None:
    with pytest.raises(HcertTooLarge):
        decode_hc1("HC1:" + "0" * 9000)
    with pytest.raises(HcertTooLarge):
        decode_hc1("HC1:000", limits=DecodeLimits(max_text=5))


def test_bad_base45() -> None:
    with pytest.raises(Base45Error) as info:
        decode_hc1("HC1:NCF~~~")
    assert info.value.code == "base45"


def test_bomb_in_hc1() -> None:
    bomb = "HC1:" + b45encode(zlib.compress(b"\x00" * (4 * 1024 * 1024), 9))
    assert len(bomb) < 8192
    with pytest.raises(DecompressionBomb) as info:
        decode_hc1(bomb)
    assert info.value.code == "zlib"


def test_uncompressed_needs_opt_in(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    encoded = build_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP)
    raw = "HC1:" + b45encode(encoded.cose)
    with pytest.raises(ZlibError):
        decode_hc1(raw)
    decoded = decode_hc1(raw, limits=DecodeLimits(allow_uncompressed=True))
    assert not decoded.was_compressed
    verify_signature(decoded, [ec_dsc.certificate])


def test_alg_only_unprotected_in_hc1(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    payload = cbor2.dumps({1: "TH", 6: 1, 4: 2, -260: {1: vaccination}})
    protected = cbor2.dumps({4: ec_dsc.kid})
    sig = ec_dsc.signer.sign(cbor2.dumps(["Signature1", protected, b"", payload]))
    decoded = decode_hc1(hc1_of(cbor2.dumps(cbor2.CBORTag(18, [protected, {1: -7}, payload, sig]))))
    with pytest.raises(UnsupportedAlgorithm) as info:
        verify_signature(decoded, [ec_dsc.certificate])
    assert info.value.code == "cose"


def _cose_with_payload(payload: bytes) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -7}), {}, payload, b"\x00" * 64]))


def test_cose_structure_error() -> None:
    with pytest.raises(CoseError) as info:
        decode_hc1(hc1_of(cbor2.dumps({"not": "cose"})))
    assert info.value.code == "cose"


def test_cbor_payload_errors() -> None:
    with pytest.raises(CborError) as info:
        decode_hc1(hc1_of(_cose_with_payload(b"\xbf\x01")))
    assert info.value.code == "cbor"
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    with pytest.raises(CborError, match="depth"):
        decode_hc1(hc1_of(_cose_with_payload(cbor2.dumps({-260: {1: {"x": deep}}}))))


@pytest.mark.parametrize(
    ("claims", "match"),
    [
        ([1, 2], "map of claims"),
        ({1: "TH"}, "no hcert"),
        ({-260: [1]}, "must be a map"),
        ({-260: {3: {}}}, "neither"),
        ({1: 5, -260: {1: {}}}, "iss"),
        ({6: "yesterday", -260: {1: {}}}, "iat"),
        ({4: True, -260: {1: {}}}, "exp"),
    ],
)
def test_claims_errors(claims: Any, match: str) -> None:
    with pytest.raises(ClaimsError, match=match) as info:
        decode_hc1(hc1_of(_cose_with_payload(cbor2.dumps(claims))))
    assert info.value.code == "claims"


def test_float_iat_exp_accepted() -> None:
    decoded = decode_hc1(hc1_of(_cose_with_payload(cbor2.dumps({6: 1622505600.0, 4: 1654041600.5, -260: {1: {}}}))))
    assert decoded.claims.issued_at == 1622505600.0
    assert decoded.claims.issued_at_dt == dt.datetime(2021, 6, 1, tzinfo=dt.UTC)


def test_time_checks(ec_dsc: Dsc, vaccination: dict[str, Any]) -> None:
    decoded = decode_hc1(encode_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=EXP))
    before = check_times(decoded.claims, FixedClock(IAT - dt.timedelta(seconds=1)))
    assert before.problems == ("not-yet-valid",)
    after = check_times(decoded.claims, FixedClock(EXP + dt.timedelta(seconds=1)))
    assert after.problems == ("expired",)
    late = decode_hc1(
        encode_hc1(vaccination, signer=ec_dsc.signer, iat=IAT, exp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    )
    assert "exp-after-dsc" in check_times(late.claims, FixedClock(IAT), dsc=ec_dsc.certificate).problems
