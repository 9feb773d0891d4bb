"""`mohpromt-ca verify` on DCCs our CA issued: verdicts, exit codes, --at, images, stdin, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.issuer.dcc.service import DccIssuer
from mohpromt_verifier.formats.qr import qr_png
from tests.issuer.conftest import sample  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _verify(*args: str, stdin: bytes | None = None,
            env_extra: dict | None = None) -> subprocess.CompletedProcess[bytes]:  # type: ignore[type-arg]
    env = {**os.environ, **(env_extra or {})}
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", *args], capture_output=True,
                            input=stdin if stdin is not None else b"", env=env)
    assert b"Traceback" not in result.stderr
    return result


@pytest.fixture
def issued(authority, tmp_path):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc

    dsc = issue_dsc(authority, restrict_to="vaccination")
    pem = tmp_path / "dsc.pem"
    pem.write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    signed = DccIssuer(authority).issue(sample("vaccination"))
    return {"hc1": signed.hc1, "dsc": pem, "empty": tmp_path / "no-trust-list"}


def test_valid_invalid_indeterminate_exit_codes(issued) -> None:
    hc1, dsc, empty = issued["hc1"], str(issued["dsc"]), str(issued["empty"])
    ok = _verify(hc1, "--dsc", dsc, "--trust-list", empty, "--json")
    report = json.loads(ok.stdout)
    assert ok.returncode == 0 and report["verdict"] == "valid", report
    assert report["holder"]["name"] == "สมชาย ใจดี" and report["holder"]["name_icao"] == "SOMCHAI JAIDEE"
    assert report["document"]["type"] == "vaccination" and report["document"]["dose"] == "2/2"
    text = _verify(hc1, "--dsc", dsc, "--trust-list", empty).stdout.decode()
    assert text.startswith("VALID / ถูกต้อง")

    unknown = _verify(hc1, "--trust-list", empty, "--json")
    assert unknown.returncode == 2 and json.loads(unknown.stdout)["verdict"] == "indeterminate"

    later = _verify(hc1, "--dsc", dsc, "--trust-list", empty, "--at", "2099-01-01", "--json")
    assert later.returncode == 1 and any("expired" in r for r in json.loads(later.stdout)["reasons"])

    # One character of the signed payload changed: the signature no longer verifies, or decoding fails.
    middle = len(hc1) // 2
    tampered = hc1[:middle] + ("A" if hc1[middle] != "A" else "B") + hc1[middle + 1:]
    bad = _verify(tampered, "--dsc", dsc, "--trust-list", empty, "--json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["verdict"] == "invalid"


def test_image_and_stdin(issued, tmp_path) -> None:
    png = tmp_path / "qr.png"
    png.write_bytes(qr_png(issued["hc1"]))
    from_image = _verify(str(png), "--dsc", str(issued["dsc"]), "--trust-list", str(issued["empty"]))
    assert from_image.returncode == 0, from_image.stdout
    from_stdin = _verify("-", "--dsc", str(issued["dsc"]), "--trust-list", str(issued["empty"]),
                         stdin=issued["hc1"].encode())
    assert from_stdin.returncode == 0
    no_rules = _verify(issued["hc1"], "--dsc", str(issued["dsc"]), "--trust-list", str(issued["empty"]),
                       "--no-rules", "--json")
    assert all(c["name"] != "rules" for c in json.loads(no_rules.stdout)["checks"])


def test_garbage_truncated_and_oversized_inputs(issued, tmp_path) -> None:
    dsc, empty = str(issued["dsc"]), str(issued["empty"])
    for text in ("HC1:", "HC1:!!!!", issued["hc1"][:40], "HC1:" + "A" * 5000):
        result = _verify(text, "--dsc", dsc, "--trust-list", empty)
        assert result.returncode == 1, (text[:20], result.stdout, result.stderr)
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(os.urandom(4096))
    assert _verify(str(garbage)).returncode == 3
    fake_png = tmp_path / "broken.png"
    fake_png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    result = _verify(str(fake_png))
    assert result.returncode == 3 and b"cannot read the image" in result.stderr
    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("L", (64, 64), 255).save(blank)
    assert _verify(str(blank)).returncode == 3
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)
    result = _verify(str(huge))
    assert result.returncode == 3 and b"larger than" in result.stderr
    assert _verify("not-a-file-and-not-qr-text").returncode == 3
    assert _verify(issued["hc1"], "--at", "yesterday-ish").returncode == 3
    bomb = _verify("HC1:" + "0" * 200, "--trust-list", empty)
    assert bomb.returncode == 1


def test_business_rules_are_configurable(authority, tmp_path) -> None:
    from mohpromt_ca.authority.dsc import issue_dsc

    dsc = issue_dsc(authority)
    pem = tmp_path / "dsc.pem"
    pem.write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    partial = sample("vaccination")
    partial["vaccination"]["dose_number"] = 1
    hc1 = DccIssuer(authority).issue(partial).hc1
    test = sample("test")
    import datetime as dt

    sampled = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=10)
    test["test"]["sample_collected_at"] = sampled.isoformat()
    test_hc1 = DccIssuer(authority).issue(test).hc1
    base = ["--dsc", str(pem), "--trust-list", str(tmp_path / "none"), "--json"]
    strict = json.loads(_verify(hc1, *base).stdout)
    assert strict["verdict"] == "invalid" and any("series is not complete" in r for r in strict["reasons"])
    assert json.loads(_verify(hc1, *base, "--accept-partial-vaccination").stdout)["verdict"] == "valid"
    assert json.loads(_verify(test_hc1, *base).stdout)["verdict"] == "valid"  # 10 h old, default 72 h
    older = json.loads(_verify(test_hc1, *base, "--test-max-age-hours", "6").stdout)
    assert older["verdict"] == "invalid" and any("6 hours" in r for r in older["reasons"])
