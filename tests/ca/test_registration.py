"""The registration desk: facilities, decisions, signers, CSRs, suspension."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from mohpromt_ca.errors import AlreadyExists, InputError, NotFound, PolicyError, StateError
from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
from mohpromt_ca.storage.models import Certificate, Revocation


def _enrol(authority, facility_id, licence="ว.4242", **kw):  # type: ignore[no-untyped-def]
    args = dict(facility_id=facility_id, profession="physician", licence=licence, name_th="นายแพทย์ ทดสอบ",
                name_en="Test Doctor")
    args.update(kw)
    return enrol_signer(authority, **args)


def test_unapproved_facility_cannot_enrol(authority) -> None:
    facility = register_facility(authority, type="private-hospital", licence="H-1", name_th="โรงพยาบาล",
                                 name_en="Hospital One")
    assert facility.status == "pending"
    with pytest.raises(StateError, match="waiting for an RA officer"):
        _enrol(authority, facility.id)
    decide_facility(authority, facility.id, "reject", reason="licence expired")
    with pytest.raises(StateError, match="rejected"):
        _enrol(authority, facility.id)
    with pytest.raises(StateError, match="cannot approve"):
        decide_facility(authority, facility.id, "approve")


def test_suspension_refuses_enrolment_and_revokes_every_signer(authority, approved_facility) -> None:
    serials = [format(_enrol(authority, approved_facility.id, licence=f"ว.{n}").certificate.serial_number, "x")
               for n in range(1, 4)]
    decide_facility(authority, approved_facility.id, "suspend", reason="inspection")
    with pytest.raises(StateError, match="suspended"):
        _enrol(authority, approved_facility.id, licence="ว.99")
    with authority.register.transaction() as session:
        rows = session.execute(select(Certificate.status, Revocation.reason).join(Revocation)
                               .where(Certificate.serial.in_(serials))).all()
    assert sorted(rows) == [("revoked", "certificateHold")] * 3


def test_unlimited_signers_and_duplicate_licence(authority, approved_facility) -> None:
    for n in range(12):
        _enrol(authority, approved_facility.id, licence=f"ว.{1000 + n}")
    with pytest.raises(AlreadyExists, match="ว.1000"):
        _enrol(authority, approved_facility.id, licence="1000")


def test_bad_input_is_named(authority, approved_facility) -> None:
    with pytest.raises(InputError, match="facility type"):
        register_facility(authority, type="spa", licence="X", name_th="ก", name_en="A")
    with pytest.raises(InputError, match="name-en is required"):
        register_facility(authority, type="pharmacy", licence="X", name_th="ก", name_en="  ")
    with pytest.raises(InputError, match="prefix ภ. of another profession"):
        _enrol(authority, approved_facility.id, licence="ภ.12")
    with pytest.raises(InputError, match="given name and a family name"):
        _enrol(authority, approved_facility.id, name_en="Madonna")
    with pytest.raises(NotFound):
        _enrol(authority, 99999)
    with pytest.raises(AlreadyExists):
        register_facility(authority, type="pharmacy", licence=approved_facility.licence, name_th="ก", name_en="A")


def _csr(key, *, tamper: bool = False) -> bytes:  # type: ignore[no-untyped-def]
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ignored by the RA")]))
           .sign(key, hashes.SHA256()))
    der = bytearray(csr.public_bytes(serialization.Encoding.DER))
    if tamper:
        der[-5] ^= 0x01  # inside the signature
    return bytes(der)


def test_enrol_from_csr_checks_proof_of_possession(authority, approved_facility) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    enrolment = _enrol(authority, approved_facility.id, licence="ว.555",
                       csr=_csr(key))
    assert enrolment.certificate.public_key().public_numbers() == key.public_key().public_numbers()
    assert enrolment.signer.key_backend is None  # we never held this key
    # The RA, not the CSR, decides the subject.
    assert enrolment.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Test Doctor"
    with pytest.raises(PolicyError, match="proof of possession"):
        _enrol(authority, approved_facility.id, licence="ว.556", csr=_csr(key, tamper=True))
    with pytest.raises(InputError, match="not a valid PKCS#10"):
        _enrol(authority, approved_facility.id, licence="ว.557", csr=b"\x30\x03\x02\x01\x00")
    with pytest.raises(InputError, match="larger than"):
        _enrol(authority, approved_facility.id, licence="ว.558", csr=b"0" * 100_000)
    weak = ec.generate_private_key(ec.SECP256K1())
    with pytest.raises(PolicyError, match="P-256"):
        _enrol(authority, approved_facility.id, licence="ว.559", csr=_csr(weak))
