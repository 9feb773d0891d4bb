"""Every bad input gets the protocol's own error or a 4xx: never a 500, never a crash."""

from __future__ import annotations

import httpx
import pytest
from asn1crypto import core, ocsp, tsp

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

OCSP = {"Content-Type": "application/ocsp-request"}
TSQ = {"Content-Type": "application/timestamp-query"}


def _ocsp_status(body: bytes) -> str:
    return ocsp.OCSPResponse.load(body)["response_status"].native


class _Rejection(core.Sequence):
    _fields = [("status", tsp.PKIStatusInfo), ("time_stamp_token", core.Any, {"optional": True})]


def _tsa_fail(body: bytes) -> set[str]:
    status = _Rejection.load(body)["status"]
    assert status["status"].native == "rejection"
    return status["fail_info"].native


def test_ocsp_garbage_truncated_and_oversized(pki_server) -> None:
    for body in (b"", b"garbage", b"\x30\x82\x01\x00\x30", b"\x30\x03\x02\x01\x05" * 3):
        reply = httpx.post(f"{pki_server}/pki/ocsp", content=body, headers=OCSP)
        assert reply.status_code == 200 and _ocsp_status(reply.content) == "malformed_request"
    reply = httpx.post(f"{pki_server}/pki/ocsp", content=b"\x30" * (64 * 1024 + 1), headers=OCSP)
    assert reply.status_code == 413
    reply = httpx.post(f"{pki_server}/pki/ocsp", content=b"x", headers={"Content-Type": "text/plain"})
    assert reply.status_code == 415
    reply = httpx.get(f"{pki_server}/pki/ocsp/!!!not-base64!!!")
    assert reply.status_code == 200 and _ocsp_status(reply.content) == "malformed_request"
    reply = httpx.get(f"{pki_server}/pki/ocsp/" + "A" * 60_000)  # decodes to 45 KB of zeros-ish: not OCSP
    assert reply.status_code == 200 and _ocsp_status(reply.content) == "malformed_request"


def test_ocsp_for_a_foreign_issuer_is_unauthorized_and_unknown_serial_unknown(authority, pki_server) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp as cocsp

    from tests.conftest import make_settings  # type: ignore[import-not-found]

    ica = authority.certificate_of("document-signing")
    fake_leaf = authority.certificate_of("tsa")
    # Unknown serial under our CA: "unknown".
    builder = cocsp.OCSPRequestBuilder().add_certificate_by_hash(
        ica.fingerprint(hashes.SHA1())[:20] and _name_hash(ica), _key_hash(ica), 0x1234567, hashes.SHA1())
    reply = httpx.post(f"{pki_server}/pki/ocsp", content=builder.build().public_bytes(serialization.Encoding.DER),
                       headers=OCSP)
    parsed = cocsp.load_der_ocsp_response(reply.content)
    assert parsed.response_status == cocsp.OCSPResponseStatus.SUCCESSFUL
    assert parsed.certificate_status == cocsp.OCSPCertStatus.UNKNOWN
    # A request about another CA's certificate: "unauthorized".
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise

    other = Authority.open(make_settings(authority.settings.data_dir.parent / "other"))
    initialise(other, organisation="Other", country="TH")
    request = cocsp.OCSPRequestBuilder().add_certificate(other.certificate_of("tsa"),
                                                         other.certificate_of("document-signing"), hashes.SHA256())
    reply = httpx.post(f"{pki_server}/pki/ocsp", content=request.build().public_bytes(serialization.Encoding.DER),
                       headers=OCSP)
    assert _ocsp_status(reply.content) == "unauthorized"
    other.close()
    assert isinstance(fake_leaf, x509.Certificate)


def _name_hash(cert) -> bytes:  # type: ignore[no-untyped-def]
    import hashlib

    return hashlib.sha1(cert.subject.public_bytes()).digest()


def _key_hash(cert) -> bytes:  # type: ignore[no-untyped-def]
    import hashlib

    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization

    spki = keys.PublicKeyInfo.load(cert.public_key().public_bytes(serialization.Encoding.DER,
                                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
    return hashlib.sha1(spki["public_key"].contents[1:]).digest()


def test_tsa_bad_requests_get_rejection_with_the_right_fail_info(pki_server) -> None:
    def query(**fields) -> bytes:  # type: ignore[no-untyped-def]
        base = {"version": "v1", "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                                                     "hashed_message": b"\x00" * 32}, "cert_req": True}
        base.update(fields)
        return tsp.TimeStampReq(base).dump()

    cases = [
        (b"garbage", {"bad_data_format"}),
        (query()[:-3], {"bad_data_format"}),
        (query(message_imprint={"hash_algorithm": {"algorithm": "sha1"}, "hashed_message": b"\x00" * 20}), {"bad_alg"}),
        (query(message_imprint={"hash_algorithm": {"algorithm": "md5"}, "hashed_message": b"\x00" * 16}), {"bad_alg"}),
        (query(message_imprint={"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": b"\x00" * 31}),
         {"bad_data_format"}),
        (query(req_policy="1.2.3.4.5"), {"unaccepted_policy"}),
        (query(version="v2"), {"bad_request"}),
    ]
    for body, expected in cases:
        reply = httpx.post(f"{pki_server}/pki/tsa", content=body, headers=TSQ)
        assert reply.status_code == 200 and reply.headers["content-type"] == "application/timestamp-reply"
        assert _tsa_fail(reply.content) == expected, (body[:20], expected)
    assert httpx.post(f"{pki_server}/pki/tsa", content=b"x" * (64 * 1024 + 1), headers=TSQ).status_code == 413
    assert httpx.post(f"{pki_server}/pki/tsa", content=query(), headers={"Content-Type": "application/json"}
                      ).status_code == 415
    granted = tsp.TimeStampResp.load(httpx.post(f"{pki_server}/pki/tsa", content=query(nonce=42), headers=TSQ).content)
    assert granted["status"]["status"].native == "granted"
    assert granted["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed["nonce"].native == 42


def test_unknown_names_are_404(pki_server) -> None:
    for path in ("/pki/crl/nobody.crl", "/pki/certs/nobody.crt", "/pki/crl/..%2Froot.crl", "/pki/nothing"):
        assert httpx.get(f"{pki_server}{path}").status_code == 404
    assert httpx.get(f"{pki_server}/pki/certs/root.crt").headers["content-type"] == "application/pkix-cert"
