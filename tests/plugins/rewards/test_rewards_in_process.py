"""The rewards plugin's whole flow in-process, on SQLite and PostgreSQL: activities earn points
under the caps, points buy a CA-signed voucher (the debit recorded first, its id carried in
the voucher), a partner redeems it once; a second redemption, a tampered QR, a voucher whose
debit the ledger does not hold, a second voucher for one debit, the wrong shop and an
overdraft are refused with clear errors; only the rewards plugin may ask for vouchers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import text

from mohpromt_ca.clock import FixedClock
from mohpromt_ca.errors import AlreadyExists, InputError, PolicyError
from mohpromt_ca.service.plugin_host import host_context
from mohpromt_plugins.rewards import AlreadyRedeemed, InvalidVoucher, RewardsPlugin, UnknownDebit

from .helpers import CITIZEN, flow_to_voucher


@pytest.fixture
def rewards(authority):  # type: ignore[no-untyped-def]
    plugin = RewardsPlugin()
    context = host_context(authority, "rewards", permissions=plugin.requires)
    plugin.setup(context)
    plugin.service.context = context  # the tests reach the plugin's context through the service
    return plugin.service, context.client


def test_whole_flow(authority, rewards) -> None:  # type: ignore[no-untyped-def]
    import io

    import zxingcpp
    from PIL import Image

    service, client = rewards
    volunteer, bought = flow_to_voucher(service, client)
    assert bought.text.startswith("MPV1:") and bought.value_baht == 10 and bought.partner == "shop-1"
    assert bought.balance == 180 - 100  # 3 days x min(6 x 10, cap 60) = 180 earned
    assert service.volunteer(volunteer.ref).balance == 80
    assert [e["delta"] for e in service.ledger(volunteer.ref)] == [60, 60, 60, -100]
    # the PNG holds exactly the voucher text
    png = bought.qr_png()
    assert [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [bought.text]
    assert service.voucher_qr_png(bought.voucher_id) == png
    # the citizen ID is nowhere in clear: not in the voucher, not in the plugin's tables
    from mohpromt_verifier.formats.voucher import decode_voucher

    assert decode_voucher(bought.text).voucher.volunteer_ref == volunteer.ref
    # debit first: the ledger line names the debit the voucher carries, and it is marked signed
    assert decode_voucher(bought.text).voucher.debit_id == bought.debit_id
    assert service.ledger(volunteer.ref)[-1]["reference"] == bought.debit_id
    assert service.debit_state(bought.debit_id) == "signed"
    with authority.register.engine.connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM plugin_rewards_volunteers")).all())
    assert CITIZEN not in dump

    redeemed = service.redeem(client, bought.text, "shop-1", redeemed_by="api-key:shop")
    assert redeemed.voucher_id == bought.voucher_id and redeemed.value_baht == 10
    with pytest.raises(AlreadyRedeemed, match="already redeemed"):
        service.redeem(client, bought.text, "shop-1")
    with authority.register.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM plugin_rewards_redemptions")).scalar() == 1
    # the CA's audit log names the voucher, not the volunteer
    from mohpromt_ca.storage.models import AuditEntry

    with authority.register.reading() as session:
        targets = [e.target for e in session.query(AuditEntry).all() if e.action == "voucher.issue"]
    assert targets == [f"voucher:{bought.voucher_id}"]


def test_caps_and_rules(rewards) -> None:  # type: ignore[no-untyped-def]
    service, _client = rewards
    volunteer = service.register_volunteer(CITIZEN, "สมชาย")
    with pytest.raises(AlreadyExists):
        service.register_volunteer(CITIZEN, "again")
    with pytest.raises(InputError, match="13-digit"):
        service.register_volunteer("1234567890123", "bad check digit")
    day = service.clock.now().date()
    first = service.report_activity(volunteer.ref, "bp_screening", day, 10)
    assert (first.points, first.capped) == (30, False)
    second = service.report_activity(volunteer.ref, "bp_screening", day, 10)
    assert (second.points, second.capped) == (15, True)  # kind cap 45
    survey = service.report_activity(volunteer.ref, "dengue_larvae_survey", day, 10)
    assert survey.points == 50
    visits = service.report_activity(volunteer.ref, "home_visit", day, 10)
    assert visits.points == 150 - 95  # the day's total cap
    assert service.report_activity(volunteer.ref, "health_education", day, 1).points == 0
    with pytest.raises(InputError, match="unknown activity"):
        service.report_activity(volunteer.ref, "karaoke", day)
    with pytest.raises(InputError, match="future"):
        service.report_activity(volunteer.ref, "home_visit", day + dt.timedelta(days=2))
    with pytest.raises(InputError, match="late"):
        service.report_activity(volunteer.ref, "home_visit", day - dt.timedelta(days=40))
    # a debit left pending (a crash after the CA's answer) is reversed once it is stale, not before
    assert service.volunteer(volunteer.ref).balance == 150
    debit_id = service._debit(volunteer.ref, 100, 10, None)
    assert service.volunteer(volunteer.ref).balance == 50 and service.debit_state(debit_id) == "pending"
    assert service.reverse_stale_debits() == 0
    from mohpromt_plugins.rewards import RewardsService

    later = RewardsService(service.storage, clock=FixedClock(service.clock.now() + dt.timedelta(hours=1)),
                           citizen_key=service._key)
    assert later.reverse_stale_debits() == 1 and later.reverse_stale_debits() == 0
    assert service.debit_state(debit_id) == "reversed" and service.volunteer(volunteer.ref).balance == 150


def test_refusals(authority, rewards) -> None:  # type: ignore[no-untyped-def]
    service, client = rewards
    volunteer, bought = flow_to_voucher(service, client)
    with pytest.raises(PolicyError, match="not enough points"):
        service.buy_voucher(client, volunteer.ref, 100)  # 80 left
    with pytest.raises(InputError, match="steps of"):
        service.buy_voucher(client, volunteer.ref, 75)
    with pytest.raises(PolicyError, match="for partner 'shop-1' only"):
        service.add_partner("shop-2", "อีกร้าน")
        service.redeem(client, bought.text, "shop-2")
    # a tampered QR: one base45 character changed
    i = 40
    tampered = bought.text[:i] + ("0" if bought.text[i] != "0" else "1") + bought.text[i + 1:]
    with pytest.raises(InvalidVoucher):
        service.redeem(client, tampered, "shop-1")
    # a genuine CA-signed voucher for a debit the ledger does not hold (no points were spent on it)
    foreign = client.issue_voucher(volunteer_ref=volunteer.ref, points=100, value_baht=10, debit_id="forged-0001")
    with pytest.raises(UnknownDebit, match="holds no debit") as refused:
        service.redeem(client, foreign.text, "shop-1")
    assert refused.value.code == "debit-not-in-ledger"
    # the CA signs once per debit id, and never without one
    from mohpromt_ca.issuer.voucher import DebitAlreadySigned, DebitRequired

    with pytest.raises(DebitAlreadySigned):
        client.issue_voucher(volunteer_ref=volunteer.ref, points=100, value_baht=10, debit_id=bought.debit_id)
    with pytest.raises(DebitRequired):
        client.issue_voucher(volunteer_ref=volunteer.ref, points=100, value_baht=10)
    # another plugin declaring issue_voucher still may not ask
    from mohpromt_ca.plugins import CapabilityError

    other = host_context(authority, "booking", permissions={"issue_voucher": True})
    with pytest.raises(CapabilityError, match="rewards"):
        other.client.issue_voucher(volunteer_ref=volunteer.ref, points=100, value_baht=10, debit_id="other-0001")
    # expired: the same service a year later
    later = dataclasses.replace(authority, clock=FixedClock(authority.clock.now() + dt.timedelta(days=365)))
    from mohpromt_plugins.rewards import RewardsService

    service_later = RewardsService(service.context.storage, clock=later.clock,
                                   citizen_key=service.context.secret("citizen-hash.key"))
    with pytest.raises(InvalidVoucher, match="expired"):
        service_later.redeem(client, bought.text, "shop-1")
    # nothing was redeemed by the refusals; the real redemption still works once
    assert service.redeem(client, bought.text, "shop-1").voucher_id == bought.voucher_id
