"""OCSP, TSA and CRLs checked by independent peers: the openssl CLI and pyHanko."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.registration.desk import enrol_signer
from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _files(authority, tmp: Path, signer) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    certs = authority.settings.data_dir / "certs"
    files = {"root": certs / "root.pem", "ica": certs / "document-signing.pem", "signer": tmp / "signer.pem",
             "tsa_chain": tmp / "tsa-chain.pem"}
    files["signer"].write_bytes(signer.public_bytes(Encoding.PEM))
    files["tsa_chain"].write_bytes((certs / "tsa.pem").read_bytes() + (certs / "document-signing.pem").read_bytes())
    return files


def _signer(authority, facility):  # type: ignore[no-untyped-def]
    return enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.24680",
                        name_th="นายแพทย์ ทดสอบ", name_en="Ocsp Doctor").certificate


def _cli(authority, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(authority.settings.data_dir),
           "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    env.pop("MOHPROMT_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return result


def test_openssl_ocsp_post_good_then_revoked(authority, approved_facility, pki_server, openssl, tmp_path) -> None:
    signer = _signer(authority, approved_facility)
    f = _files(authority, tmp_path, signer)
    base = [openssl, "ocsp", "-issuer", str(f["ica"]), "-cert", str(f["signer"]), "-url", f"{pki_server}/pki/ocsp",
            "-CAfile", str(f["root"]), "-verify_other", str(f["ica"])]
    good = subprocess.run(base, capture_output=True, text=True)
    assert "Response verify OK" in good.stderr + good.stdout
    assert f"{f['signer']}: good" in good.stdout, good.stdout + good.stderr
    _cli(authority, "revoke", format(signer.serial_number, "x"), "--reason", "keyCompromise")
    revoked = subprocess.run(base, capture_output=True, text=True)
    assert "Response verify OK" in revoked.stderr + revoked.stdout
    assert f"{f['signer']}: revoked" in revoked.stdout
    assert "Reason: keyCompromise" in revoked.stdout
    assert "Revocation Time" in revoked.stdout


def test_openssl_ocsp_over_get_with_sha256_certid(authority, approved_facility, pki_server, openssl, tmp_path) -> None:
    signer = _signer(authority, approved_facility)
    f = _files(authority, tmp_path, signer)
    request = tmp_path / "req.der"
    subprocess.run([openssl, "ocsp", "-sha256", "-issuer", str(f["ica"]), "-cert", str(f["signer"]), "-reqout",
                    str(request)], check=True, capture_output=True)
    encoded = urllib.parse.quote(base64.b64encode(request.read_bytes()).decode(), safe="")
    reply = httpx.get(f"{pki_server}/pki/ocsp/{encoded}")
    assert reply.status_code == 200 and reply.headers["content-type"] == "application/ocsp-response"
    assert "max-age=" in reply.headers["cache-control"]
    response = tmp_path / "resp.der"
    response.write_bytes(reply.content)
    checked = subprocess.run([openssl, "ocsp", "-respin", str(response), "-reqin", str(request), "-CAfile",
                              str(f["root"]), "-verify_other", str(f["ica"]), "-resp_text"],
                             capture_output=True, text=True)
    assert "Response verify OK" in checked.stderr + checked.stdout
    assert "Cert Status: good" in checked.stdout and "Hash Algorithm: sha256" in checked.stdout
    assert "OCSP Nonce" in checked.stdout  # echoed


def test_openssl_ts_round_trip(authority, pki_server, openssl, tmp_path) -> None:
    f = _files(authority, tmp_path, authority.certificate_of("tsa"))
    data = tmp_path / "document.pdf"
    data.write_bytes(b"%PDF-1.7 pretend document\n" * 100)
    for digest in ("-sha256", "-sha384", "-sha512"):
        query = subprocess.run([openssl, "ts", "-query", "-data", str(data), digest, "-cert"], capture_output=True,
                               check=True).stdout
        reply = httpx.post(f"{pki_server}/pki/tsa", content=query,
                           headers={"Content-Type": "application/timestamp-query"})
        assert reply.status_code == 200 and reply.headers["content-type"] == "application/timestamp-reply"
        tsr = tmp_path / "reply.tsr"
        tsr.write_bytes(reply.content)
        ok = subprocess.run([openssl, "ts", "-verify", "-data", str(data), "-in", str(tsr), "-CAfile", str(f["root"]),
                             "-untrusted", str(f["tsa_chain"])], capture_output=True, text=True)
        assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    other = tmp_path / "other.pdf"
    other.write_bytes(b"a different document")
    bad = subprocess.run([openssl, "ts", "-verify", "-data", str(other), "-in", str(tsr), "-CAfile", str(f["root"]),
                          "-untrusted", str(f["tsa_chain"])], capture_output=True, text=True)
    assert "Verification: OK" not in bad.stdout and "message imprint mismatch" in bad.stderr
    text = subprocess.run([openssl, "ts", "-reply", "-in", str(tsr), "-text"], capture_output=True, text=True).stdout
    assert authority.settings.tsa_policy_oid in text and "Accuracy: 0x01 seconds" in text and "Nonce:" in text


def test_crl_verifies_lists_the_revoked_and_openssl_rejects_it(authority, approved_facility, pki_server, openssl,
                                                               tmp_path) -> None:
    signer = _signer(authority, approved_facility)
    f = _files(authority, tmp_path, signer)
    chain = tmp_path / "chain.pem"
    chain.write_bytes(f["ica"].read_bytes() + f["root"].read_bytes())
    _cli(authority, "revoke", format(signer.serial_number, "x"), "--reason", "superseded")
    crl_file = tmp_path / "ds.crl"
    out = json.loads(_cli(authority, "crl", "--ca", "document-signing", "-o", str(crl_file), "--json").stdout)
    assert out["number"] >= 1
    served = httpx.get(f"{pki_server}/pki/crl/document-signing.crl")
    assert served.status_code == 200 and served.content == crl_file.read_bytes()
    checked = subprocess.run([openssl, "crl", "-inform", "DER", "-in", str(crl_file), "-CAfile", str(chain), "-noout"],
                             capture_output=True, text=True)
    assert "verify OK" in checked.stderr + checked.stdout
    text = subprocess.run([openssl, "crl", "-inform", "DER", "-in", str(crl_file), "-text", "-noout"],
                          capture_output=True, text=True).stdout
    assert format(signer.serial_number, "X") in text.replace(":", "")
    assert "Superseded" in text and "X509v3 CRL Number" in text and "Next Update" in text
    crl_pem = tmp_path / "ds-crl.pem"
    crl_pem.write_bytes(subprocess.run([openssl, "crl", "-inform", "DER", "-in", str(crl_file)], capture_output=True,
                                       check=True).stdout)
    root_crl = tmp_path / "root.crl"
    _cli(authority, "crl", "--ca", "root", "-o", str(root_crl), "--pem")
    rejected = subprocess.run([openssl, "verify", "-crl_check", "-CRLfile", str(crl_pem), "-CAfile", str(f["root"]),
                               "-untrusted", str(f["ica"]), str(f["signer"])], capture_output=True, text=True)
    assert rejected.returncode != 0 and "certificate revoked" in rejected.stdout + rejected.stderr
    other = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.13579",
                         name_th="นายแพทย์ ดี", name_en="Good Doctor").certificate
    good = tmp_path / "good.pem"
    good.write_bytes(other.public_bytes(Encoding.PEM))
    accepted = subprocess.run([openssl, "verify", "-crl_check", "-CRLfile", str(crl_pem), "-CAfile", str(f["root"]),
                               "-untrusted", str(f["ica"]), str(good)], capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_pyhanko_http_timestamper_gets_and_validates_a_token(authority, pki_server) -> None:
    import asyncio

    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    stamper = HTTPTimeStamper(f"{pki_server}/pki/tsa")
    digest = b"\x11" * 32
    token = asyncio.run(stamper.async_timestamp(digest, "sha256"))
    root = asn1_x509.Certificate.load(authority.certificate_of("root").public_bytes(Encoding.DER))
    ica = asn1_x509.Certificate.load(authority.certificate_of("document-signing").public_bytes(Encoding.DER))
    context = ValidationContext(trust_roots=[root], other_certs=[ica], allow_fetching=False,
                                revocation_mode="soft-fail")
    status = asyncio.run(validate_tst_signed_data(token["content"], context, lambda _alg: digest))
    assert status["intact"] and status["valid"], status
    assert status["trust_problem_indic"] is None, status
