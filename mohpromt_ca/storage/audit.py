"""The append-only audit log: each entry chained to the previous one by SHA-256.

hash_n = SHA-256(hash_{n-1} || canonical JSON of the entry's time, actor, action,
target and details). Appending locks the single ``audit_head`` row (FOR UPDATE on
PostgreSQL; SQLite transactions are already serialised by BEGIN IMMEDIATE), so the
chain stays linear across processes. ``verify`` walks it and names the first entry
that was edited, deleted or moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mohpromt_ca.clock import Clock
from mohpromt_ca.storage.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical(at: dt.datetime, actor: str, action: str, target: str, details: str) -> bytes:
    body = {"at": at.astimezone(dt.UTC).isoformat(), "actor": actor, "action": action, "target": target,
            "details": details}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _link(prev_hash: str, at: dt.datetime, actor: str, action: str, target: str, details: str) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(at, actor, action, target, details)).hexdigest()


def canonical_details(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def append(
    session: Session, *, actor: str, action: str, target: str, details: dict[str, Any] | None = None, clock: Clock
) -> AuditEntry:
    """Add one entry inside the caller's transaction (so the action and its record commit together)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    at = clock.now()
    body = canonical_details(details or {})
    entry = AuditEntry(
        seq=head.seq + 1,
        at=at,
        actor=actor,
        action=action,
        target=target,
        details=body,
        prev_hash=head.hash,
        hash=_link(head.hash, at, actor, action, target, body),
    )
    session.add(entry)
    head.seq = entry.seq
    head.hash = entry.hash
    session.flush()
    return entry


@dataclass(frozen=True)
class PendingEntry:
    """One entry for ``append_many``."""

    action: str
    target: str
    details: dict[str, Any]


def append_many(session: Session, entries: list[PendingEntry], *, actor: str, clock: Clock) -> int:
    """Add many entries under one lock of the head and one multi-row INSERT (bulk issuance).

    The chain is extended in memory with the same link function as ``append``, so
    ``verify`` checks these entries exactly like any other. Returns the last seq.
    """
    from sqlalchemy import insert

    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    at = clock.now()
    seq, prev = head.seq, head.hash
    rows: list[dict[str, Any]] = []
    for entry in entries:
        body = canonical_details(entry.details)
        seq += 1
        link = _link(prev, at, actor, entry.action, entry.target, body)
        rows.append({"seq": seq, "at": at, "actor": actor, "action": entry.action, "target": entry.target,
                     "details": body, "prev_hash": prev, "hash": link})
        prev = link
    if rows:
        session.execute(insert(AuditEntry), rows)
        head.seq, head.hash = seq, prev
        session.flush()
    return seq


@dataclass(frozen=True)
class AuditVerdict:
    intact: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"intact": self.intact, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem}


def verify(session: Session) -> AuditVerdict:
    """Walk the chain in order; report the first entry that does not fit."""
    running = GENESIS
    expected = 1
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000)).scalars()
    for entry in rows:
        if entry.seq != expected:
            return AuditVerdict(False, expected - 1, expected, f"entry {expected} is missing: it was deleted")
        recomputed = _link(entry.prev_hash, entry.at, entry.actor, entry.action, entry.target, entry.details)
        if recomputed != entry.hash:
            return AuditVerdict(False, expected - 1, entry.seq,
                                f"entry {entry.seq} was edited: its hash does not match its content")
        if entry.prev_hash != running:
            origin = session.execute(
                select(AuditEntry.seq).where(AuditEntry.hash == entry.prev_hash)).scalar_one_or_none()
            if origin is not None:
                problem = f"entry {entry.seq} is out of order: it belongs after entry {origin}"
            else:
                problem = (
                    f"entry {entry.seq} does not follow entry {entry.seq - 1}: "
                    f"entry {entry.seq - 1} was rewritten or an entry between them was deleted"
                )
            return AuditVerdict(False, expected - 1, entry.seq, problem)
        running = entry.hash
        expected += 1
    count = expected - 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is None:
        return AuditVerdict(False, count, None, "the audit head record is missing")
    if head.seq != count or head.hash != running:
        if head.seq > count:
            return AuditVerdict(False, count, count + 1, f"entries {count + 1} to {head.seq} were deleted from the end")
        return AuditVerdict(False, count, count, "the audit head does not match the last entry")
    return AuditVerdict(True, count)
