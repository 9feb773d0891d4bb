"""How volunteers earn points and what points buy. Plain data: change the numbers here.

Points per activity (each report names a kind, the day it was done and a quantity):

==========================  =========================================  ======  ==============
kind                        what one unit is                           points  daily cap (pts)
==========================  =========================================  ======  ==============
``home_visit``              one household visited (elderly, bedridden,   10        60
                            post-partum follow-up)
``dengue_larvae_survey``    one household surveyed for Aedes larvae      5         50
                            (container index / house index form)
``bp_screening``            one person's blood pressure measured and     3         45
                            recorded
``dm_screening``            one capillary glucose screening              3         45
``health_education``        one session held in the village              15        30
==========================  =========================================  ======  ==============

A volunteer earns at most :data:`DAILY_TOTAL_CAP` points per calendar day (Asia/Bangkok)
over all kinds. A report beyond a cap is recorded with the points it could still earn
(possibly 0), so the work is on file and the cap is visible. Reports may be filed up to
:data:`MAX_REPORT_AGE_DAYS` days late and never for a future day.

Vouchers: :data:`POINTS_PER_BAHT` points buy one baht; a voucher takes from
:data:`MIN_VOUCHER_POINTS` to :data:`MAX_VOUCHER_POINTS` points in steps of
:data:`VOUCHER_POINT_STEP`, and is valid :data:`VOUCHER_VALID_DAYS` days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")


@dataclass(frozen=True)
class ActivityRule:
    kind: str
    label_th: str
    label_en: str
    points_per_unit: int
    daily_cap: int
    max_quantity: int = 50


RULES: dict[str, ActivityRule] = {r.kind: r for r in (
    ActivityRule("home_visit", "เยี่ยมบ้าน", "Home visit", 10, 60),
    ActivityRule("dengue_larvae_survey", "สำรวจลูกน้ำยุงลาย", "Dengue larvae survey", 5, 50),
    ActivityRule("bp_screening", "คัดกรองความดันโลหิต", "Blood-pressure screening", 3, 45),
    ActivityRule("dm_screening", "คัดกรองเบาหวาน", "Diabetes screening", 3, 45),
    ActivityRule("health_education", "ให้สุขศึกษา", "Health education session", 15, 30, max_quantity=3),
)}
DAILY_TOTAL_CAP = 150
MAX_REPORT_AGE_DAYS = 30
POINTS_PER_BAHT = 10
MIN_VOUCHER_POINTS = 100
MAX_VOUCHER_POINTS = 5000
VOUCHER_POINT_STEP = 50
VOUCHER_VALID_DAYS = 90


def points_for(rule: ActivityRule, quantity: int, *, earned_kind_today: int, earned_total_today: int) -> int:
    """Points a report earns after the kind's and the day's caps."""
    wanted = rule.points_per_unit * quantity
    return max(0, min(wanted, rule.daily_cap - earned_kind_today, DAILY_TOTAL_CAP - earned_total_today))


def as_dict() -> dict[str, object]:
    return {"activities": [{"kind": r.kind, "label_th": r.label_th, "label_en": r.label_en,
                            "points_per_unit": r.points_per_unit, "daily_cap": r.daily_cap,
                            "max_quantity": r.max_quantity} for r in RULES.values()],
            "daily_total_cap": DAILY_TOTAL_CAP, "max_report_age_days": MAX_REPORT_AGE_DAYS,
            "points_per_baht": POINTS_PER_BAHT, "min_voucher_points": MIN_VOUCHER_POINTS,
            "max_voucher_points": MAX_VOUCHER_POINTS, "voucher_point_step": VOUCHER_POINT_STEP,
            "voucher_valid_days": VOUCHER_VALID_DAYS}
