"""The rewards plugin against the real service: loaded into create_service_app through an
entry point, served by uvicorn, called with an API key; then the same module out of process
(its own SQLite engine, HttpClient with the rewards module's credential). Vouchers are signed
only for that credential and once per debit of the module's ledger (issue 19, part 5)."""

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


@pytest.fixture
def rewards_token(authority) -> str:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.module_credentials import create_module_credential

    _info, token = create_module_credential(authority, label="rewards module")
    return token


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


def test_only_the_rewards_module_gets_vouchers_once_per_debit(authority, approved_facility, service_with_rewards,
                                                              rewards_token) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_verifier.formats.voucher import decode_voucher

    url, facility_token = service_with_rewards
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.54321",
                          name_th="แพทย์หญิง ทดสอบ", name_en="Test Doctor")
    _i, signer_token = create_api_key(authority, signer_id=signer.signer.id)
    body = {"volunteer_ref": "V-TEST000001", "points": 100, "value_baht": 10, "debit_id": "debit-test-0001"}

    def post(token: str | None, payload: dict[str, object]) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.post(f"{url}/api/v1/vouchers", json=payload, headers=headers)

    assert post(None, body).status_code == 401
    for other in (facility_token, signer_token):  # a facility's key, a signer's key: never
        refused = post(other, body)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.text
        assert "rewards module" in refused.json()["title"]
    no_debit = post(rewards_token, {k: v for k, v in body.items() if k != "debit_id"})
    assert no_debit.status_code == 409 and no_debit.json()["code"] == "debit-required", no_debit.text
    ok = post(rewards_token, body)
    assert ok.status_code == 201, ok.text
    assert ok.json()["debit_id"] == "debit-test-0001"
    assert decode_voucher(ok.json()["text"]).voucher.debit_id == "debit-test-0001"  # carried in the signed text
    again = post(rewards_token, {**body, "points": 200, "value_baht": 20})
    assert again.status_code == 409 and again.json()["code"] == "debit-already-signed", again.text
    bad = post(rewards_token, {**body, "debit_id": "debit-test-0002", "volunteer_ref": "1101700230708"})
    assert bad.status_code in (400, 422) and "citizen ID" in bad.json()["title"]
    # the module's credential belongs to no facility: it reads and issues no document
    status = httpx.get(f"{url}/api/v1/documents/MOPH-0000-0000", headers={"Authorization": f"Bearer {rewards_token}"})
    assert status.status_code in (403, 404)
    # the CA's record: one debit, one voucher, asked by the module's credential
    from sqlalchemy import text

    with authority.register.engine.connect() as connection:
        rows = connection.execute(text("SELECT debit_id, voucher_id, requested_by FROM voucher_debits")).all()
    assert [(r[0], r[1]) for r in rows] == [("debit-test-0001", ok.json()["voucher_id"])]
    assert rows[0][2].startswith("module:")


def test_out_of_process_module_with_http_client(tmp_path, service_with_rewards, rewards_token) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.errors import PolicyError
    from mohpromt_ca.plugins.http_client import HttpClient
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace
    from mohpromt_ca.storage.secret_files import load_or_create_secret
    from mohpromt_plugins.rewards import AlreadyRedeemed, RewardsService, UnknownDebit
    from mohpromt_verifier.formats.voucher import decode_voucher

    url, facility_token = service_with_rewards
    service = RewardsService(PluginNamespace.standalone("rewards", f"sqlite:///{tmp_path / 'rewards.sqlite3'}"),
                             clock=SYSTEM_CLOCK,
                             citizen_key=load_or_create_secret(tmp_path / "rewards" / "citizen-hash.key"))
    with HttpClient(url, rewards_token) as client:
        volunteer, bought = flow_to_voucher(service, client)
        assert decode_voucher(bought.text).voucher.debit_id == bought.debit_id
        assert service.debit_state(bought.debit_id) == "signed"
        assert service.redeem(client, bought.text, "shop-1").voucher_id == bought.voucher_id
        with pytest.raises(AlreadyRedeemed):
            service.redeem(client, bought.text, "shop-1")
        # a genuine CA signature for a debit this module's ledger does not hold: refused at redemption
        forged = client.issue_voucher(volunteer_ref=volunteer.ref, points=5000, value_baht=500, partner="shop-1",
                                      debit_id="not-in-the-ledger")
        with pytest.raises(UnknownDebit, match="holds no debit"):
            service.redeem(client, forged.text, "shop-1")
    # the module run with a facility's key instead: the CA refuses (403), the debit is reversed
    service.report_activity(volunteer.ref, "dengue_larvae_survey", SYSTEM_CLOCK.now().date(), 10)  # 80 + 50
    with HttpClient(url, facility_token) as wrong:
        before = service.volunteer(volunteer.ref).balance
        with pytest.raises(PolicyError, match="rewards module"):
            service.buy_voucher(wrong, volunteer.ref, 100, partner=None)
    assert service.volunteer(volunteer.ref).balance == before
    assert [e["delta"] for e in service.ledger(volunteer.ref)][-2:] == [-100, 100]
    assert service.ledger(volunteer.ref)[-1]["reference"] == service.ledger(volunteer.ref)[-2]["reference"]
    assert base64.b64decode(base64.b64encode(bought.qr_png()))[:4] == b"\x89PNG"
