"""The booking plugin inside the real service, called over HTTP: routes under /plugins/booking
with a facility's API key, issuing as that key (the CA's rules apply); another facility's key
neither sees nor acts on the appointment; revocations reach the plugin as events."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import httpx

from tests.conftest import serving  # type: ignore[import-not-found]
from tests.plugins.booking.helpers import (  # type: ignore[import-not-found]
    CITIZEN,
    DAY,
    booking,
    issued_count,
    vaccination_outcome,
    verify_hc1_valid,
    verify_pdf_valid,
)

GROUP = "mohpromt_ca.plugins"


def test_booking_routes_over_http(authority, approved_facility, physician, dsc) -> None:
    from mohpromt_ca.plugins.events import Event, default_bus
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.registration.desk import decide_facility, register_facility
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    registry = PluginRegistry().load([EntryPoint("booking", "mohpromt_plugins.booking:BookingPlugin", GROUP)])
    _info, token = create_api_key(authority, facility_id=approved_facility.id, label="booking")
    other = register_facility(authority, type="medical-clinic", licence="BK-OTHER-1", name_th="อื่น", name_en="Other")
    decide_facility(authority, other.id, "approve")
    _other_info, other_token = create_api_key(authority, facility_id=other.id)
    mine = {"Authorization": f"Bearer {token}"}
    theirs = {"Authorization": f"Bearer {other_token}"}

    app = create_service_app(authority, plugins=registry)
    plugin = registry.get("booking").plugin
    unsubscribe = default_bus().subscribe(Event, plugin.on_event, name="test:booking")
    try:
        with serving(app) as url, httpx.Client(base_url=f"{url}/plugins/booking", timeout=120) as http:
            assert [p["name"] for p in httpx.get(f"{url}/plugins").json()["loaded"]] == ["booking"]
            body = booking(approved_facility, physician.signer.id)
            assert http.post("/appointments", json=body).status_code == 401
            made = http.post("/appointments", json=body, headers=mine)
            assert made.status_code == 201, made.text
            appointment = made.json()
            ident = appointment["id"]
            assert appointment["status"] == "booked" and "citizen_id" not in appointment
            assert http.post("/appointments", json=body | {"kind": "x-ray"}, headers=mine).status_code == 400

            # another facility's key: not found, whatever it tries; nothing issued for it
            for method, path, payload in (("GET", f"/appointments/{ident}", None),
                                          ("POST", f"/appointments/{ident}/complete", vaccination_outcome()),
                                          ("POST", f"/appointments/{ident}/cancel", {"reason": "x"}),
                                          ("GET", f"/appointments/{ident}/documents", None),
                                          ("GET", f"/appointments/{ident}/pdf", None)):
                refused = http.request(method, path, json=payload, headers=theirs)
                assert refused.status_code in (403, 404), (path, refused.status_code, refused.text)
            assert http.get("/appointments", headers=theirs).json()["appointments"] == []
            assert http.post("/appointments/search", json={"citizen_id": CITIZEN},
                             headers=theirs).json()["appointments"] == []
            # it may book at its own facility naming our signer, but the CA refuses to sign for it
            stolen = http.post("/appointments", json=booking(approved_facility, physician.signer.id),
                               headers=theirs).json()
            failed = http.post(f"/appointments/{stolen['id']}/complete", json=vaccination_outcome(), headers=theirs)
            assert failed.status_code == 200 and failed.json()["status"] == "failed", failed.text
            assert "forbidden" in failed.json()["failure"] and failed.json()["documents"] == []
            assert issued_count(authority) == 0

            done = http.post(f"/appointments/{ident}/complete", json=vaccination_outcome(), headers=mine)
            assert done.status_code == 200, done.text
            done_body = done.json()
            assert done_body["status"] == "completed", done_body["failure"]
            docs = {d["role"]: d for d in done_body["documents"]}
            assert docs["record"]["document_number"] == f"VAC-{ident}" and docs["dcc"]["hc1"].startswith("HC1:")
            pdf = http.get(f"/appointments/{ident}/pdf", headers=mine)
            assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
            verify_pdf_valid(pdf.content, authority)
            payload = verify_hc1_valid(docs["dcc"]["hc1"], dsc.certificate)
            assert payload["v"][0]["ci"] == docs["dcc"]["document_number"]

            # issued as the caller (the API key), not as the plugin
            status = httpx.get(f"{url}/api/v1/documents/VAC-{ident}", headers=mine)
            assert status.status_code == 200 and status.json()["facility_id"] == approved_facility.id
            assert httpx.get(f"{url}/api/v1/documents/VAC-{ident}", headers=theirs).status_code in (403, 404)

            count = issued_count(authority)
            again = http.post(f"/appointments/{ident}/complete", json=vaccination_outcome(), headers=mine)
            assert again.status_code == 200 and again.json()["documents"] == done_body["documents"]
            assert issued_count(authority) == count
            assert http.post(f"/appointments/{ident}/cancel", json={}, headers=mine).status_code == 409

            listed = http.get("/appointments", params={"day": DAY}, headers=mine).json()["appointments"]
            assert [a["id"] for a in listed] == [ident]
            found = http.post("/appointments/search", json={"citizen_id": CITIZEN}, headers=mine).json()
            assert [a["id"] for a in found["appointments"]] == [ident]
            page = http.get("/page", params={"day": DAY}, headers=mine)
            assert page.status_code == 200 and "ประเสริฐ วงศ์ไทย" in page.text and f"VAC-{ident}" in page.text

            # the facility revokes the record through the API: the plugin hears it
            revoked = httpx.post(f"{url}/api/v1/documents/VAC-{ident}/revoke", json={"reason": "error"}, headers=mine)
            assert revoked.status_code == 200, revoked.text
            listed = http.get(f"/appointments/{ident}/documents", headers=mine).json()["documents"]
            after = {d["role"]: d for d in listed}
            assert after["record"]["status"] == "revoked" and after["dcc"]["status"] == "valid"
    finally:
        unsubscribe()
