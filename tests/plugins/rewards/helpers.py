"""Shared bits of the rewards tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

CITIZEN = "1101700230708"  # a valid check digit, not a real person
CITIZEN_2 = "3100600021550"


def flow_to_voucher(service: Any, client: Any, *, partner: str | None = "shop-1", points: int = 100) -> Any:
    """Register a partner and a volunteer, earn enough points, buy one voucher."""
    if partner is not None:
        service.add_partner(partner, "ร้านค้าชุมชน")
    volunteer = service.register_volunteer(CITIZEN, "สมศรี ใจดี")
    today = service.clock.now().date()
    for days_ago in range(3):
        service.report_activity(volunteer.ref, "home_visit", today - dt.timedelta(days=days_ago), 6)
    return volunteer, service.buy_voucher(client, volunteer.ref, points, partner=partner)
