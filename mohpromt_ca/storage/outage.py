"""Telling a lost database from a bug: which storage errors mean "the register is unavailable".

The service answers those with 503 and Retry-After (``service.outage``) and logs one line per
failure class, instead of a 500 and a traceback per request; everything else stays a 500.
"""

from __future__ import annotations

from sqlalchemy import exc as sa

#: exception classes the service hands to its outage handler (subclasses included);
#: :func:`failure_class` then tells an outage from a constraint or programming error
DATABASE_ERRORS: tuple[type[Exception], ...] = (sa.DBAPIError, sa.TimeoutError, sa.DisconnectionError)

_NOT_OUTAGES = (sa.IntegrityError, sa.ProgrammingError, sa.DataError, sa.NotSupportedError)
_UNREADABLE = ("not a database", "malformed", "unable to open", "disk i/o", "readonly database", "read-only")


def failure_class(error: BaseException) -> str | None:
    """``database-locked``, ``database-unreadable`` or ``database-unreachable`` for an error that
    means the register cannot be used right now; None for any other error (a bug, a constraint)."""
    if isinstance(error, _NOT_OUTAGES) or not isinstance(error, DATABASE_ERRORS):
        return None
    text = str(getattr(error, "orig", None) or error).lower()
    if "locked" in text or "lock timeout" in text:
        return "database-locked"
    if any(marker in text for marker in _UNREADABLE):
        return "database-unreadable"
    return "database-unreachable"
