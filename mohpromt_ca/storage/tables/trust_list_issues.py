"""The newest issue of each trusted list we publish with a sequence number (migration 0014).

TS 119 612 numbers every issue of a list (``TSLSequenceNumber``, +1 per issue). A row keeps
the newest issue of one list: its number, its issue and next-update times and a digest of
what it lists, so an export with the same content inside the same period re-issues the same
list (same number, same times) and a changed content or a due update takes the next number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime


class TrustListIssue(Base):
    __tablename__ = "trust_list_issues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    sequence: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    next_update: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    content_mark: Mapped[str] = mapped_column(String(64))
