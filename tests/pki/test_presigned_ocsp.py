"""OCSP answered from responses signed ahead (RFC 5019): stored on issue, replaced on revoke in
the same transaction (another process's responder answers "revoked" at once), re-signed at half
their validity; CRLs as files and over HTTP with ETag / 304."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp as cocsp

from mohpromt_ca.registration.desk import enrol_signer
from mohpromt_ca.storage.repositories import ocsp_responses
from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
OCSP = {"Content-Type": "application/ocsp-request"}


def _request(signer, issuer, algorithm=None) -> bytes:  # type: ignore[no-untyped-def]
    return cocsp.OCSPRequestBuilder().add_certificate(signer, issuer, algorithm or hashes.SHA1()).build() \
        .public_bytes(Encoding.DER)


def test_answers_come_from_the_store_and_a_revocation_reaches_them_at_once(  # type: ignore[no-untyped-def]
        authority, approved_facility, pki_server) -> None:
    from mohpromt_ca.application.periodic import refresh_ocsp
    from mohpromt_ca.clock import FixedClock

    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.5019",
                          name_th="นพ. ล่วงหน้า", name_en="Ahead Doctor").certificate
    issuer = authority.certificate_of("document-signing")
    serial = format(signer.serial_number, "x")
    key_sha1 = cocsp.OCSPRequestBuilder().add_certificate(signer, issuer, hashes.SHA1()).build().issuer_key_hash.hex()
    with authority.register.reading() as session:
        stored = ocsp_responses.lookup(session, key_sha1, serial)
    assert stored is not None  # signed when the certificate was issued
    reply = httpx.post(f"{pki_server}/pki/ocsp", content=_request(signer, issuer), headers=OCSP)
    assert reply.status_code == 200 and reply.content == stored.der  # looked up, not signed on demand
    assert cocsp.load_der_ocsp_response(reply.content).certificate_status == cocsp.OCSPCertStatus.GOOD
    assert reply.headers["etag"] and "max-age=" in reply.headers["cache-control"]

    env = {**os.environ, "MOHPROMT_DATA_DIR": str(authority.settings.data_dir),
           "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    env.pop("MOHPROMT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "revoke", serial, "--reason", "keyCompromise"],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    revoked_at = time.monotonic()
    while True:  # another process revoked: this responder must say so within seconds
        answer = cocsp.load_der_ocsp_response(
            httpx.post(f"{pki_server}/pki/ocsp", content=_request(signer, issuer), headers=OCSP).content)
        if answer.certificate_status == cocsp.OCSPCertStatus.REVOKED:
            break
        assert time.monotonic() - revoked_at < 5, "the revocation did not reach the responder within 5 s"
        time.sleep(0.05)
    seen_after = time.monotonic() - revoked_at
    assert seen_after < 5
    assert answer.revocation_reason is not None and answer.revocation_reason.name == "key_compromise"

    # RFC 5019: re-signed once half the validity has passed; past nextUpdate never served from the store
    with authority.register.reading() as session:
        before = ocsp_responses.lookup(session, key_sha1, serial)
    assert before is not None
    real_clock = authority.clock
    try:
        authority.clock = FixedClock(before.this_update + dt.timedelta(minutes=31))
        assert refresh_ocsp(authority).refreshed >= 1
        with authority.register.reading() as session:
            after = ocsp_responses.lookup(session, key_sha1, serial)
        assert after is not None and after.this_update > before.this_update and after.der != before.der
        authority.clock = FixedClock(after.next_update + dt.timedelta(seconds=1))
        late = httpx.post(f"{pki_server}/pki/ocsp", content=_request(signer, issuer), headers=OCSP)
        assert late.content != after.der  # the stored one expired: signed on demand, still revoked
        assert cocsp.load_der_ocsp_response(late.content).certificate_status == cocsp.OCSPCertStatus.REVOKED
    finally:
        authority.clock = real_clock
    # a SHA-256 CertID is not pre-signed: answered on demand, as before
    sha256 = httpx.post(f"{pki_server}/pki/ocsp", content=_request(signer, issuer, hashes.SHA256()), headers=OCSP)
    assert cocsp.load_der_ocsp_response(sha256.content).certificate_status == cocsp.OCSPCertStatus.REVOKED


def test_crl_files_and_http_validators(authority, pki_server) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.crl import crl_file, publish_crls

    first = httpx.get(f"{pki_server}/pki/crl/document-signing.crl")
    assert first.status_code == 200 and first.headers["etag"].startswith('"')
    assert "max-age=" in first.headers["cache-control"]
    assert crl_file(authority, "document-signing").read_bytes() == first.content  # published as a file too
    again = httpx.get(f"{pki_server}/pki/crl/document-signing.crl", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
    other = httpx.get(f"{pki_server}/pki/crl/document-signing.crl", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.content == first.content
    crl_file(authority, "root").unlink(missing_ok=True)
    assert set(publish_crls(authority)) == {"root", "document-signing", "dcc-csca"}
    assert crl_file(authority, "root").exists()
