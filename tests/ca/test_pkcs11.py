"""Keys in a real SoftHSM2 token over PKCS#11: generated non-extractable, they sign."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from mohpromt_ca.ca.keys import KeySpec, SignatureScheme
from mohpromt_ca.ca.keys.pkcs11_backend import Pkcs11KeyBackend
from mohpromt_ca.registration.desk import enrol_signer

pytestmark = pytest.mark.softhsm


def _backend(token) -> Pkcs11KeyBackend:  # type: ignore[no-untyped-def]
    return Pkcs11KeyBackend(token["module"], token["label"], token["pin"])


def test_token_key_is_non_extractable_and_signs(softhsm_token) -> None:
    import secrets

    backend = _backend(softhsm_token)
    label = f"probe-{secrets.token_hex(4)}"
    handle = backend.generate(label, KeySpec.EC_P256)
    assert handle.attribute("EXTRACTABLE") is False
    assert handle.attribute("NEVER_EXTRACTABLE") is True
    assert handle.attribute("SENSITIVE") is True
    from pkcs11 import Attribute
    from pkcs11.exceptions import AttributeSensitive

    with pytest.raises(AttributeSensitive):
        handle._private[Attribute.VALUE]  # the token refuses to reveal the key
    signature = handle.sign(b"hello", SignatureScheme.ECDSA_SHA256)
    handle.public_key.verify(signature, b"hello", ec.ECDSA(hashes.SHA256()))
    assert backend.load(handle.ref).public_key.public_numbers() == handle.public_key.public_numbers()
    rsa = backend.generate(f"{label}-rsa", KeySpec.RSA_3072)
    from cryptography.hazmat.primitives.asymmetric import padding

    rsa.public_key.verify(rsa.sign(b"x", SignatureScheme.RSA_PSS_SHA256), b"x",
                          padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    from mohpromt_ca.errors import AlreadyExists

    with pytest.raises(AlreadyExists):
        backend.generate(label, KeySpec.EC_P256)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_signer_key_in_token_issues_and_signs(token_signer_keys, authority, approved_facility) -> None:
    enrolment = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.31337",
                             name_th="แพทย์หญิง ทดสอบ", name_en="Hsm Doctor")
    assert enrolment.signer.key_backend == "pkcs11"
    from mohpromt_ca.ca.keys import KeyRef

    handle = authority.keys.load(KeyRef("pkcs11", enrolment.signer.key_ref, KeySpec.EC_P256))
    assert handle.attribute("NEVER_EXTRACTABLE") is True
    cert_key = enrolment.certificate.public_key()
    cert_key.verify(handle.sign(b"document", SignatureScheme.ECDSA_SHA256), b"document", ec.ECDSA(hashes.SHA256()))
    assert not list((authority.settings.data_dir / "keys").glob("signer-*"))  # nothing written to disk


def test_whole_hierarchy_in_the_token_via_cli(softhsm_token, tmp_path, openssl) -> None:
    """`mohpromt-ca init` with every CA key in SoftHSM, in a fresh process (its own library init)."""
    token_dir = tmp_path / "tokens"
    token_dir.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {token_dir}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf), "MOHPROMT_DATA_DIR": str(tmp_path / "data"),
           "MOHPROMT_KEY_BACKEND": "pkcs11", "MOHPROMT_SIGNER_KEY_BACKEND": "pkcs11",
           "MOHPROMT_PKCS11_MODULE": softhsm_token["module"], "MOHPROMT_PKCS11_TOKEN_LABEL": "ca-token",
           "MOHPROMT_PKCS11_PIN": "4321"}
    env.pop("MOHPROMT_KEY_PASSPHRASE", None)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "ca-token", "--pin", "4321",
                    "--so-pin", "8765"], check=True, capture_output=True, env=env)
    cli = [sys.executable, "-m", "mohpromt_ca.cli"]
    run = subprocess.run([*cli, "init"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "data" / "keys").exists()  # no key files at all
    assert subprocess.run([*cli, "facility", "register", "--type", "pharmacy", "--licence", "P", "--name-th", "ร้าน",
                           "--name-en", "Shop"], env=env, capture_output=True).returncode == 0
    assert subprocess.run([*cli, "facility", "approve", "1"], env=env, capture_output=True).returncode == 0
    run = subprocess.run([*cli, "signer", "enrol", "--facility", "1", "--profession", "pharmacist", "--licence", "1",
                          "--name-th", "ภก. ก", "--name-en", "Token Pharmacist", "--json"], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0, run.stderr
    import json

    serial = json.loads(run.stdout)["serial"]
    chain = tmp_path / "chain.pem"
    assert subprocess.run([*cli, "cert", "export", serial, "--chain", "-o", str(chain)], env=env).returncode == 0
    verify = subprocess.run([openssl, "verify", "-CAfile", str(tmp_path / "data" / "certs" / "root.pem"),
                             "-untrusted", str(chain), str(chain)], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    again = subprocess.run([*cli, "init"], capture_output=True, text=True, env=env)
    assert again.returncode != 0 and "already exists" in again.stderr and "Traceback" not in again.stderr


def test_threads_share_the_one_session_safely(softhsm_token) -> None:
    """SoftHSM crashes with separate sessions in parallel threads (PKCS11-NOTES): the backend keeps
    one logged-in session per process behind one lock, so 8 threads signing at once are safe."""
    import secrets
    from concurrent.futures import ThreadPoolExecutor

    backend = _backend(softhsm_token)
    handle = backend.generate(f"threads-{secrets.token_hex(4)}", KeySpec.EC_P256)
    other = _backend(softhsm_token).load(handle.ref)  # a second backend object: still the same session

    def sign_many(worker: int) -> int:
        count = 0
        for n in range(200):
            data = f"{worker}:{n}".encode()
            key = handle if n % 2 else other
            key.public_key.verify(key.sign(data, SignatureScheme.ECDSA_SHA256), data, ec.ECDSA(hashes.SHA256()))
            count += 1
        return count

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(sign_many, range(8))) == 1600
