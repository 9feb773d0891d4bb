"""Issue 13 part 4: the QR printed on every PDF verifies at the border.

A border post imports what the service publishes (`trust-list export --all`, or the URLs
`GET /trust-lists/` names) with the trust-list signer pinned, then verifies a PNG of the
printed page with no `--signer-cert`: valid; after the signer is revoked and the lists are
re-exported and re-imported: not valid; a tampered list is refused and the last good one stays.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from tests.conftest import free_port, serving  # type: ignore[import-not-found]
from tests.issuer.pdf.conftest import data_for  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

VERIFY = str(Path(sys.executable).with_name("mohpromt-verify"))  # the verifier distribution's console scripts
VERIFIER = str(Path(sys.executable).with_name("mohpromt-verifier"))


@pytest.fixture
def printed(authority, approved_facility, tmp_path):  # type: ignore[no-untyped-def]
    """A PDF we issued, page 1 rasterised as a checker would scan it, and its signer."""
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.registration.desk import enrol_signer

    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.24680",
                          name_th="แพทย์หญิง สมศรี ดีมาก", name_en="Somsri Deemak")
    data = data_for("general-health", approved_facility, "ว.24680", number="BORDER-1")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(microsecond=0)
    data.update(issued_at=today.isoformat(), history_declared_on=today.date().isoformat(),
                exam_date=today.date().isoformat())
    pdf = PdfIssuer(authority).issue("general-health", data, signer_id=signer.signer.id, level="B-B").pdf
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", "-", str(tmp_path / "page")],
                   input=pdf, check=True)
    anchor = tmp_path / "th-trust-list-signer.pem"
    from mohpromt_ca.authority.trust_list_signer import trust_list_key

    anchor.write_bytes(trust_list_key(authority).certificate.public_bytes(Encoding.PEM))
    return {"png": tmp_path / "page.png", "signer": signer, "anchor": anchor}


def _border_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOHPROMT_")}
    env["MOHPROMT_DATA_DIR"] = str(tmp_path / "border")
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _import_all(directory: Path, anchor: Path, cache: Path, env: dict[str, str]) -> list[str]:
    names = sorted(p.name for p in directory.iterdir())
    for name in names:
        done = _run([VERIFIER, "trust-list", "import",
                     str(directory / name), "--anchor", str(anchor), "--trust-list", str(cache)], env)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    return names


def _verdicts(png: Path, cache: Path, env: dict[str, str]) -> list[tuple[int, dict[str, object]]]:
    """(exit code, the MPC1 report) from `mohpromt-ca verify` and from `mohpromt-verify`."""
    out = []
    for command in ([sys.executable, "-m", "mohpromt_ca.cli", "verify"], [VERIFY]):
        result = _run([*command, str(png), "--trust-list", str(cache), "--json"], env)
        document = json.loads(result.stdout)
        reports = document.get("reports", [document])
        summaries = [r for r in reports if r.get("kind") == "summary" or r.get("type") == "summary"]
        assert len(summaries) == 1, result.stdout
        out.append((result.returncode, summaries[0]))
    return out


def test_printed_qr_verifies_at_the_border_and_stops_after_revocation(authority, printed, cli, tmp_path) -> None:
    from mohpromt_ca.authority.revocation import revoke

    env = _border_env(tmp_path)
    exported = tmp_path / "published"
    cli("trust-list", "export", "--all", "-o", str(exported))
    cache = tmp_path / "border-cache"
    names = _import_all(exported, printed["anchor"], cache, env)
    assert "document-signers.txt" in names and "anchors-tsl.xml" in names
    for code, report in _verdicts(printed["png"], cache, env):
        assert code == 0, report
        assert report["verdict"] == "valid", report
        assert report["document"]["document_number"] == "BORDER-1"  # type: ignore[index]
        checks = json.dumps(report)
        assert "chains to a trusted root" in checks and "signed by the certificate's signer" in checks

    revoke(authority, printed["signer"].certificate.serial_number, "keyCompromise")
    again = tmp_path / "published-2"
    cli("trust-list", "export", "--all", "-o", str(again))
    _import_all(again, printed["anchor"], cache, env)
    for code, report in _verdicts(printed["png"], cache, env):
        assert code != 0 and report["verdict"] != "valid", report
        assert "signer-unknown" in json.dumps(report), report  # the revoked signer is no longer listed


def test_a_tampered_or_foreign_signers_list_is_refused(authority, printed, cli, tmp_path) -> None:
    env = _border_env(tmp_path)
    exported = tmp_path / "published"
    cli("trust-list", "export", "--all", "-o", str(exported))
    cache = tmp_path / "border-cache"
    _import_all(exported, printed["anchor"], cache, env)
    good = (exported / "document-signers.txt").read_bytes()
    signature, line = good.split(b"\n", 1)
    tampered = tmp_path / "tampered.txt"
    tampered.write_bytes(signature + b"\n" + line.replace(b'"country":"TH"', b'"country":"TX"', 1))
    refused = _run([VERIFIER, "trust-list", "import", str(tampered),
                    "--anchor", str(printed["anchor"]), "--trust-list", str(cache)], env)
    assert refused.returncode != 0 and "signature" in refused.stderr.lower(), refused.stderr
    # signed by a key that does not chain to (is not) the pinned anchor: the root is not the list signer
    root = tmp_path / "root.pem"
    root.write_bytes(authority.certificate_of("root").public_bytes(Encoding.PEM))
    foreign = _run([VERIFIER, "trust-list", "import",
                    str(exported / "document-signers.txt"), "--anchor", str(root), "--trust-list",
                    str(tmp_path / "other-cache")], env)
    assert foreign.returncode != 0
    # the last good list stays: the QR still verifies
    for code, report in _verdicts(printed["png"], cache, env):
        assert code == 0, report

    # without the anchors list the signer is listed but chains to nothing trusted: not valid
    bare = tmp_path / "signers-only"
    done = _run([VERIFIER, "trust-list", "import",
                 str(exported / "document-signers.txt"), "--anchor", str(printed["anchor"]),
                 "--trust-list", str(bare)], env)
    assert done.returncode == 0, done.stderr
    for code, report in _verdicts(printed["png"], bare, env):
        assert code != 0 and report["verdict"] != "valid", report
        assert "untrusted" in json.dumps(report), report


def test_index_lists_every_published_url(authority, printed, tmp_path) -> None:
    from mohpromt_ca.authority.trust_list_export import PUBLISHED
    from mohpromt_ca.service.app import create_service_app

    env = _border_env(tmp_path)
    cache = tmp_path / "border-cache"
    port = free_port()  # the index names the configured MOHPROMT_BASE_URL: make it this server
    authority.settings = authority.settings.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})
    with serving(create_service_app(authority), port=port) as url:
        index = httpx.get(f"{url}/trust-lists/")
        assert index.status_code == 200
        listed = index.json()
        assert {item["name"] for item in listed["lists"]} == set(PUBLISHED)
        assert httpx.get(listed["signer"]).status_code == 200
        for item in listed["lists"]:
            answer = httpx.get(item["url"])
            assert answer.status_code == 200 and answer.content, item
            if item["importable"]:
                done = _run([VERIFIER, "trust-list", "import",
                             item["url"], "--anchor", str(printed["anchor"]), "--trust-list", str(cache)], env)
                assert done.returncode == 0, (item, done.stderr)
    for code, report in _verdicts(printed["png"], cache, env):
        assert code == 0, report

    # the border staff's page (mohpromt-verifier serve) reads the same cache
    from mohpromt_verifier.verifier.app.app import create_verifier_app
    from mohpromt_verifier.verifier.verify_input import TrustOptions

    with serving(create_verifier_app(TrustOptions(directory=cache))) as url:
        answer = httpx.post(f"{url}/api/verify", content=printed["png"].read_bytes(),
                            headers={"Content-Type": "application/octet-stream"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["status"] == "ok", answer.text
    summaries = [r for r in answer.json()["reports"] if r["kind"] == "summary"]
    assert [r["verdict"] for r in summaries] == ["valid"], summaries


def test_signers_list_shape_is_sniffed_and_holds_signers_only(authority, printed) -> None:
    from mohpromt_ca.authority.trust_list_export import export
    from mohpromt_ca.authority.trust_list_signer import list_signer, trust_list_key
    from mohpromt_verifier.trust_lists import importer, signer_lists, two_line
    from mohpromt_verifier.trust_lists.dsc_lists import entry_for_certificate
    from mohpromt_verifier.trust_lists.errors import BadListEntry

    anchor = trust_list_key(authority).certificate
    now = authority.clock.now()
    data = export(authority, "signers")
    assert importer.sniff(data) == "signers"
    verified = importer.verify_any(data, anchor, now=now)
    assert verified.kind == "signers"
    assert [e["thumbprint"] for e in verified.entries] == [
        printed["signer"].certificate.fingerprint(hashes.SHA256()).hex()]
    dsc_typed = entry_for_certificate(printed["signer"].certificate, country="TH", now=now)  # certificateType DSC
    wrong = two_line.sign({signer_lists.KEY: [dsc_typed], "timestamp": "2026-01-01T00:00:00Z"}, list_signer(authority))
    with pytest.raises(BadListEntry):
        signer_lists.verify(wrong, anchor)
