"""Issue 16's performance goals: each a same-run ratio of a measured rate to its reference.

A scenario attaches :class:`Goal` rows to its :class:`~mohpromt_ca.bench.timing.ScenarioResult`
(``result.goals``); ``bench --json`` prints them as ``{"name", "ratio", "goal", "better"}``.

    from mohpromt_ca.bench.goals import rate_goal, time_goal
    result.goals.append(rate_goal("DCC pipeline, typed input -> HC1", scenario_rate, raw_sign, 0.5))
    result.goals.append(time_goal("verify HC1, fresh process", cli_seconds, import_seconds, 2.5))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from mohpromt_ca.bench.timing import Rate

Better = Literal["higher", "lower"]


@dataclass(frozen=True)
class Goal:
    """``ratio`` = measured / reference; met when it is >= ``goal`` (better "higher") or <= (better "lower")."""

    name: str
    ratio: float
    goal: float
    better: Better

    @property
    def met(self) -> bool:
        return self.ratio >= self.goal if self.better == "higher" else self.ratio <= self.goal

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ratio": round(self.ratio, 3), "goal": self.goal, "better": self.better}

    def as_text(self) -> str:
        sign = ">=" if self.better == "higher" else "<="
        return f"{self.name:<58} {self.ratio:>7.3f}x  (goal {sign} {self.goal}x: {'met' if self.met else 'NOT met'})"


def rate_goal(name: str, measured: Rate, reference: Rate, goal: float) -> Goal:
    """A throughput goal: the measured rate over the reference rate, higher is better."""
    ratio = measured.per_second / reference.per_second if reference.per_second else 0.0
    return Goal(name, ratio, goal, "higher")


def time_goal(name: str, measured_seconds: float, reference_seconds: float, goal: float) -> Goal:
    """A wall-time goal (e.g. cold start): the measured time over the reference time, lower is better."""
    ratio = measured_seconds / reference_seconds if reference_seconds else float("inf")
    return Goal(name, ratio, goal, "lower")
