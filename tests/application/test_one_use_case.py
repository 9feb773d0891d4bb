"""The API, the CLI and the in-process plugin client reach the same use cases: a document
revoked through any one of them is revoked for the others, on the document revocation list
(PDFs) or the EU DCC revocation list (DCCs), and cannot be revoked a second time anywhere.
Real service over HTTP, the real ``mohpromt-ca`` command in a subprocess, on SQLite and
PostgreSQL."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import urllib.parse
from typing import Any

import httpx

from tests.conftest import TEST_PASSPHRASE, serving  # type: ignore[import-not-found]
from tests.service.test_api import VACCINATION, _auth, _pdf_request, world  # type: ignore[import-not-found]  # noqa: F401


def _cli(authority: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOHPROMT_DATA_DIR": str(authority.settings.data_dir),
           "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE, "MOHPROMT_ACTOR": "cli-officer"}
    env.pop("MOHPROMT_DATABASE_URL", None)
    if authority.settings.database_url:
        env["MOHPROMT_DATABASE_URL"] = authority.settings.database_url
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", *args], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _path(number: str) -> str:
    return urllib.parse.quote(number, safe="")


def test_a_revocation_through_any_edge_holds_for_all(authority, world, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811,E501
    from mohpromt_ca.application.document_revocations import dcc_revocations, revoked_documents
    from mohpromt_ca.application.in_process_client import InProcessClient
    from mohpromt_ca.plugins.events import DocumentRevoked, EventBus
    from mohpromt_ca.service.app import create_service_app

    bus = EventBus()
    revocations: list[Any] = []
    bus.subscribe(DocumentRevoked, revocations.append)
    client = InProcessClient(authority, actor="plugin:test", bus=bus)
    key = _auth(world["signer_key"])
    with serving(create_service_app(authority)) as url, httpx.Client(base_url=url, timeout=120) as api:
        by_api = api.post("/api/v1/documents/pdf", json=_pdf_request(world, "EDGE-PDF-1"), headers=key)
        assert by_api.status_code == 201, by_api.text
        dcc = api.post("/api/v1/documents/dcc", json={"data": copy.deepcopy(VACCINATION)}, headers=key)
        assert dcc.status_code == 201, dcc.text
        in_process = client.issue_pdf("general-health", _pdf_request(world, "EDGE-PDF-2")["data"],
                                      signer_id=world["signer"].id, level="B-B")
        pdf_1, uvci = by_api.json(), dcc.json()["uvci"]

        # 1. API-issued PDF revoked in process: the API and the list see it
        revoked = client.revoke_document("EDGE-PDF-1", reason="error")
        assert (revoked.status, revoked.revocation_reason) == ("revoked", "error")
        status = api.get(f"/api/v1/documents/{_path('EDGE-PDF-1')}", headers=key).json()
        assert (status["status"], status["revocation_reason"]) == ("revoked", "error")
        again = api.post(f"/api/v1/documents/{_path('EDGE-PDF-1')}/revoke", json={"reason": "fraud"}, headers=key)
        assert again.status_code == 409 and again.json()["code"] == "already-revoked"

        # 2. in-process PDF revoked through the API: the client sees it
        assert api.post(f"/api/v1/documents/{_path('EDGE-PDF-2')}/revoke", json={"reason": "superseded"},
                        headers=key).status_code == 200
        seen = client.document_status("EDGE-PDF-2")
        assert (seen.status, seen.revocation_reason) == ("revoked", "superseded")

        # 3. API-issued DCC revoked by the CLI: the API, the client and the EU list see it
        done = _cli(authority, "dcc", "revoke", uvci, "--reason", "fraud", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["uvci"] == uvci
        assert api.get(f"/api/v1/documents/{_path(uvci)}", headers=key).json()["status"] == "revoked"
        assert client.document_status(uvci).revocation_reason == "fraud"
        twice = _cli(authority, "dcc", "revoke", uvci)
        assert twice.returncode != 0 and "already revoked" in twice.stderr
        in_list = api.get("/trust-lists/documents-revoked.txt")
        assert in_list.status_code == 200

    # the lists read the one table: both PDFs by hash, the DCC with its EU data
    assert {r.sha256 for r in revoked_documents(authority)} == {pdf_1["sha256"], in_process.sha256}
    for sha in (pdf_1["sha256"], in_process.sha256):
        assert sha.encode() in in_list.content
    [entry] = dcc_revocations(authority)
    assert entry.uvci == uvci and entry.reason == "fraud"
    assert entry.signature_hash is not None  # the service kept the HC1 text, so the CLI published that hash too
    exported = tmp_path / "documents-revoked.txt"
    assert _cli(authority, "trust-list", "export", "--format", "document-revocation", "-o",
                str(exported)).returncode == 0
    assert pdf_1["sha256"].encode() in exported.read_bytes()

    # the plugin bus heard the revocation the client made (the API's went to the service's bus)
    assert [(e.number, e.reason, e.actor) for e in revocations] == [("EDGE-PDF-1", "error", "plugin:test")]
