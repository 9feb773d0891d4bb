"""The issuance API over real HTTP (uvicorn on loopback), on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy
import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]

VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}
PROBLEM = "application/problem+json"


@pytest.fixture
def server(authority) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.app import create_service_app

    with serving(create_service_app(authority)) as url:
        yield url


@pytest.fixture
def world(authority, approved_facility):  # type: ignore[no-untyped-def]
    """Two approved facilities, a physician at each, a DSC, and API keys."""
    from mohpromt_ca.application.accounts import create_api_key
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    other = register_facility(authority, type="medical-clinic", licence="LIC-OTHER-1", name_th="คลินิกอื่น",
                              name_en="Other Clinic")
    decide_facility(authority, other.id, "approve")
    ours = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer
    second = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.23456",
                          name_th="แพทย์หญิง สมศรี ดีใจ", name_en="Somsri Deejai").signer
    theirs = enrol_signer(authority, facility_id=other.id, profession="physician", licence="ว.54321",
                          name_th="นายแพทย์ อื่น", name_en="Other Doctor").signer
    issue_dsc(authority)
    return {
        "facility": approved_facility, "other": other, "signer": ours, "second": second, "their_signer": theirs,
        "key": create_api_key(authority, facility_id=approved_facility.id)[1],
        "signer_key": create_api_key(authority, signer_id=ours.id)[1],
        "second_key": create_api_key(authority, signer_id=second.id)[1],
        "their_key": create_api_key(authority, facility_id=other.id)[1],
    }


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _pdf_request(world: dict[str, Any], number: str, signer: str = "signer") -> dict[str, Any]:
    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type("general-health").sample)
    data["facility"]["licence"] = world["facility"].licence if signer != "their_signer" else world["other"].licence
    data["signer"]["licence_no"] = {"signer": "12345", "second": "23456", "their_signer": "54321"}[signer]
    data["signer"]["profession"] = "physician"
    data["document_number"] = number
    return {"type": "general-health", "data": data, "signer_id": world[signer].id, "level": "B-B"}


def _is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body = response.json()
    assert body["status"] == status and body["code"] and body["title"]
    return body


def test_issue_download_status_revoke_pdf_and_dcc(server, world, authority):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from mohpromt_ca.storage.models import AuditEntry, IssuedDocument

    with httpx.Client(base_url=server, timeout=60) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        schema = client.get("/api/v1/openapi.json").json()
        assert "/api/v1/documents/pdf" in schema["paths"] and "/api/v1/documents/dcc" in schema["paths"]
        assert client.get("/pki/certs/root.crt").headers["content-type"] == "application/pkix-cert"

        # a PDF, retried with the same Idempotency-Key: one document
        body = _pdf_request(world, "API-PDF-0001")
        headers = {**_auth(world["key"]), "Idempotency-Key": "order-1"}
        first = client.post("/api/v1/documents/pdf", json=body, headers=headers)
        assert first.status_code == 201, first.text
        issued = first.json()
        assert issued["document_number"] == "API-PDF-0001" and issued["status"] == "valid"
        retry = client.post("/api/v1/documents/pdf", json=body, headers=headers)
        assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json()["document_number"] == issued["document_number"]
        assert retry.json()["sha256"] == issued["sha256"]
        changed = copy.deepcopy(body)
        changed["data"]["document_number"] = "API-PDF-0002"
        _is_problem(client.post("/api/v1/documents/pdf", json=changed, headers=headers), 422)
        # the same number without a key is a second request for an issued document: refused
        _is_problem(client.post("/api/v1/documents/pdf", json=body, headers=_auth(world["key"])), 409)

        pdf = client.get(issued["download_url"], headers=_auth(world["key"]))
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")
        import hashlib

        assert hashlib.sha256(pdf.content).hexdigest() == issued["sha256"]
        artefact = authority.settings.data_dir / "documents" / f"{issued['sha256']}.pdf"
        if authority.register.shared:  # PostgreSQL: kept in the register, for every node to serve
            assert not artefact.exists()
        else:
            assert artefact.stat().st_mode & 0o777 == 0o600 and artefact.parent.stat().st_mode & 0o777 == 0o700

        # a DCC from typed input, retried: the same UVCI
        dcc_headers = {**_auth(world["signer_key"]), "Idempotency-Key": "vax-1"}
        dcc = client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=dcc_headers)
        assert dcc.status_code == 201, dcc.text
        signed = dcc.json()
        assert signed["hc1"].startswith("HC1:") and signed["uvci"] and signed["kid"]
        again = client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=dcc_headers)
        assert again.json()["uvci"] == signed["uvci"] and again.json()["hc1"] == signed["hc1"]
        # the same key from another principal is another request
        other = client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                            headers={**_auth(world["key"]), "Idempotency-Key": "vax-1"})
        assert other.status_code == 201 and other.json()["uvci"] != signed["uvci"]

        uvci_path = urllib.parse.quote(signed["uvci"], safe="")
        status = client.get(f"/api/v1/documents/{uvci_path}", headers=_auth(world["signer_key"]))
        assert status.status_code == 200 and status.json()["status"] == "valid"
        assert status.json()["kind"] == "dcc"
        revoked = client.post(f"/api/v1/documents/{uvci_path}/revoke", json={"reason": "error"},
                              headers=_auth(world["signer_key"]))
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["status"] == "revoked" and revoked.json()["revocation_reason"] == "error"
        _is_problem(client.post(f"/api/v1/documents/{uvci_path}/revoke", headers=_auth(world["signer_key"])), 409)

        number = urllib.parse.quote(issued["document_number"], safe="")
        revoked = client.post(f"/api/v1/documents/{number}/revoke", headers=_auth(world["key"]))
        assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
        assert client.get(f"/api/v1/documents/{number}", headers=_auth(world["key"])).json()["status"] == "revoked"

    with authority.register.reading() as session:
        assert session.execute(select(IssuedDocument).where(
            IssuedDocument.document_number == "API-PDF-0001")).scalars().all().__len__() == 1
        actions = session.execute(select(AuditEntry.actor, AuditEntry.action)).all()
    key_id = world["key"].split("_")[1]
    assert (f"api-key:{key_id}", "pdf.issue") in actions and (f"api-key:{key_id}", "pdf.revoke") in actions
    assert any(a == "dcc.revoke" and actor.startswith("api-key:") for actor, a in actions)


def test_cross_facility_and_cross_signer_refused(server, world):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=server, timeout=60) as client:
        # signing with another facility's signer, or another signer's key
        _is_problem(client.post("/api/v1/documents/pdf", json=_pdf_request(world, "X-1", "their_signer"),
                                headers=_auth(world["key"])), 403)
        _is_problem(client.post("/api/v1/documents/pdf", json=_pdf_request(world, "X-2", "second"),
                                headers=_auth(world["signer_key"])), 403)
        _is_problem(client.post("/api/v1/documents/pdf", json={**_pdf_request(world, "X-3"), "signer_id": 999999},
                                headers=_auth(world["key"])), 403)

        issued = client.post("/api/v1/documents/pdf", json=_pdf_request(world, "OURS-1"),
                             headers=_auth(world["signer_key"]))
        assert issued.status_code == 201, issued.text
        dcc = client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=_auth(world["key"])).json()
        for path in ("/api/v1/documents/OURS-1", "/api/v1/documents/OURS-1/pdf",
                     f"/api/v1/documents/{urllib.parse.quote(dcc['uvci'], safe='')}"):
            _is_problem(client.get(path, headers=_auth(world["their_key"])), 403)
        _is_problem(client.post("/api/v1/documents/OURS-1/revoke", headers=_auth(world["their_key"])), 403)
        # another signer of the same facility sees only its own documents
        _is_problem(client.get("/api/v1/documents/OURS-1", headers=_auth(world["second_key"])), 403)
        assert client.get("/api/v1/documents/OURS-1", headers=_auth(world["key"])).status_code == 200
        assert client.get("/api/v1/documents/OURS-1", headers=_auth(world["signer_key"])).status_code == 200
        _is_problem(client.get("/api/v1/documents/NOPE-1", headers=_auth(world["key"])), 404)


def test_unauthenticated_and_revoked_keys_refused(server, world, authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import revoke_api_key

    with httpx.Client(base_url=server, timeout=60) as client:
        refused = _is_problem(client.post("/api/v1/documents/dcc", json={"data": VACCINATION}), 401)
        assert refused["code"] == "unauthenticated"
        _is_problem(client.get("/api/v1/documents/X", headers={"Authorization": "Bearer mpk_nope"}), 401)
        _is_problem(client.get("/api/v1/documents/X", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)
        revoke_api_key(authority, world["key"].split("_")[1])
        response = client.post("/api/v1/documents/dcc", json={"data": VACCINATION}, headers=_auth(world["key"]))
        assert _is_problem(response, 401)["title"] == "this API key was revoked"
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_bad_input_is_4xx_problem_never_500(server, world):  # type: ignore[no-untyped-def]
    key = _auth(world["key"])
    with httpx.Client(base_url=server, timeout=60) as client:
        big = b'{"data": "' + b"x" * (1024 * 1024 + 10) + b'"}'
        _is_problem(client.post("/api/v1/documents/dcc", content=big,
                                headers={**key, "Content-Type": "application/json"}), 413)

        def chunked() -> Iterator[bytes]:
            for _ in range(20):
                yield b"x" * 65536

        _is_problem(client.post("/api/v1/documents/dcc", content=chunked(),
                                headers={**key, "Content-Type": "application/json"}), 413)
        cases = [
            ("/api/v1/documents/dcc", b"{not json"),
            ("/api/v1/documents/dcc", b"[]"),
            ("/api/v1/documents/dcc", b'{"data": {}}'),
            ("/api/v1/documents/dcc", b'{"data": {"holder": 7}}'),
            ("/api/v1/documents/dcc", b'{"data": {}, "type": "flu"}'),
            ("/api/v1/documents/pdf", b'{"type": "general-health", "data": {}, "signer_id": 1}'),
            ("/api/v1/documents/pdf", b'{"type": "no-such-type", "data": {}, "signer_id": %d}' % world["signer"].id),
            ("/api/v1/documents/pdf", b'{"type": "general-health", "data": {"x": 1}, "signer_id": %d}'
             % world["signer"].id),
            ("/api/v1/documents/pdf", b'{"type": "general-health", "data": {}, "signer_id": "one"}'),
            ("/api/v1/documents/pdf", b'{"type": "general-health", "data": {}, "signer_id": 99999999999999}'),
        ]
        for path, payload in cases:
            response = client.post(path, content=payload, headers={**key, "Content-Type": "application/json"})
            assert 400 <= response.status_code < 500, (payload, response.status_code, response.text)
            assert response.headers["content-type"].startswith(PROBLEM), (payload, response.text)
        bad_level = _pdf_request(world, "LVL-1")
        bad_level["level"] = "B-Z"
        response = client.post("/api/v1/documents/pdf", json=bad_level, headers=key)
        assert 400 <= response.status_code < 500 and response.headers["content-type"].startswith(PROBLEM)
        response = client.post("/api/v1/documents/dcc", json={"data": VACCINATION},
                               headers={**key, "Idempotency-Key": "k" * 300})
        _is_problem(response, 422)
        _is_problem(client.get("/api/v1/documents/" + "x" * 300, headers=key), 404)
        _is_problem(client.post("/api/v1/documents/NOPE/revoke", json={"reason": "bored"}, headers=key), 422)
