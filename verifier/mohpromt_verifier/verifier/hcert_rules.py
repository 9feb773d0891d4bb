"""Business rules for HCERT, kept minimal and configurable (the technical checks are elsewhere)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TEST_NOT_DETECTED = "260415000"


@dataclass(frozen=True)
class HcertRules:
    require_complete_series: bool = True
    max_test_age: dt.timedelta = dt.timedelta(hours=72)


def _parse_time(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def rule_problems(dcc: Mapping[str, Any], now: dt.datetime, rules: HcertRules) -> list[tuple[str, str]]:
    """(code, sentence) for each rule the certificate breaks."""
    problems: list[tuple[str, str]] = []
    for entry in dcc.get("v") or []:
        dose, series = entry.get("dn"), entry.get("sd")
        if rules.require_complete_series and isinstance(dose, int) and isinstance(series, int) and dose < series:
            problems.append(("series-incomplete", f"dose {dose} of {series}: the vaccination series is not complete"))
    for entry in dcc.get("t") or []:
        if entry.get("tr") != TEST_NOT_DETECTED:
            problems.append(("test-positive", "the test result is not 'not detected'"))
        collected = _parse_time(str(entry.get("sc", "")))
        if collected is None:
            problems.append(("test-time", "the sample collection time cannot be read"))
        elif now - collected > rules.max_test_age:
            hours = int(rules.max_test_age.total_seconds() // 3600)
            problems.append(("test-too-old", f"the sample was taken more than {hours} hours ago"))
    for entry in dcc.get("r") or []:
        start, end = _parse_date(entry.get("df", "")), _parse_date(entry.get("du", ""))
        today = now.date()
        if start is None or end is None:
            problems.append(("recovery-dates", "the recovery validity dates cannot be read"))
        elif not start <= today <= end:
            problems.append(("recovery-period", f"recovery is valid from {start} until {end} only"))
    return problems
