"""Fixtures for the HCERT format tests: throw-away keys and self-signed test DSCs.

The CA builds real DSCs; this layer only needs *a* P-256 and an RSA-3072 certificate,
generated here in memory (never written, never printed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from mohpromt_verifier.formats.hcert import KeySigner, kid_of
from tests.vectors import dgc_testdata_dir, spec_dir  # type: ignore[import-not-found]

TESTDATA = dgc_testdata_dir()  # the vendored copy (tests/dgc_cases.py merges in ../shared's cases)
SPEC = spec_dir()

NOT_BEFORE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Dsc:
    certificate: x509.Certificate
    signer: KeySigner
    kid: bytes


def make_dsc(key: Any, *, cn: str = "MOPH Test DSC", eku: list[str] | None = None) -> Dsc:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
    )
    if eku:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in eku]), critical=False
        )
    cert = builder.sign(key, hashes.SHA256())
    kid = kid_of(cert)
    return Dsc(certificate=cert, signer=KeySigner(key, kid), kid=kid)


@pytest.fixture(scope="session")
def ec_dsc() -> Dsc:
    return make_dsc(ec.generate_private_key(ec.SECP256R1()), cn="MOPH Test DSC ES256")


@pytest.fixture(scope="session")
def rsa_dsc() -> Dsc:
    return make_dsc(rsa.generate_private_key(public_exponent=65537, key_size=3072), cn="MOPH Test DSC PS256")


@pytest.fixture(params=["ES256", "PS256"])
def dsc(request: pytest.FixtureRequest, ec_dsc: Dsc, rsa_dsc: Dsc) -> Dsc:
    return ec_dsc if request.param == "ES256" else rsa_dsc


def thai_vaccination() -> dict[str, Any]:
    """A Thai vaccination DCC in the shape of the EU TH/1.3.0 quality-assurance samples."""
    return {
        "ver": "1.3.0",
        "nam": {"fn": "ใจดี", "fnt": "JAIDEE", "gn": "สมชาย", "gnt": "SOMCHAI"},
        "dob": "1985-04-12",
        "v": [
            {
                "tg": "840539006",
                "vp": "1119349007",
                "mp": "EU/1/20/1528",
                "ma": "ORG-100030215",
                "dn": 2,
                "sd": 2,
                "dt": "2021-08-30",
                "co": "TH",
                "is": "Ministry of Public Health (Thailand)",
                "ci": "URN:UVCI:01:TH:ABCDEFGHJKLMNPQRSTUVWXYZ23#D",
            }
        ],
    }


@pytest.fixture
def vaccination() -> dict[str, Any]:
    return thai_vaccination()
