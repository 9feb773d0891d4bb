"""Token buckets of the API's rate limits (migration 0013): one row per API key or facility, in
the register's database, so every node behind it applies the same limit."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base


class RateBucket(Base):
    """``name`` is ``api-key:<id>`` or ``facility:<id>``; ``tokens`` as of ``at`` (seconds since the epoch)."""

    __tablename__ = "rate_buckets"

    name: Mapped[str] = mapped_column(String(96), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[float] = mapped_column(Float)
