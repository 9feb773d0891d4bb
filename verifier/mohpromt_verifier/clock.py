"""Injectable clocks: everything that signs or verifies takes one (tests pin time)."""

from __future__ import annotations

import datetime as _dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> _dt.datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> _dt.datetime:
        return _dt.datetime.now(_dt.UTC)


class FixedClock:
    """A clock that says what it is told; ``advance`` moves it."""

    def __init__(self, at: _dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at.astimezone(_dt.UTC)

    def now(self) -> _dt.datetime:
        return self._at

    def advance(self, delta: _dt.timedelta) -> None:
        self._at = self._at + delta


SYSTEM_CLOCK = SystemClock()
