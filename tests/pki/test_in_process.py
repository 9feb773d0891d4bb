"""The responder, TSA and CRL logic in-process (as the issuer uses them), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import ocsp as cocsp

from mohpromt_ca.authority.crl import current_crl
from mohpromt_ca.authority.ocsp_responder import OcspResponder
from mohpromt_ca.authority.revocation import revoke
from mohpromt_ca.authority.tsa import TimeStampAuthority
from mohpromt_ca.clock import FixedClock
from mohpromt_ca.registration.desk import enrol_signer


def test_ocsp_states_and_hold_release(authority, approved_facility) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="dentist", licence="ท.5",
                          name_th="ทพ. ก", name_en="Hold Dentist").certificate
    ica = authority.certificate_of("document-signing")
    responder = OcspResponder(authority)

    def status():  # type: ignore[no-untyped-def]
        for algorithm in (hashes.SHA1(), hashes.SHA256()):
            request = cocsp.OCSPRequestBuilder().add_certificate(signer, ica, algorithm).build()
            answer = cocsp.load_der_ocsp_response(responder.respond(request.public_bytes(Encoding.DER)).der)
            assert answer.response_status == cocsp.OCSPResponseStatus.SUCCESSFUL
            answer.responder_key_hash  # noqa: B018 - by key (RFC 5019)
            ocsp_cert = authority.certificate_of("ocsp-document-signing")
            assert answer.certificates[0] == ocsp_cert
            assert answer.next_update_utc > answer.this_update_utc
        return answer

    assert status().certificate_status == cocsp.OCSPCertStatus.GOOD
    revoke(authority, signer.serial_number, "certificateHold")
    held = status()
    assert held.certificate_status == cocsp.OCSPCertStatus.REVOKED
    assert held.revocation_reason == x509.ReasonFlags.certificate_hold
    revoke(authority, signer.serial_number, "removeFromCRL")
    assert status().certificate_status == cocsp.OCSPCertStatus.GOOD


def test_crl_number_grows_and_stale_crls_are_rebuilt(authority, approved_facility) -> None:
    clock = FixedClock(dt.datetime.now(dt.UTC))
    authority.clock = clock
    first = current_crl(authority, "document-signing")
    assert current_crl(authority, "document-signing").number == first.number  # cached while fresh
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.8",
                          name_th="นพ. ก", name_en="Crl Doctor").certificate
    revoke(authority, signer.serial_number, "affiliationChanged")
    second = current_crl(authority, "document-signing")
    assert second.number == first.number + 1  # rebuilt at once after a revocation
    parsed = x509.load_der_x509_crl(second.der)
    entry = parsed.get_revoked_certificate_by_serial_number(signer.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.affiliation_changed
    assert parsed.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == second.number
    assert parsed.is_signature_valid(authority.certificate_of("document-signing").public_key())
    assert parsed.next_update_utc - parsed.last_update_utc == dt.timedelta(hours=24)
    clock.advance(dt.timedelta(hours=11))
    assert current_crl(authority, "document-signing").number == second.number
    clock.advance(dt.timedelta(hours=2))  # past half its life: rebuilt before it goes stale
    third = current_crl(authority, "document-signing")
    assert third.number == second.number + 1 and third.this_update == clock.now().replace(microsecond=0)


def test_tsa_serials_are_unique_and_time_comes_from_the_clock(authority) -> None:
    from asn1crypto import tsp

    moment = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    authority.clock = FixedClock(moment)
    tsa = TimeStampAuthority(authority)
    query = tsp.TimeStampReq({"version": "v1", "message_imprint": {"hash_algorithm": {"algorithm": "sha512"},
                                                                   "hashed_message": b"\x07" * 64}}).dump()
    serials = set()
    for _ in range(50):
        answer = tsa.respond(query)
        assert answer.granted
        serials.add(answer.serial)
        token = tsp.TimeStampResp.load(answer.der)["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
    assert len(serials) == 50
    assert info["gen_time"].native == moment
    assert "certificates" not in token["content"] or not token["content"]["certificates"]
