"""Guards over the web pages as a whole: every POST under /web is CSRF-checked before anything
else, and public registration never leaves a pending facility without its administrator."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from fastapi.routing import APIRoute

from tests.service.web.conftest import PASSWORD, login, token_for  # type: ignore[import-not-found]


def _api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, whether the app lists it directly or inside an included router."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "effective_route_contexts"):  # FastAPI keeps included routers whole
            yield from _api_routes(c.original_route for c in route.effective_route_contexts())


def _web_posts(app: Any) -> list[APIRoute]:
    return [r for r in _api_routes(app.routes) if "POST" in r.methods and r.path.startswith("/web")]


def test_every_web_post_is_registered_through_the_csrf_check(app) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.web.routing import CSRF_CHECKED

    posts = _web_posts(app)
    assert len(posts) >= 10, [r.path for r in posts]
    unchecked = [r.path for r in posts if not getattr(r.endpoint, CSRF_CHECKED, False)]
    assert unchecked == []


def test_every_web_post_refuses_a_forged_token_before_anything_else(client, app, world) -> None:  # type: ignore[no-untyped-def]
    posts = _web_posts(app)
    for who in (None, "admin", "doctor", "officer"):
        if who is not None:
            assert login(client, who).status_code == 303
        for route in posts:
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            for data in ({}, {"csrf_token": "forged"}):
                refused = client.post(path, data=data)
                assert refused.status_code == 403 and "แบบฟอร์มหมดอายุ" in refused.text, (who, path, data)
    assert login(client, "officer").status_code == 303  # and no post above logged anyone out


def _registration(client: Any, username: str, licence: str) -> dict[str, str]:
    return {"csrf_token": token_for(client, "/web/register"), "type": "medical-clinic", "licence": licence,
            "name_th": "คลินิกแข่ง", "name_en": "Racing Clinic", "contact": "", "username": username,
            "password": PASSWORD, "password2": PASSWORD}


def _facility(authority: Any, licence: str) -> Any:
    from sqlalchemy import select

    from mohpromt_ca.storage.models import Facility

    with authority.register.reading() as db:
        f = db.execute(select(Facility).where(Facility.licence == licence)).scalar_one()
        return SimpleNamespace(id=f.id, status=f.status, reason=f.reason, decided_by=f.decided_by)


def _admins(authority: Any, facility_id: int) -> list[str]:
    from sqlalchemy import select

    from mohpromt_ca.storage.models import ServiceUser

    with authority.register.reading() as db:
        return list(db.execute(select(ServiceUser.username).where(ServiceUser.facility_id == facility_id,
                                                                  ServiceUser.role == "facility-admin")).scalars())


def test_registration_losing_a_username_race_leaves_no_pending_facility(client, authority, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application import accounts

    real = accounts.create_user

    def racing(target: Any, **kwargs: Any) -> Any:
        if kwargs.get("role") == "facility-admin":  # another applicant takes the name after the check
            real(authority, username=kwargs["username"], password=PASSWORD, role="ra-officer")
        return real(target, **kwargs)

    monkeypatch.setattr(accounts, "create_user", racing)
    lost = client.post("/web/register", data=_registration(client, "racer", "LIC-RACE-1"))
    assert lost.status_code == 422
    assert "racer" in lost.text and "RA" in lost.text and "รอเจ้าหน้าที่ RA อนุมัติ" not in lost.text
    facility = _facility(authority, "LIC-RACE-1")
    assert facility.status == "rejected" and "administrator" in (facility.reason or "")
    assert _admins(authority, facility.id) == [] and facility.decided_by == "web:registration"


def test_registration_failing_unexpectedly_after_the_facility_rejects_it(client, authority, monkeypatch) -> None:  # type: ignore[no-untyped-def]

    from mohpromt_ca.application import accounts

    def broken(target: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(accounts, "create_user", broken)
    failed = client.post("/web/register", data=_registration(client, "unlucky", "LIC-RACE-2"))
    # a page in Thai and English (web.error_pages), not a traceback nor the exception's words
    assert failed.status_code == 500 and "ระบบขัดข้อง" in failed.text and "went away" not in failed.text
    facility = _facility(authority, "LIC-RACE-2")
    assert facility.status == "rejected" and "RuntimeError" in (facility.reason or "")


def test_registration_that_succeeds_is_pending_with_its_administrator(client, authority) -> None:  # type: ignore[no-untyped-def]
    done = client.post("/web/register", data=_registration(client, "winner", "LIC-RACE-3"))
    assert done.status_code == 200 and "รอเจ้าหน้าที่ RA อนุมัติ" in done.text
    facility = _facility(authority, "LIC-RACE-3")
    assert facility.status == "pending" and _admins(authority, facility.id) == ["winner"]
