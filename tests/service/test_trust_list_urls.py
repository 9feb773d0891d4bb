"""The service publishes our signed lists at stable URLs with ETag; a border post imports by URL."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]
from tests.issuer.conftest import sample  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def service(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.app import create_service_app

    with serving(create_service_app(authority)) as url:
        yield url


def test_published_lists_etag_and_import_by_url(authority, service, tmp_path) -> None:
    from mohpromt_ca.authority.dcc_revocation import revoke_dcc
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.issuer.dcc.service import DccIssuer

    issue_dsc(authority)
    signed = DccIssuer(authority).issue(sample("vaccination"))
    first = httpx.get(f"{service}/trust-lists/dsc-national.txt")
    assert first.status_code == 200 and first.headers["etag"] and "max-age" in first.headers["cache-control"]
    again = httpx.get(f"{service}/trust-lists/dsc-national.txt")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert httpx.get(f"{service}/trust-lists/dsc-national.txt",
                     headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    for name in ("dsc-gateway.json", "revocations.txt", "anchors.pem", "anchors-tsl.xml", "signer.pem"):
        assert httpx.get(f"{service}/trust-lists/{name}").status_code == 200, name
    assert httpx.get(f"{service}/trust-lists/nothing.txt").status_code == 404

    signer = tmp_path / "signer.pem"
    signer.write_bytes(httpx.get(f"{service}/trust-lists/signer.pem").content)
    border = {k: v for k, v in os.environ.items() if not k.startswith("MOHPROMT_")}
    cache = str(tmp_path / "border-cache")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                              env=border, stdin=subprocess.DEVNULL)

    assert cli("trust-list", "import", f"{service}/trust-lists/dsc-national.txt", "--anchor", str(signer),
               "--trust-list", cache).returncode == 0
    assert cli("verify", signed.hc1, "--trust-list", cache).returncode == 0

    before = httpx.get(f"{service}/trust-lists/revocations.txt").headers["etag"]
    revoke_dcc(authority, signed.uvci)
    after = httpx.get(f"{service}/trust-lists/revocations.txt")
    assert after.headers["etag"] != before  # rebuilt at once: what it lists changed
    assert cli("trust-list", "import", f"{service}/trust-lists/revocations.txt", "--anchor", str(signer),
               "--trust-list", cache).returncode == 0
    assert cli("verify", signed.hc1, "--trust-list", cache).returncode == 1
    assert cli("trust-list", "update", "--trust-list", cache).returncode == 0  # re-fetches both URLs


def test_index_names_the_configured_base_url_not_the_host_header(authority, service, monkeypatch) -> None:
    """GET /trust-lists/ builds its URLs from MOHPROMT_BASE_URL: a client's Host header (or the
    reverse proxy's inside view) names nothing; only with no base URL set is the request's
    address the fallback."""
    from mohpromt_ca.authority.trust_list_export import PUBLISHED
    from mohpromt_ca.config import Settings

    public = "https://pki.moph.example/ca"
    configured = authority.settings.model_copy(update={"base_url": public})
    assert "base_url" in configured.model_fields_set
    monkeypatch.setattr(authority, "settings", configured)
    listed = httpx.get(f"{service}/trust-lists/", headers={"Host": "attacker.example"}).json()
    assert listed["signer"] == f"{public}/trust-lists/signer.pem"
    assert {item["url"] for item in listed["lists"]} == {f"{public}/trust-lists/{name}" for name in PUBLISHED}

    unset = Settings(**authority.settings.model_dump(exclude={"base_url"}))
    assert "base_url" not in unset.model_fields_set
    monkeypatch.setattr(authority, "settings", unset)
    listed = httpx.get(f"{service}/trust-lists/").json()
    assert listed["signer"] == f"{service}/trust-lists/signer.pem"
    assert all(item["url"].startswith(f"{service}/trust-lists/") for item in listed["lists"])
    assert httpx.get(listed["signer"]).status_code == 200
