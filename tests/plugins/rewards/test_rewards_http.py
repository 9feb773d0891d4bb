"""The rewards plugin against the real service: loaded into create_service_app through an
entry point, served by uvicorn, called with an API key; then the same module out of process
(its own SQLite engine, HttpClient)."""

from __future__ import annotations

import base64
import datetime as dt
from importlib.metadata import EntryPoint

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]

from .helpers import CITIZEN_2, flow_to_voucher


@pytest.fixture
def service_with_rewards(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    registry = PluginRegistry().load([EntryPoint("rewards", "mohpromt_plugins.rewards:RewardsPlugin",
                                                 "mohpromt_ca.plugins")])
    _info, token = create_api_key(authority, facility_id=approved_facility.id)
    with serving(create_service_app(authority, plugins=registry)) as url:
        yield url, token


def test_flow_over_http(service_with_rewards) -> None:  # type: ignore[no-untyped-def]
    url, token = service_with_rewards
    auth = {"Authorization": f"Bearer {token}"}
    base = f"{url}/plugins/rewards"
    assert httpx.get(f"{url}/plugins").json()["loaded"][0]["name"] == "rewards"
    assert httpx.get(f"{base}/rules").status_code == 401
    assert httpx.get(f"{base}/rules", headers=auth).json()["points_per_baht"] == 10
    assert httpx.post(f"{base}/partners", json={"code": "shop-9", "name": "ร้านป้าแดง"}, headers=auth).status_code == 201
    made = httpx.post(f"{base}/volunteers", json={"citizen_id": CITIZEN_2, "name": "มาลี"}, headers=auth)
    assert made.status_code == 201, made.text
    ref = made.json()["ref"]
    today = dt.date.today().isoformat()
    for kind, qty in (("home_visit", 6), ("dengue_larvae_survey", 10)):
        r = httpx.post(f"{base}/volunteers/{ref}/activities", json={"kind": kind, "date": today, "quantity": qty},
                       headers=auth)
        assert r.status_code == 201, r.text
    assert httpx.get(f"{base}/volunteers/{ref}", headers=auth).json()["balance"] == 110
    bought = httpx.post(f"{base}/volunteers/{ref}/vouchers", json={"points": 100, "partner": "shop-9"}, headers=auth)
    assert bought.status_code == 201, bought.text
    voucher = bought.json()
    assert voucher["text"].startswith("MPV1:") and voucher["balance"] == 10
    png = httpx.get(f"{base}/{voucher['qr_png']}", headers=auth)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    again = httpx.post(f"{base}/volunteers/{ref}/vouchers", json={"points": 100}, headers=auth)
    assert again.status_code == 422 and again.json()["code"] == "insufficient-points"

    first = httpx.post(f"{base}/redemptions", json={"voucher": voucher["text"], "partner": "shop-9"}, headers=auth)
    assert first.status_code == 201, first.text
    second = httpx.post(f"{base}/redemptions", json={"voucher": voucher["text"], "partner": "shop-9"}, headers=auth)
    assert second.status_code == 409 and second.json()["code"] == "already-redeemed"
    assert "already redeemed" in second.json()["title"]
    # trust material for partners' offline verifiers is public
    trust = httpx.get(f"{url}/api/v1/vouchers/trust")
    assert trust.status_code == 200 and trust.text.count("BEGIN CERTIFICATE") == 2


def test_only_integrator_keys_of_approved_facilities_get_vouchers(authority, service_with_rewards) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import register_facility
    from mohpromt_ca.service.accounts import create_api_key

    url, token = service_with_rewards
    body = {"volunteer_ref": "V-TEST000001", "points": 100, "value_baht": 10}
    assert httpx.post(f"{url}/api/v1/vouchers", json=body).status_code == 401
    pending = register_facility(authority, type="medical-clinic", licence="RW-P", name_th="รอ", name_en="Pending")
    _i, pending_token = create_api_key(authority, facility_id=pending.id)
    refused = httpx.post(f"{url}/api/v1/vouchers", json=body, headers={"Authorization": f"Bearer {pending_token}"})
    assert refused.status_code == 403
    ok = httpx.post(f"{url}/api/v1/vouchers", json=body, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 201 and ok.json()["text"].startswith("MPV1:")
    bad = httpx.post(f"{url}/api/v1/vouchers", json={**body, "volunteer_ref": "1101700230708"},
                     headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code in (400, 422) and "citizen ID" in bad.json()["title"]


def test_out_of_process_module_with_http_client(tmp_path, service_with_rewards) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.plugins.http_client import HttpClient
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace
    from mohpromt_ca.storage.secret_files import load_or_create_secret
    from mohpromt_plugins.rewards import AlreadyRedeemed, RewardsService

    url, token = service_with_rewards
    service = RewardsService(PluginNamespace.standalone("rewards", f"sqlite:///{tmp_path / 'rewards.sqlite3'}"),
                             clock=SYSTEM_CLOCK,
                             citizen_key=load_or_create_secret(tmp_path / "rewards" / "citizen-hash.key"))
    with HttpClient(url, token) as client:
        _volunteer, bought = flow_to_voucher(service, client)
        assert service.redeem(client, bought.text, "shop-1").voucher_id == bought.voucher_id
        with pytest.raises(AlreadyRedeemed):
            service.redeem(client, bought.text, "shop-1")
    assert base64.b64decode(base64.b64encode(bought.qr_png()))[:4] == b"\x89PNG"
