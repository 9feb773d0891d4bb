"""The append-only audit log: entries appended without a lock, sealed into a SHA-256 chain
by a sequencer, each sealed batch closed by a signed, time-stamped checkpoint.

Appending (``append``, ``append_many``) only INSERTs a *pending* row in the caller's
transaction: its arrival ``id`` comes from a database sequence, so issuance transactions in
any number of processes never wait on each other here. The sequencer (``seal``) is the one
writer of the chain: it locks the single ``audit_head`` row (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL: a second sequencer returns at once; SQLite transactions are serialised anyway),
gives the committed pending entries, in arrival order, their ``seq`` and link

    hash_n = SHA-256(hash_{n-1} || "\\n" || canonical JSON of time, actor, action, target, details)

and records a checkpoint (size, root = hash of the last entry, time) that a callback signs and
time-stamps, all in one transaction. ``verify`` walks the sealed chain, names the first entry
that was edited, deleted or moved, checks every checkpoint against the chain (and, through a
callback, its signature and time-stamp) and any checkpoints a witness kept outside.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from mohpromt_ca.clock import Clock
from mohpromt_ca.storage.database import Register
from mohpromt_ca.storage.models import AuditCheckpoint, AuditEntry, AuditHead

GENESIS = "0" * 64
CHECKPOINT_FORMAT = "mohpromt-ca audit checkpoint v1"
SEAL_BATCH = 5000


def _canonical(at: dt.datetime, actor: str, action: str, target: str, details: str) -> bytes:
    body = {"at": at.astimezone(dt.UTC).isoformat(), "actor": actor, "action": action, "target": target,
            "details": details}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _link(prev_hash: str, at: dt.datetime, actor: str, action: str, target: str, details: str) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(at, actor, action, target, details)).hexdigest()


def canonical_details(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def checkpoint_body(size: int, root: str, sealed_at: dt.datetime) -> bytes:
    """The bytes the audit key signs for a checkpoint (also what outside witnesses re-check)."""
    return f"{CHECKPOINT_FORMAT}\nsize {size}\nroot {root}\ntime {sealed_at.astimezone(dt.UTC).isoformat()}\n".encode()


def append(
    session: Session, *, actor: str, action: str, target: str, details: dict[str, Any] | None = None, clock: Clock
) -> AuditEntry:
    """Add one pending entry inside the caller's transaction (the action and its record commit together).

    No lock is taken: the sequencer chains it after the transaction commits."""
    entry = AuditEntry(at=clock.now(), actor=actor, action=action, target=target,
                       details=canonical_details(details or {}))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class PendingEntry:
    """One entry for ``append_many``."""

    action: str
    target: str
    details: dict[str, Any]


def append_many(session: Session, entries: list[PendingEntry], *, actor: str, clock: Clock) -> int:
    """Add many pending entries in one multi-row INSERT (bulk issuance). Returns how many."""
    at = clock.now()
    rows = [{"at": at, "actor": actor, "action": e.action, "target": e.target,
             "details": canonical_details(e.details)} for e in entries]
    if rows:
        session.execute(insert(AuditEntry), rows)
    return len(rows)


class CheckpointSigner(Protocol):
    """What seals a checkpoint: the audit key's signature and a time-stamp token over it."""

    key_serial: str

    def sign(self, body: bytes) -> bytes: ...

    def timestamp(self, signature: bytes) -> bytes: ...


@dataclass(frozen=True)
class SealedBatch:
    first_seq: int
    size: int  # the chain's length after this batch (its checkpoint's size)
    root: str
    sealed_at: dt.datetime

    @property
    def entries(self) -> int:
        return self.size - self.first_seq + 1


def seal(session: Session, signer: CheckpointSigner, *, clock: Clock, limit: int = SEAL_BATCH) -> SealedBatch | None:
    """Chain up to ``limit`` pending entries and record their signed checkpoint, in the caller's
    transaction. None when there is nothing to seal or another sequencer holds the head."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update(skip_locked=True)).scalar_one_or_none()
    if head is None:
        return None
    rows = session.execute(
        select(AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.target,
               AuditEntry.details)
        .where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id).limit(limit)).all()
    if not rows:
        covered = session.execute(select(func.max(AuditCheckpoint.size))).scalar_one_or_none() or 0
        if covered >= head.seq:
            return None
        # entries chained before checkpoints existed (a register upgraded from revision 0009)
    seq, prev = head.seq, head.hash
    changes: list[dict[str, Any]] = []
    for row_id, at, actor, action, target, details in rows:
        seq += 1
        link = _link(prev, at, actor, action, target, details)
        changes.append({"id": row_id, "seq": seq, "prev_hash": prev, "hash": link})
        prev = link
    if changes:
        session.execute(update(AuditEntry), changes)
    sealed_at = clock.now().replace(microsecond=0)
    signature = signer.sign(checkpoint_body(seq, prev, sealed_at))
    session.add(AuditCheckpoint(size=seq, root=prev, sealed_at=sealed_at, key_serial=signer.key_serial,
                                signature=signature, timestamp_token=signer.timestamp(signature)))
    batch = SealedBatch(head.seq + 1, seq, prev, sealed_at)
    head.seq, head.hash = seq, prev
    session.flush()
    return batch


def pending_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.seq.is_(None))).scalar_one())


@dataclass(frozen=True)
class CheckpointView:
    """A checkpoint as stored or as a witness kept it."""

    size: int
    root: str
    sealed_at: dt.datetime
    key_serial: str
    signature: bytes
    timestamp_token: bytes

    def body(self) -> bytes:
        return checkpoint_body(self.size, self.root, self.sealed_at)

    @classmethod
    def of(cls, row: AuditCheckpoint) -> CheckpointView:
        return cls(row.size, row.root, row.sealed_at, row.key_serial, row.signature, row.timestamp_token)


def checkpoints(session: Session) -> list[CheckpointView]:
    rows = session.execute(select(AuditCheckpoint).order_by(AuditCheckpoint.size)).scalars()
    return [CheckpointView.of(row) for row in rows]


@dataclass(frozen=True)
class AuditVerdict:
    intact: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None
    checkpoints: int = 0
    pending: int = 0
    witnessed: int = 0
    latest: dict[str, Any] | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        return {"intact": self.intact, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem, "checkpoints": self.checkpoints, "pending": self.pending,
                "witnessed": self.witnessed, "latest_checkpoint": self.latest}


def verify(session: Session, *, check_checkpoint: Callable[[CheckpointView], str | None] | None = None,
           witnessed: Iterable[CheckpointView] = ()) -> AuditVerdict:
    """Walk the sealed chain in order; report the first entry or checkpoint that does not fit.

    ``check_checkpoint`` returns a problem sentence for a checkpoint whose signature or
    time-stamp does not hold; ``witnessed`` are checkpoints kept outside the database
    (``audit checkpoints export``): the chain must still pass through each of them."""
    stored = checkpoints(session)
    outside = sorted(witnessed, key=lambda c: c.size)
    by_size = {c.size: c for c in stored}
    outside_at: dict[int, list[CheckpointView]] = {}
    for c in outside:
        outside_at.setdefault(c.size, []).append(c)
    pending = pending_count(session)

    def verdict(intact: bool, entries: int, bad: int | None = None, problem: str | None = None) -> AuditVerdict:
        latest = None
        if stored:
            last = stored[-1]
            latest = {"size": last.size, "root": last.root, "sealed_at": last.sealed_at.isoformat()}
        return AuditVerdict(intact, entries, bad, problem, len(stored), pending, len(outside), latest)

    for checkpoint in stored:
        if check_checkpoint is not None:
            problem = check_checkpoint(checkpoint)
            if problem is not None:
                return verdict(False, 0, checkpoint.size, f"checkpoint at size {checkpoint.size}: {problem}")
    running = GENESIS
    expected = 1
    rows = session.execute(select(AuditEntry).where(AuditEntry.seq.is_not(None)).order_by(AuditEntry.seq)
                           .execution_options(yield_per=2000)).scalars()
    for entry in rows:
        if entry.seq != expected:
            return verdict(False, expected - 1, expected, f"entry {expected} is missing: it was deleted")
        recomputed = _link(entry.prev_hash or "", entry.at, entry.actor, entry.action, entry.target, entry.details)
        if recomputed != entry.hash:
            return verdict(False, expected - 1, entry.seq,
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
            return verdict(False, expected - 1, entry.seq, problem)
        running = entry.hash
        own = by_size.get(expected)
        if own is not None and own.root != running:
            return verdict(False, expected, expected,
                           f"the chain up to entry {expected} does not match its signed checkpoint: "
                           "entries up to it were rewritten")
        for kept in outside_at.get(expected, ()):
            if kept.root != running:
                return verdict(False, expected, expected,
                               f"the chain up to entry {expected} differs from the witnessed checkpoint "
                               f"sealed at {kept.sealed_at.isoformat()}: the log was rewritten after that "
                               "checkpoint was exported")
        expected += 1
    count = expected - 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is None:
        return verdict(False, count, None, "the audit head record is missing")
    beyond = [c for c in (*stored, *outside) if c.size > count]
    if beyond:
        top = max(c.size for c in beyond)
        return verdict(False, count, count + 1,
                       f"entries {count + 1} to {top} were deleted from the end (a checkpoint covers {top})")
    if head.seq != count or head.hash != running:
        if head.seq > count:
            return verdict(False, count, count + 1, f"entries {count + 1} to {head.seq} were deleted from the end")
        return verdict(False, count, count, "the audit head does not match the last entry")
    covered = stored[-1].size if stored else 0
    if covered != count:
        return verdict(False, count, covered + 1,
                       f"entries {covered + 1} to {count} are chained without a signed checkpoint: they were "
                       "added outside the sequencer (or predate checkpoints: `mohpromt-ca audit seal`)")
    return verdict(True, count)


def verify_register(register: Register, **options: Any) -> AuditVerdict:
    """``verify`` in one snapshot of the register: the sequencer may seal while it runs, and the
    head, the checkpoints and the entries must be read as of one moment (REPEATABLE READ on
    PostgreSQL; a SQLite read transaction is one snapshot already)."""
    with register.engine.connect() as connection:
        connection = connection.execution_options(mohpromt_read_only=True)  # SQLite: a deferred BEGIN
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with Session(bind=connection) as session:
            try:
                return verify(session, **options)
            finally:
                session.rollback()
