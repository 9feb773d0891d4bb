"""The append-only audit log and its head (``mohpromt_ca.storage.audit`` writes them).

An entry is written by the transaction that does the action, with no sequence number yet
(``seq``, ``prev_hash`` and ``hash`` are NULL: "pending"); the sequencer
(``storage.audit.seal``) later gives pending entries their place in the chain, in one
transaction that also records a signed checkpoint (``tables.audit_checkpoints``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime

_BIG = BigInteger().with_variant(Integer, "sqlite")


class AuditEntry(Base):
    """One line of the append-only audit log, chained to the previous by SHA-256 once sealed."""

    __tablename__ = "audit_log"
    __table_args__ = (
        UniqueConstraint("seq", name="uq_audit_log_seq"),
        UniqueConstraint("hash", name="uq_audit_log_hash"),
        # the sequencer's queue: only pending rows are in this index
        Index("ix_audit_log_pending", "id", postgresql_where=text("seq IS NULL"), sqlite_where=text("seq IS NULL")),
    )

    #: arrival order (a database sequence: appending takes no lock anyone else waits on)
    id: Mapped[int] = mapped_column(_BIG, primary_key=True, autoincrement=True)
    #: place in the chain, given by the sequencer; NULL while pending
    seq: Mapped[int | None] = mapped_column(_BIG, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHead(Base):
    """The chain's newest sealed link (one row). Only the sequencer locks it; truncation shows against it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(_BIG)
    hash: Mapped[str] = mapped_column(String(64))
