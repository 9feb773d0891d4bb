"""bench ca-issue: signer certificates issued per second vs raw ECDSA P-256 signing."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.bench.timing import ScenarioResult, measure


def run(seconds: float = 2.0) -> ScenarioResult:
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.issuance import issue_certificate
    from mohpromt_ca.ca.certificate_builder import build_certificate
    from mohpromt_ca.ca.der_signing import sign_certificate
    from mohpromt_ca.ca.linting import lint_certificate
    from mohpromt_ca.ca.names import signer_name
    from mohpromt_ca.ca.profiles import SIGNER
    from mohpromt_ca.ca.serials import new_serial
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), key_passphrase=SecretStr("bench-only-passphrase"), database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        facility = register_facility(authority, type="medical-clinic", licence="BENCH-1", name_th="คลินิกทดสอบ",
                                     name_en="Bench Clinic")
        decide_facility(authority, facility.id, "approve")
        licences = itertools.count(10000)

        def enrol() -> None:
            enrol_signer(authority, facility_id=facility.id, profession="physician", licence=str(next(licences)),
                         name_th="นายแพทย์ ทดสอบ ระบบ", name_en="Test Somchai")

        rate = measure("signer enrolment (key, register, sign, lint, audit)", enrol, seconds=seconds)

        ca = authority.issuing_key("document-signing")
        subject_key = ec.generate_private_key(ec.SECP256R1()).public_key()
        subject = signer_name(name_en="Test Somchai", profession="physician", licence_digits="1",
                              facility_en="Bench Clinic")

        def issue_only() -> None:
            issue_certificate(authority, issuer=ca, profile=SIGNER, subject=subject, public_key=subject_key)

        def build_and_sign() -> bytes:
            now = authority.clock.now()
            builder = build_certificate(SIGNER, subject=subject, public_key=subject_key, serial=new_serial(),
                                        not_before=now, not_after=now + SIGNER.validity, issuer=ca.issuer_info(),
                                        urls=authority.urls, policy_oid=settings.certificate_policy_oid)
            return sign_certificate(builder, ca.handle).public_bytes(Encoding.DER)

        sample = build_and_sign()
        parts = [
            measure("issue from a public key (no keygen)", issue_only, seconds=seconds),
            measure("build + sign (P-384 CA key) only", build_and_sign, seconds=seconds),
            measure("pkilint ETSI natural-person only", lambda: lint_certificate(sample, "etsi-natural-person"),
                    seconds=seconds),
            measure("P-256 key generation (in memory)",
                    lambda: ec.generate_private_key(ec.SECP256R1()), seconds=seconds / 2),
        ]
        p256 = ec.generate_private_key(ec.SECP256R1())
        p384 = ec.generate_private_key(ec.SECP384R1())
        primitive = measure("raw ECDSA P-256 sign (cryptography)",
                            lambda: p256.sign(b"x" * 64, ec.ECDSA(hashes.SHA256())),
                            seconds=seconds)
        parts.append(measure("raw ECDSA P-384 sign (the CA's curve)",
                             lambda: p384.sign(b"x" * 64, ec.ECDSA(hashes.SHA384())),
                             seconds=seconds / 2))
        authority.close()
    return ScenarioResult("ca-issue", rate, primitive, parts)
