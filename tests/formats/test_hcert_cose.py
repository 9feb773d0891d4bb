"""COSE_Sign1: signing through the CoseSigner protocol, parsing variants, verifying."""

from __future__ import annotations

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from pycose.keys import EC2Key, RSAKey
from pycose.messages import Sign1Message

from mohpromt_verifier.formats.hcert.cose import (
    COSE_SIGN1_TAG,
    CWT_TAG,
    kid_of,
    parse_sign1,
    sign1,
    verify_sign1,
)
from mohpromt_verifier.formats.hcert.errors import (
    CoseError,
    SignatureError,
    SigningError,
    UnsupportedAlgorithm,
)
from mohpromt_verifier.formats.hcert.signer import (
    ES256,
    PS256,
    FunctionSigner,
    KeySigner,
    ecdsa_der_to_raw,
    ecdsa_raw_to_der,
)

from .conftest import Dsc, make_dsc


def pycose_sign1(data: bytes) -> Sign1Message:
    """Parse with pycose. Its ``CoseMessage.decode`` expects cbor2 < 6 (a tag's array as a
    list and maps as dict; cbor2 6 returns tuple and frozendict inside tags), so we unwrap
    the tag and hand pycose the array with plain containers."""
    item = cbor2.loads(data)
    while isinstance(item, cbor2.CBORTag):
        item = item.value
    protected, unprotected, payload, signature = item
    return Sign1Message.from_cose_obj([protected, dict(unprotected), payload, signature], True)


def pycose_key(dsc: Dsc):  # type: ignore[no-untyped-def]
    pub = dsc.certificate.public_key()
    if isinstance(pub, ec.EllipticCurvePublicKey):
        nums = pub.public_numbers()
        return EC2Key(crv="P_256", x=nums.x.to_bytes(32, "big"), y=nums.y.to_bytes(32, "big"))
    nums = pub.public_numbers()
    return RSAKey(n=nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big"), e=nums.e.to_bytes(3, "big"))


def test_sign1_verifies_with_pycose_and_ours(dsc: Dsc) -> None:
    payload = cbor2.dumps({1: "TH", -260: {1: {"ver": "1.3.0"}}})
    data = sign1(payload, dsc.signer)
    msg = pycose_sign1(data)
    msg.key = pycose_key(dsc)
    assert msg.verify_signature()
    assert msg.payload == payload
    parsed = parse_sign1(data)
    assert parsed.tags == (COSE_SIGN1_TAG,)
    assert parsed.alg == dsc.signer.alg
    assert parsed.kid == dsc.kid == kid_of(dsc.certificate)
    assert parsed.kid_source == "protected"
    match = verify_sign1(parsed, [dsc.certificate])
    assert match.index == 0 and match.candidate is dsc.certificate


def test_es256_signature_is_raw_64_bytes(ec_dsc: Dsc) -> None:
    parsed = parse_sign1(sign1(b"payload", ec_dsc.signer))
    assert len(parsed.signature) == 64


def test_tampered_payload_fails(dsc: Dsc) -> None:
    parsed = parse_sign1(sign1(b"payload", dsc.signer))
    body = cbor2.loads(sign1(b"payload", dsc.signer)).value
    forged = cbor2.dumps(cbor2.CBORTag(18, [body[0], {}, b"PAYLOAD", parsed.signature]))
    with pytest.raises(SignatureError):
        verify_sign1(parse_sign1(forged), [dsc.certificate])


def test_untagged_and_cwt_wrapped(ec_dsc: Dsc) -> None:
    tagged = sign1(b"p", ec_dsc.signer)
    body = list(cbor2.loads(tagged).value)
    untagged = parse_sign1(cbor2.dumps(body))
    wrapped = parse_sign1(cbor2.dumps(cbor2.CBORTag(CWT_TAG, cbor2.CBORTag(COSE_SIGN1_TAG, body))))
    assert untagged.tags == () and wrapped.tags == (CWT_TAG, COSE_SIGN1_TAG)
    for parsed in (untagged, wrapped):
        verify_sign1(parsed, [ec_dsc.certificate])
    with pytest.raises(CoseError, match="tags"):
        parse_sign1(cbor2.dumps(cbor2.CBORTag(98, body)))


def test_alg_only_in_unprotected_header_is_refused(ec_dsc: Dsc) -> None:
    """pycose would accept this; we must not (HCERT-NOTES: alg is read only from protected)."""
    protected = cbor2.dumps({4: ec_dsc.kid})
    tbs = cbor2.dumps(["Signature1", protected, b"", b"p"])
    sig = ec_dsc.signer.sign(tbs)
    data = cbor2.dumps(cbor2.CBORTag(18, [protected, {1: ES256}, b"p", sig]))
    parsed = parse_sign1(data)
    assert parsed.alg is None
    with pytest.raises(UnsupportedAlgorithm, match="only in the unprotected"):
        verify_sign1(parsed, [ec_dsc.certificate])


def test_unsupported_alg_refused(ec_dsc: Dsc) -> None:
    protected = cbor2.dumps({1: -8, 4: ec_dsc.kid})  # EdDSA
    data = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, b"p", b"x" * 64]))
    with pytest.raises(UnsupportedAlgorithm):
        verify_sign1(parse_sign1(data), [ec_dsc.certificate])


def test_kid_protected_wins_and_unprotected_fallback(ec_dsc: Dsc) -> None:
    data = sign1(b"p", ec_dsc.signer, unprotected={4: b"wrongkid"})
    parsed = parse_sign1(data)
    assert parsed.kid == ec_dsc.kid and parsed.kid_source == "protected"
    verify_sign1(parsed, [ec_dsc.certificate])

    protected = cbor2.dumps({1: ES256})
    sig = ec_dsc.signer.sign(cbor2.dumps(["Signature1", protected, b"", b"p"]))
    parsed = parse_sign1(cbor2.dumps(cbor2.CBORTag(18, [protected, {4: ec_dsc.kid}, b"p", sig])))
    assert parsed.kid_source == "unprotected"
    verify_sign1(parsed, [ec_dsc.certificate])


def test_every_candidate_is_tried(ec_dsc: Dsc, rsa_dsc: Dsc) -> None:
    other = make_dsc(ec.generate_private_key(ec.SECP256R1()))
    parsed = parse_sign1(sign1(b"p", ec_dsc.signer))
    # bare keys carry no kid: all are tried, in order
    keys = [other.certificate.public_key(), rsa_dsc.certificate.public_key(), ec_dsc.certificate.public_key()]
    assert verify_sign1(parsed, keys).index == 2
    # certificates with another kid are skipped; none left -> a clear error
    with pytest.raises(SignatureError, match="no candidate"):
        verify_sign1(parsed, [other.certificate])
    # a colliding kid (same kid, wrong key) is tried and then the next one
    colliding = KeySigner(ec.generate_private_key(ec.SECP256R1()), ec_dsc.kid)
    parsed2 = parse_sign1(sign1(b"p", colliding))
    with pytest.raises(SignatureError, match="did not verify"):
        verify_sign1(parsed2, [ec_dsc.certificate])
    assert verify_sign1(parsed2, [ec_dsc.certificate, colliding_pub(colliding)]).index == 1


def colliding_pub(signer: KeySigner):  # type: ignore[no-untyped-def]
    # test helper: reach the key the test itself generated
    return signer._key.public_key()  # noqa: SLF001


def test_function_signer_for_key_backends(ec_dsc: Dsc) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    der_signer = FunctionSigner(ES256, b"12345678", lambda tbs: key.sign(tbs, ec.ECDSA(hashes.SHA256())), der=True)
    parsed = parse_sign1(sign1(b"p", der_signer))
    verify_sign1(parsed, [key.public_key()])
    assert b"12345678".hex() in repr(der_signer)

    wrong = FunctionSigner(ES256, b"12345678", lambda tbs: key.sign(tbs, ec.ECDSA(hashes.SHA256())))
    with pytest.raises(SigningError, match="64 bytes"):
        sign1(b"p", wrong)
    with pytest.raises(UnsupportedAlgorithm):
        FunctionSigner(-8, b"k", lambda tbs: b"")


def test_der_raw_conversion() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.sign(b"m", ec.ECDSA(hashes.SHA256()))
    raw = ecdsa_der_to_raw(der)
    assert len(raw) == 64
    assert ecdsa_raw_to_der(raw) == der


def test_key_signer_repr_hides_key(rsa_dsc: Dsc) -> None:
    assert rsa_dsc.signer.alg == PS256
    text = repr(rsa_dsc.signer)
    assert "PS256" in text and "PRIVATE" not in text.upper()


@pytest.mark.parametrize(
    "data",
    [
        cbor2.dumps([b"", {}, b""]),
        cbor2.dumps([{}, {}, b"", b""]),
        cbor2.dumps([b"", [], b"", b""]),
        cbor2.dumps([b"", {}, None, b""]),
        cbor2.dumps([cbor2.dumps([1]), {}, b"", b""]),
        cbor2.dumps([b"", {}, b"", b""]) + b"\x00",
        b"\xff\xff",
        b"",
    ],
)
def test_malformed_structures(data: bytes) -> None:
    with pytest.raises(CoseError) as info:
        parse_sign1(data)
    assert info.value.code == "cose"
