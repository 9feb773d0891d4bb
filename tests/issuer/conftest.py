"""Fixtures for DCC issuance: DSCs issued by our own CA, typed inputs, independent checks."""

from __future__ import annotations

import copy
from typing import Any

import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from pycose.keys import EC2Key, RSAKey
from pycose.messages import Sign1Message

from mohpromt_verifier.formats.hcert.base45 import b45decode
from mohpromt_verifier.formats.hcert.compression import inflate

VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}
TEST: dict[str, Any] = {
    "holder": {"family_name": "Müller-Gößinger", "given_name": "Anna", "date_of_birth": "1990"},
    "test": {"test_type": "LP6464-4", "name": "RT-PCR", "result": "260415000",
             "sample_collected_at": "2021-09-01T09:15:00+07:00", "centre": "Bangkok Hospital"},
}
RECOVERY: dict[str, Any] = {
    "holder": {"family_name": "ศรีสุข", "family_name_latin": "Srisuk", "date_of_birth": "1970-01"},
    "recovery": {"first_positive": "2021-07-01", "valid_from": "2021-07-12", "valid_until": "2099-12-31"},
}
INPUTS = {"vaccination": VACCINATION, "test": TEST, "recovery": RECOVERY}


def sample(kind: str) -> dict[str, Any]:
    return copy.deepcopy(INPUTS[kind])


def pycose_verify(hc1: str, certificate: x509.Certificate) -> dict[Any, Any]:
    """Verify with pycose (an independent COSE implementation); return the CWT claims."""
    cose = inflate(b45decode(hc1[4:]))
    item = cbor2.loads(cose)
    while isinstance(item, cbor2.CBORTag):
        item = item.value
    protected, unprotected, payload, signature = item
    message = Sign1Message.from_cose_obj([protected, dict(unprotected), payload, signature], True)
    public = certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        nums = public.public_numbers()
        message.key = EC2Key(crv="P_256", x=nums.x.to_bytes(32, "big"), y=nums.y.to_bytes(32, "big"))
    else:
        nums = public.public_numbers()
        message.key = RSAKey(n=nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big"), e=nums.e.to_bytes(3, "big"))
    assert message.verify_signature()
    return dict(cbor2.loads(message.payload))


@pytest.fixture
def dsc(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc

    return issue_dsc(authority)
