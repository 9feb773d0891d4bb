"""The hostile and malformed HCERT inputs the Python tests feed the verifier (tests/formats/
test_hcert_pipeline.py, tests/verifier/test_verify_cli.py), rebuilt as HC1 texts, plus variants
of a DCC we issued (tampered, uncompressed, alg only unprotected, resigned payloads)."""

from __future__ import annotations

import zlib
from typing import Any

import cbor2

from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
from mohpromt_verifier.formats.hcert.compression import inflate


def hc1_of(cose: bytes) -> str:
    return "HC1:" + b45encode(zlib.compress(cose, 9))


def _cose_with_payload(payload: bytes) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -7}), {}, payload, b"\x00" * 64]))


def _parts(hc1: str) -> list[Any]:
    item = cbor2.loads(inflate(b45decode(hc1[4:])))
    return list(item.value)


def structural_cases() -> dict[str, str]:
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    depth16: Any = 1
    for _ in range(13):
        depth16 = [depth16]
    cases = {
        "prefix-hc2": "HC2:NCF", "prefix-lower": "hc1:NCF", "prefix-none": "NCFOXN%TS3DH",
        "prefix-empty-body": "HC1:",
        "prefix-hl0": "HL0:ABC", "oversize": "HC1:" + "0" * 9000, "base45-bad": "HC1:NCF~~~",
        "base45-bangs": "HC1:!!!!",
        "base45-length": "HC1:0000", "base45-value": "HC1:GGW", "zlib-garbage": "HC1:" + "A" * 5000,
        "zlib-zeros": "HC1:" + "0" * 200,
        "bomb": "HC1:" + b45encode(zlib.compress(b"\x00" * (4 * 1024 * 1024), 9)),
        "cose-not-array": hc1_of(cbor2.dumps({"not": "cose"})),
        "cose-3-items": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b""]))),
        "cose-tag-99": hc1_of(cbor2.dumps(cbor2.CBORTag(99, [b"", {}, b"", b""]))),
        "cose-trailing": hc1_of(_cose_with_payload(cbor2.dumps({1: "TH"})) + b"\x00"),
        "cbor-truncated-map": hc1_of(_cose_with_payload(b"\xbf\x01")),
        "cbor-depth-40": hc1_of(_cose_with_payload(cbor2.dumps({-260: {1: {"x": deep}}}))),
        "cbor-depth-ok": hc1_of(_cose_with_payload(cbor2.dumps({-260: {1: {"x": depth16}}}))),
        "cbor-bad-utf8": hc1_of(_cose_with_payload(b"\xa1\x01\x62\xff\xfe")),
        "claims-array": hc1_of(_cose_with_payload(cbor2.dumps([1, 2]))),
        "claims-no-hcert": hc1_of(_cose_with_payload(cbor2.dumps({1: "TH"}))),
        "claims-hcert-array": hc1_of(_cose_with_payload(cbor2.dumps({-260: [1]}))),
        "claims-neither": hc1_of(_cose_with_payload(cbor2.dumps({-260: {3: {}}}))),
        "claims-iss-int": hc1_of(_cose_with_payload(cbor2.dumps({1: 5, -260: {1: {}}}))),
        "claims-iat-text": hc1_of(_cose_with_payload(cbor2.dumps({6: "yesterday", -260: {1: {}}}))),
        "claims-exp-bool": hc1_of(_cose_with_payload(cbor2.dumps({4: True, -260: {1: {}}}))),
        "claims-float-times": hc1_of(_cose_with_payload(cbor2.dumps({6: 1622505600.0, 4: 1654041600.5,
                                                                     -260: {1: {}}}))),
        "claims-huge-exp": hc1_of(_cose_with_payload(cbor2.dumps({6: 1, 4: 10**15, -260: {1: {}}}))),
        "claims-tag1-date": hc1_of(_cose_with_payload(cbor2.dumps({6: 1, 4: 2,
                                                                   -260: {1: {"dob": cbor2.CBORTag(1, 0)}}}))),
        "unknown-alg": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [cbor2.dumps({1: -8, 4: b"12345678"}), {}, cbor2.dumps(
            {6: 1, 4: 2, -260: {1: {}}}), b"\x00" * 64]))),
    }
    return cases


def variants_of(hc1: str) -> dict[str, str]:
    """Our DCC, changed the ways an attacker or a sloppy issuer would."""
    protected, unprotected, payload, signature = _parts(hc1)
    middle = len(hc1) // 2
    forged = payload.replace(b"JAIDEE", b"JAIDEF")
    claims = cbor2.loads(payload)
    claims[-260][1]["ver"] = "1.0.0"
    return {
        "ours": hc1,
        "ours-trailing-newline": hc1 + "\n",
        "ours-tampered-char": hc1[:middle] + ("A" if hc1[middle] != "A" else "B") + hc1[middle + 1:],
        "ours-tampered-name": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [protected, dict(unprotected), forged,
                                                                    signature]))),
        "ours-truncated": hc1[:40],
        "ours-uncompressed": "HC1:" + b45encode(cbor2.dumps(cbor2.CBORTag(18, [protected, dict(unprotected), payload,
                                                                                 signature]))),
        "ours-untagged": hc1_of(cbor2.dumps([protected, dict(unprotected), payload, signature])),
        "ours-cwt-tag": hc1_of(cbor2.dumps(cbor2.CBORTag(61, cbor2.CBORTag(18, [protected, dict(unprotected), payload,
                                                                                   signature])))),
        "ours-alg-unprotected": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [
            cbor2.dumps({k: v for k, v in cbor2.loads(protected).items() if k != 1}), {1: -7}, payload, signature]))),
        "ours-kid-unprotected": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [
            cbor2.dumps({1: -7}), {4: cbor2.loads(protected)[4]}, payload, signature]))),
        "ours-ps256-claimed": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [
            cbor2.dumps({**cbor2.loads(protected), 1: -37}), dict(unprotected), payload, signature]))),
        "ours-old-ver-resealed": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [
            protected, dict(unprotected), cbor2.dumps(claims), signature]))),
        "ours-short-signature": hc1_of(cbor2.dumps(cbor2.CBORTag(18, [protected, dict(unprotected), payload,
                                                                     signature[:63]]))),
    }


def summary_cases(text: str) -> dict[str, str]:
    """The MPC1: QR printed on a PDF we issued, and forgeries of it."""
    body = cbor2.loads(inflate(b45decode(text[5:])))
    protected, unprotected, payload, signature = body.value
    claims = cbor2.loads(payload)
    claims[-70001]["p"]["n"] = "ผู้อื่น"
    forged = "MPC1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [
        protected, dict(unprotected), cbor2.dumps(claims), signature])), 9))
    return {"summary": text, "summary-tampered": forged, "summary-truncated": text[:60], "summary-bad": "MPC1:!!!"}


def voucher_cases(text: str) -> dict[str, str]:
    """An MPV1: voucher we issued, forgeries of it and hostile voucher texts."""
    body = cbor2.loads(inflate(b45decode(text[5:])))
    protected, unprotected, payload, signature = body.value

    def mpv1(parts: list[Any]) -> str:
        return "MPV1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, parts)), 9))

    claims = cbor2.loads(payload)
    claims[-70002]["b"] = 3000  # 30 baht -> 3000 baht, the signature kept
    bad_claims = cbor2.loads(payload)
    bad_claims[-70002]["p"] = 0
    no_cti = cbor2.loads(payload)
    no_cti[7] = b"\x00" * 16
    deep: Any = 1
    for _ in range(20):
        deep = [deep]
    return {
        "voucher": text,
        "voucher-tampered": mpv1([protected, dict(unprotected), cbor2.dumps(claims), signature]),
        "voucher-bad-claims": mpv1([protected, dict(unprotected), cbor2.dumps(bad_claims), signature]),
        "voucher-cti": mpv1([protected, dict(unprotected), cbor2.dumps(no_cti), signature]),
        "voucher-alg-unprotected": mpv1([cbor2.dumps({4: cbor2.loads(protected)[4]}), {1: -7}, payload, signature]),
        "voucher-health-claim": mpv1([protected, dict(unprotected), cbor2.dumps({-260: {1: {}}}), signature]),
        "voucher-deep": mpv1([protected, {}, cbor2.dumps({-70002: deep}), signature]),
        "voucher-truncated": text[:80], "voucher-bad": "MPV1:!!!", "voucher-oversize": "MPV1:" + "A" * 2500,
        "voucher-bomb": "MPV1:" + b45encode(zlib.compress(b"\x00" * 100_000, 9)),
    }
