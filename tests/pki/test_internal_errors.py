"""Internal failures of the OCSP responder, the TSA and CRL publication: the protocol's own answer
to the client, one log line (logger under ``mohpromt_ca.``, the exception type, no key material,
no traceback) for the operator; a CRL pkilint refuses is never published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
from asn1crypto import core, tsp
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp as cocsp
from sqlalchemy import insert, select, text

from mohpromt_ca.authority.crl import current_crl
from mohpromt_ca.authority.ocsp_responder import OcspResponder
from mohpromt_ca.authority.tsa import TimeStampAuthority
from mohpromt_ca.ca.keys.base import KeyHandle, SignatureScheme
from mohpromt_ca.errors import LintError
from mohpromt_ca.registration.desk import enrol_signer
from mohpromt_ca.storage.models import AuditEntry, Certificate, CrlState, Revocation


class BrokenToken(KeyHandle):
    """A real handle whose token has gone away: every signature fails."""

    def __init__(self, inner: KeyHandle) -> None:
        self.inner = inner
        self.ref = inner.ref
        self.calls = 0

    @property
    def public_key(self) -> PublicKeyTypes:
        return self.inner.public_key

    def sign(self, data: bytes, scheme: SignatureScheme | None = None) -> bytes:
        self.calls += 1
        raise RuntimeError("CKR_DEVICE_REMOVED pin=0000-secret")


def _break_key(authority, name: str) -> BrokenToken:  # type: ignore[no-untyped-def]
    """Swap the authority's loaded handle for ``name`` (its per-process cache) for a failing one."""
    key = authority.issuing_key(name)
    broken = BrokenToken(key.handle)
    authority._loaded[name] = dataclasses.replace(key, handle=broken)
    return broken


def _ours(caplog: pytest.LogCaptureFixture, logger: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger]


def test_ocsp_signing_failure_is_logged_and_answered_internal_error(authority, approved_facility,  # type: ignore[no-untyped-def]
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.77",
                          name_th="นพ. ก", name_en="Ocsp Doctor").certificate
    broken = _break_key(authority, "ocsp-document-signing")
    request = cocsp.OCSPRequestBuilder().add_certificate(
        signer, authority.certificate_of("document-signing"), hashes.SHA256()).build().public_bytes(Encoding.DER)
    with caplog.at_level(logging.ERROR, logger="mohpromt_ca"):
        answer = OcspResponder(authority).respond(request)
    assert answer.status == "internal_error"
    assert cocsp.load_der_ocsp_response(answer.der).response_status == cocsp.OCSPResponseStatus.INTERNAL_ERROR
    assert broken.calls == 1
    (record,) = _ours(caplog, "mohpromt_ca.authority.ocsp")
    assert "RuntimeError" in record.getMessage() and "document-signing" in record.getMessage()
    assert "secret" not in record.getMessage() and record.exc_info is None


def test_ocsp_register_failure_is_logged(authority, approved_facility,  # type: ignore[no-untyped-def]
                                         caplog: pytest.LogCaptureFixture) -> None:
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.78",
                          name_th="นพ. ข", name_en="Lost Register").certificate
    responder = OcspResponder(authority)
    with authority.register.engine.begin() as connection:
        connection.execute(text("DROP TABLE revocations"))  # the lookup's join now fails in the database
    # a SHA-256 CertID: not a pre-signed (RFC 5019, SHA-1) lookup, so the register is asked
    request = cocsp.OCSPRequestBuilder().add_certificate(
        signer, authority.certificate_of("document-signing"), hashes.SHA256()).build().public_bytes(Encoding.DER)
    with caplog.at_level(logging.ERROR, logger="mohpromt_ca"):
        answer = responder.respond(request)
    assert answer.status == "internal_error"
    (record,) = _ours(caplog, "mohpromt_ca.authority.ocsp")
    assert "OperationalError" in record.getMessage() or "ProgrammingError" in record.getMessage()


def test_tsa_signing_failure_is_logged_and_answered_system_failure(authority,  # type: ignore[no-untyped-def]
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    broken = _break_key(authority, "tsa")
    tsa = TimeStampAuthority(authority)
    query = tsp.TimeStampReq({"version": "v1", "message_imprint": {
        "hash_algorithm": {"algorithm": "sha256"}, "hashed_message": bytes(32)}, "cert_req": True}).dump()
    with caplog.at_level(logging.ERROR, logger="mohpromt_ca"):
        answer = tsa.respond(query)
    assert not answer.granted and answer.fail_info == "system_failure"
    status = tsp.PKIStatusInfo.load(core.load(answer.der)[0].dump())  # a TimeStampResp without a token
    assert status["status"].native == "rejection"
    assert broken.calls == 1
    (record,) = _ours(caplog, "mohpromt_ca.authority.tsa")
    assert "RuntimeError" in record.getMessage() and "secret" not in record.getMessage()
    assert record.exc_info is None
    # A bad request is the client's error, not ours: answered, not logged as an internal error.
    caplog.clear()
    assert tsa.respond(b"junk").fail_info == "bad_data_format"
    assert _ours(caplog, "mohpromt_ca.authority.tsa") == []


def test_a_crl_pkilint_refuses_is_not_published(authority, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    # A register row no issuance path writes: a revoked serial 0 (RFC 5280 serials are positive).
    with authority.register.transaction() as session:
        session.execute(insert(Certificate).values(serial="0", issuer="document-signing", profile="signer",
                                                   subject="CN=zero", not_before=now, not_after=now,
                                                   status="revoked", created_at=now))
        certificate_id = session.execute(select(Certificate.id).where(Certificate.serial == "0")).scalar_one()
        session.execute(insert(Revocation).values(certificate_id=certificate_id, revoked_at=now,
                                                  reason="superseded", actor="test"))
    with caplog.at_level(logging.WARNING, logger="mohpromt_ca"), pytest.raises(LintError) as refused:
        current_crl(authority, "document-signing")
    assert "pkix.certificate_serial_number_out_of_range" in refused.value.message
    assert "document-signing CRL" in refused.value.message
    assert _ours(caplog, "mohpromt_ca.ca.crl")
    with authority.register.reading() as session:
        assert session.execute(select(CrlState).where(CrlState.issuer == "document-signing")).first() is None
        assert session.execute(select(AuditEntry).where(AuditEntry.action == "crl.publish")).first() is None
    # The other CAs' CRLs are unaffected.
    assert current_crl(authority, "dcc-csca").number == 1
