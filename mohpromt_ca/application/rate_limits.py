"""Rate limits per API key and per facility: token buckets kept in the register's database, so
every node behind it applies the same limit. Configured by the environment
(``MOHPROMT_RATE_LIMIT_API_KEY_PER_MINUTE`` / ``_BURST``, ``MOHPROMT_RATE_LIMIT_FACILITY_PER_MINUTE``
/ ``_BURST``; unset: no limit, and no database round trip). A refused call is
:class:`RateLimited` (429 with Retry-After)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.storage.repositories import rate_limits as buckets

if TYPE_CHECKING:
    from mohpromt_ca.application.authorization import Principal
    from mohpromt_ca.authority.context import Authority


class RateLimited(MohpromtError):
    code = "rate-limited"
    http_status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _buckets(authority: Authority, principal: Principal) -> list[buckets.Bucket]:
    settings = authority.settings
    found = []
    limits = ((f"api-key:{principal.ident}", settings.rate_limit_api_key_per_minute, settings.rate_limit_api_key_burst),
              (f"facility:{principal.facility_id}" if principal.facility_id is not None else None,
               settings.rate_limit_facility_per_minute, settings.rate_limit_facility_burst))
    for name, per_minute, burst in limits:
        if name and per_minute:
            found.append(buckets.Bucket(name, per_minute / 60.0, burst or per_minute))
    return found


def charge(authority: Authority, principal: Principal) -> None:
    """Count one call of ``principal`` (an API key) against its key's and its facility's limits."""
    wanted = _buckets(authority, principal)
    if not wanted:
        return
    with authority.register.transaction() as session:
        wait = buckets.take(session, wanted, authority.clock.now().timestamp())
    if wait > 0:
        raise RateLimited("too many requests for this API key or facility: slow down and retry later",
                          retry_after=max(1, math.ceil(wait)))
