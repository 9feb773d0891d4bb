"""`mohpromt-ca ceremony`: a reviewed script makes an offline root on a PKCS#11 token (SoftHSM2),
an intermediate and its OCSP responder, splits the token PIN and the key passphrase m-of-n, and
leaves a transcript signed by the new root that `ca verify-transcript` and openssl both check."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mohpromt_ca.cli import main
from tests.conftest import TEST_PASSPHRASE

CLI = [sys.executable, "-m", "mohpromt_ca.cli"]
PIN = "4729-1186"

SCRIPT = """\
ceremony: Test Root CA key ceremony
organisation: Ministry of Public Health
country: TH
witnesses: [Officer Somchai, Auditor Malee]
transcript: {signer: root}
steps:
  - {action: generate-key, name: root, backend: pkcs11, spec: ec-p384}
  - {action: self-sign, name: root, common-name: Ministry of Public Health Root CA, validity-days: 7300}
  - {action: generate-key, name: document-signing, backend: file, spec: ec-p384}
  - {action: issue, name: document-signing, issuer: root, profile: intermediate,
     common-name: Ministry of Public Health Document Signing CA, validity-days: 1825}
  - {action: generate-key, name: ocsp-document-signing, backend: file, spec: ec-p256}
  - {action: issue, name: ocsp-document-signing, issuer: document-signing, profile: ocsp,
     common-name: Ministry of Public Health OCSP Responder (DS CA), validity-days: 365}
  - {action: split-secret, secret: pkcs11-pin, threshold: 2, shares: 3,
     holders: [Custodian One, Custodian Two, Custodian Three]}
  - {action: split-secret, secret: key-passphrase, threshold: 3, shares: 5}
  - {action: export-certificates, directory: published}
"""


@pytest.fixture(scope="module")
def ceremony(tmp_path_factory, softhsm_token):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("ceremony")
    label = f"ceremony-{secrets.token_hex(3)}"  # a token of its own in the run's SoftHSM store
    subprocess.run([shutil.which("softhsm2-util") or "softhsm2-util", "--init-token", "--free", "--label", label,
                    "--pin", PIN, "--so-pin", "99887766"], check=True, capture_output=True,
                   env={**os.environ, "SOFTHSM2_CONF": softhsm_token["conf"]})
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(base / "data"), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
           "MOHPROMT_PKCS11_MODULE": softhsm_token["module"], "MOHPROMT_PKCS11_TOKEN_LABEL": label,
           "MOHPROMT_PKCS11_PIN": PIN, "SOFTHSM2_CONF": softhsm_token["conf"]}
    env.pop("MOHPROMT_DATABASE_URL", None)
    script = base / "root-ceremony.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    dry = subprocess.run([*CLI, "ceremony", str(script), "--dry-run"], capture_output=True, text=True, env=env,
                         timeout=120)
    run = subprocess.run([*CLI, "ceremony", str(script), "--json", "--transcript", str(base / "transcript.jsonl"),
                          "--shares-dir", str(base / "shares")], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return {"base": base, "env": env, "dry": dry, "result": json.loads(run.stdout), "script": script}


def test_dry_run_prints_the_plan_and_changes_nothing(ceremony) -> None:
    dry = ceremony["dry"]
    assert dry.returncode == 0, dry.stderr
    assert " 1. generate a ec-p384 key 'root' in the pkcs11 backend" in dry.stdout
    assert " 7. split the pkcs11-pin 2-of-3 among Custodian One, Custodian Two, Custodian Three" in dry.stdout
    assert "nothing was changed" in dry.stdout
    # once run, a second dry run says why it would not start, naming the step
    again = CliRunner().invoke(main, ["ceremony", str(ceremony["script"]), "--dry-run", "--json"],
                               env=ceremony["env"])
    problems = json.loads(again.output)["problems"]
    assert any(p.startswith("step 1: the register already has a key 'root'") for p in problems)


def test_a_script_with_a_typo_is_refused_naming_the_step(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCRIPT.replace("action: self-sign", "action: self-sgin"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "ceremony", str(bad), "--dry-run"],
                                env={"MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE})
    assert result.exit_code != 0 and "step 2: unknown action 'self-sgin'" in result.output


def test_transcript_is_signed_by_the_new_root_and_holds_no_secret(ceremony, openssl) -> None:
    base, result = ceremony["base"], ceremony["result"]
    transcript = Path(result["transcript"])
    lines = [json.loads(line) for line in transcript.read_text().splitlines()]
    assert lines[0]["ceremony"] == "Test Root CA key ceremony" and lines[0]["witnesses"] == ["Officer Somchai",
                                                                                            "Auditor Malee"]
    steps = [line for line in lines if "step" in line]
    assert [s["action"] for s in steps][:2] == ["generate-key", "self-sign"]
    assert steps[0]["outputs"]["key_ref"].startswith("pkcs11:")
    assert lines[-1]["event"] == "completed" and lines[-1]["transcript_signer"] == "root"
    text = transcript.read_text()
    shares = sorted((base / "shares").glob("share-*.txt"))
    assert len(shares) == 8
    for secret in (PIN, TEST_PASSPHRASE, *(p.read_text().splitlines()[-1] for p in shares)):
        assert secret not in text
    for share in shares:
        assert stat.S_IMODE(share.stat().st_mode) == 0o600
    assert stat.S_IMODE((base / "shares").stat().st_mode) == 0o700

    verified = CliRunner().invoke(main, ["ca", "verify-transcript", str(transcript), "--json"])
    assert verified.exit_code == 0, verified.output
    report = json.loads(verified.output)
    assert report["valid"] and report["completed"] and report["steps"] == 9
    assert report["signer"].startswith("CN=Ministry of Public Health Root CA")
    # openssl, independently: the detached signature over the file with the root's public key
    pub = base / "root.pub"
    subprocess.run([openssl, "x509", "-in", result["signer_certificate"], "-pubkey", "-noout", "-out", str(pub)],
                   check=True, capture_output=True)
    ok = subprocess.run([openssl, "dgst", "-sha384", "-verify", str(pub), "-signature", result["signature"],
                         str(transcript)], capture_output=True, text=True)
    assert ok.returncode == 0 and "Verified OK" in ok.stdout
    # and the intermediate chains to the root made on the token
    published = base / "data" / "published"
    chain = subprocess.run([openssl, "verify", "-CAfile", str(published / "root.pem"), "-untrusted",
                            str(published / "document-signing.pem"), str(published / "ocsp-document-signing.pem")],
                           capture_output=True, text=True)
    assert chain.returncode == 0, chain.stdout + chain.stderr

    tampered = base / "tampered.jsonl"
    tampered.write_text(text.replace("Auditor Malee", "Auditor Mallory"))
    for suffix in (".sig", ".signer.pem"):
        shutil.copy(str(transcript) + suffix, str(tampered) + suffix)
    refused = CliRunner().invoke(main, ["ca", "verify-transcript", str(tampered)])
    assert refused.exit_code != 0 and "does not verify" in refused.output


def test_any_two_pin_shares_rebuild_the_pin_and_one_does_not(ceremony) -> None:
    pin_shares = [p for p in sorted((ceremony["base"] / "shares").glob("share-*.txt"))
                  if "Secret: pkcs11-pin" in p.read_text()]
    assert len(pin_shares) == 3
    two = "".join(p.read_text() for p in pin_shares[1:])
    rebuilt = CliRunner().invoke(main, ["ca", "combine-shares"], input=two)
    assert rebuilt.exit_code == 0 and rebuilt.output.strip() == PIN
    one = CliRunner().invoke(main, ["ca", "combine-shares"], input=pin_shares[0].read_text())
    assert one.exit_code != 0 and "needs 2" in one.output and PIN not in one.output
