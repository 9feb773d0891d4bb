"""Injectable clocks: everything that signs or verifies takes one (tests pin time).

The classes live in the verifier distribution (which the CA depends on), so a clock made
here is the same type the verifier takes.
"""

from __future__ import annotations

from mohpromt_verifier.clock import SYSTEM_CLOCK, Clock, FixedClock, SystemClock

__all__ = ["SYSTEM_CLOCK", "Clock", "FixedClock", "SystemClock"]
