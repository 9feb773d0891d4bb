"""`bench --json` keeps its shape and adds issue 16's goals (ratios only, never timed assertions)."""

from __future__ import annotations

import json
import subprocess
import sys

from mohpromt_ca.bench.goals import Goal, rate_goal, time_goal
from mohpromt_ca.bench.timing import Rate


def test_goal_rows_compare_the_right_way() -> None:
    fast, slow = Rate("a", 200.0, 1, 1.0), Rate("b", 100.0, 1, 1.0)
    assert rate_goal("x", fast, slow, 1.5).as_dict() == {"name": "x", "ratio": 2.0, "goal": 1.5, "better": "higher"}
    assert rate_goal("x", slow, fast, 1.5).met is False
    assert time_goal("cold", 0.2, 0.1, 2.5) == Goal("cold", 2.0, 2.5, "lower")
    assert time_goal("cold", 0.3, 0.1, 2.5).met is False


def test_dcc_and_cold_start_report_their_goals() -> None:
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "bench", "dcc-issue", "cold-start",
                             "--seconds", "0.05", "--json"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    reports = {r["scenario"]: r for r in json.loads(result.stdout)}
    for report in reports.values():
        assert {"scenario", "rate", "primitive", "ratio_primitive_to_scenario", "parts", "goals"} <= set(report)
        for goal in report["goals"]:
            assert set(goal) == {"name", "ratio", "goal", "better"} and goal["ratio"] > 0
    assert [(g["goal"], g["better"]) for g in reports["dcc-issue"]["goals"]] == [(0.5, "higher"), (0.1, "higher")]
    assert [(g["goal"], g["better"]) for g in reports["cold-start"]["goals"]] == [(2.5, "lower")]
