"""Token buckets in the register: take one token from each of several buckets, or none.

The rows are locked for the transaction (PostgreSQL ``SELECT ... FOR UPDATE``; on SQLite the
writer's ``BEGIN IMMEDIATE`` already serialises), so nodes sharing the database count together.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mohpromt_ca.storage.tables.rate_limits import RateBucket


@dataclass(frozen=True)
class Bucket:
    name: str
    per_second: float
    burst: int


def take(session: Session, buckets: list[Bucket], now: float) -> float:
    """Take one token from every bucket and return 0.0, or take none and return the seconds until
    all of them hold one again. A bucket seen for the first time starts full."""
    if not buckets:
        return 0.0
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(RateBucket).values([{"name": b.name, "tokens": float(b.burst), "at": now}
                                               for b in buckets]).on_conflict_do_nothing(index_elements=["name"]))
    rows = {row.name: row for row in session.execute(
        select(RateBucket).where(RateBucket.name.in_([b.name for b in buckets])).with_for_update()).scalars()}
    wait = 0.0
    levels = {}
    for bucket in buckets:
        row = rows[bucket.name]
        level = min(float(bucket.burst), row.tokens + max(0.0, now - row.at) * bucket.per_second)
        levels[bucket.name] = level
        if level < 1.0:
            wait = max(wait, (1.0 - level) / bucket.per_second)
    for bucket in buckets:
        row = rows[bucket.name]
        row.tokens = levels[bucket.name] - (0.0 if wait else 1.0)
        row.at = now
    return wait
