"""A service app with an RA officer, two approved facilities (an administrator and a physician
at each), a DSC, and helpers that log in and pull CSRF tokens out of pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture
def world(authority, approved_facility) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import create_user
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility

    other = register_facility(authority, type="medical-clinic", licence="LIC-OTHER-1", name_th="คลินิกอื่น",
                              name_en="Other Clinic")
    decide_facility(authority, other.id, "approve")
    ours = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="สมชาย ใจดี", name_en="Somchai Jaidee").signer
    second = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.23456",
                          name_th="สมศรี ดีใจ", name_en="Somsri Deejai").signer
    theirs = enrol_signer(authority, facility_id=other.id, profession="physician", licence="ว.54321",
                          name_th="หมอ อื่น", name_en="Other Doctor").signer
    issue_dsc(authority)
    create_user(authority, username="officer", password=PASSWORD, role="ra-officer")
    create_user(authority, username="admin", password=PASSWORD, role="facility-admin", facility_id=approved_facility.id)
    create_user(authority, username="their-admin", password=PASSWORD, role="facility-admin", facility_id=other.id)
    create_user(authority, username="doctor", password=PASSWORD, role="signer", signer_id=ours.id)
    create_user(authority, username="doctor2", password=PASSWORD, role="signer", signer_id=second.id)
    create_user(authority, username="their-doctor", password=PASSWORD, role="signer", signer_id=theirs.id)
    return {"facility": approved_facility, "other": other, "signer": ours, "second": second, "their_signer": theirs}


@pytest.fixture
def app(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.app import create_service_app

    return create_service_app(authority)


@pytest.fixture
def client(app) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, follow_redirects=False) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/web/login").text)
    return client.post("/web/login", data={"csrf_token": token, "username": username, "password": password})


def token_for(client: Any, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code, page.text[:500])
    return csrf_of(page.text)
