"""The CLI as users and scripts call it: real processes, --json, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys


def test_full_registration_flow(cli, tmp_path, openssl) -> None:
    created = json.loads(cli("init", "--json").stdout)
    assert set(created["authorities"]) >= {"root", "document-signing", "dcc-csca", "tsa"}
    again = cli("init", check=False)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1

    facility = json.loads(cli("facility", "register", "--type", "dental-clinic", "--licence", "D-77",
                              "--name-th", "คลินิกทันตกรรม", "--name-en", "Smile Dental", "--contact", "02-000-0000",
                              "--json").stdout)
    assert facility["status"] == "pending" and isinstance(facility["id"], int)
    refused = cli("signer", "enrol", "--facility", str(facility["id"]), "--profession", "dentist", "--licence", "ท.1",
                  "--name-th", "ทพ. ก", "--name-en", "Den Tist", check=False)
    assert refused.returncode != 0 and "approve" in refused.stderr and len(refused.stderr.splitlines()) == 1
    cli("facility", "approve", str(facility["id"]))
    signer = json.loads(cli("signer", "enrol", "--facility", str(facility["id"]), "--profession", "dentist",
                            "--licence", "ท.1", "--name-th", "ทพ. ก", "--name-en", "Den Tist", "--json").stdout)
    assert {"id", "serial"} <= set(signer)
    int(signer["serial"], 16)
    shown = json.loads(cli("signer", "show", str(signer["id"]), "--json").stdout)
    assert shown["serial"] == signer["serial"] and shown["licence"] == "ท.1" and shown["status"] == "issued"
    listed = json.loads(cli("signer", "list", "--json").stdout)
    assert [s["id"] for s in listed] == [signer["id"]]
    assert json.loads(cli("facility", "list", "--json").stdout)[0]["status"] == "approved"

    out = tmp_path / "signer-chain.pem"
    public = {k: v for k, v in cli.env.items() if k != "MOHPROMT_KEY_PASSPHRASE"}  # a public certificate: no passphrase
    cli("cert", "export", signer["serial"], "--chain", "-o", str(out), environment=public)
    human = cli("signer", "show", str(signer["id"])).stdout + cli("facility", "list").stdout
    assert not any(mark in human for mark in ("{'", "['", "None", "True", "False")), human  # no Python reprs
    assert out.read_text().count("BEGIN CERTIFICATE") == 3
    root = tmp_path / "data" / "certs" / "root.pem"
    verified = subprocess.run([openssl, "verify", "-CAfile", str(root), "-untrusted", str(out), str(out)],
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr

    verdict = json.loads(cli("audit", "verify", "--json").stdout)
    assert verdict["intact"] is True and verdict["entries"] > 10
    cli("facility", "suspend", str(facility["id"]))
    assert json.loads(cli("signer", "show", str(signer["id"]), "--json").stdout)["status"] == "revoked"
    assert "intact" in cli("audit", "verify").stdout


def test_audit_verify_exits_non_zero_on_tampering(cli, tmp_path) -> None:
    import sqlite3

    cli("init")
    cli("facility", "register", "--type", "pharmacy", "--licence", "P", "--name-th", "ร้านยา", "--name-en", "Shop")
    db = sqlite3.connect(tmp_path / "data" / "register.sqlite3")
    db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5")
    db.commit()
    db.close()
    broken = cli("audit", "verify", check=False)
    assert broken.returncode == 1 and "entry 5 was edited" in broken.stdout


def test_errors_are_one_line(cli) -> None:
    no_init = cli("signer", "list", check=False)
    assert no_init.returncode == 0 or "init" in no_init.stderr
    cli("init")
    for args, expected in [
        (("cert", "export", "zz-not-hex"), "not a hexadecimal serial"),
        (("cert", "export", "abcdef"), "no certificate with serial abcdef"),
        (("facility", "approve", "42"), "no facility with id 42"),
        (("revoke", "abcdef", "--reason", "bogus"), "unknown revocation reason"),
    ]:
        result = cli(*args, check=False)
        assert result.returncode != 0
        assert expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_passphrase_is_a_clear_error(cli) -> None:
    env = dict(cli.env)
    env.pop("MOHPROMT_KEY_PASSPHRASE")
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "init"], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL)
    assert result.returncode != 0 and "MOHPROMT_KEY_PASSPHRASE" in result.stderr and "Traceback" not in result.stderr


def test_help_does_not_import_the_heavy_stack() -> None:
    code = ("import sys; from mohpromt_ca.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pyhanko.sign', 'fastapi', 'pkilint', 'sqlalchemy') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
