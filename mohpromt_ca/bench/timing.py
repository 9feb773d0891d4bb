"""Measure a callable's rate, and express a scenario as a ratio to its primitive."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mohpromt_ca.bench.goals import Goal


@dataclass(frozen=True)
class Rate:
    name: str
    per_second: float
    iterations: int
    seconds: float

    @property
    def ms_each(self) -> float:
        return 1000.0 / self.per_second if self.per_second else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "per_second": round(self.per_second, 2), "ms_each": round(self.ms_each, 4),
                "iterations": self.iterations, "seconds": round(self.seconds, 3)}


def measure(name: str, fn: Callable[[], object], *, seconds: float = 2.0, min_iterations: int = 3) -> Rate:
    """Call ``fn`` repeatedly for about ``seconds`` (after one warm-up call)."""
    fn()
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        fn()
        count += 1
        now = time.perf_counter()
        if now >= deadline and count >= min_iterations:
            break
    elapsed = now - start
    return Rate(name, count / elapsed, count, elapsed)


@dataclass
class ScenarioResult:
    scenario: str
    rate: Rate
    primitive: Rate
    parts: list[Rate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # bench.goals rows (issue 16's table)

    @property
    def ratio(self) -> float:
        """How many scenario operations cost one primitive operation's time (primitive rate / scenario rate)."""
        return self.primitive.per_second / self.rate.per_second if self.rate.per_second else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "rate": self.rate.as_dict(),
            "primitive": self.primitive.as_dict(),
            "ratio_primitive_to_scenario": round(self.ratio, 2),
            "parts": [p.as_dict() for p in self.parts],
            "notes": self.notes,
            "goals": [g.as_dict() for g in self.goals],
        }

    def as_text(self) -> str:
        lines = [
            f"== bench {self.scenario}",
            f"  {self.rate.name:<44} {self.rate.per_second:>11.1f}/s  {self.rate.ms_each:>9.3f} ms",
            f"  {self.primitive.name:<44} {self.primitive.per_second:>11.1f}/s  {self.primitive.ms_each:>9.3f} ms"
            "  (raw primitive, same run)",
            f"  ratio: one {self.scenario} costs {self.ratio:.1f}x one raw primitive operation",
        ]
        if self.parts:
            lines.append("  where the time goes (each part measured alone):")
            for part in self.parts:
                lines.append(f"    {part.name:<42} {part.per_second:>11.1f}/s  {part.ms_each:>9.3f} ms")
        lines.extend(f"  note: {n}" for n in self.notes)
        if self.goals:
            lines.append("  goals (measured / reference, same run):")
            lines.extend(f"    {g.as_text()}" for g in self.goals)
        return "\n".join(lines)
