"""The audit chain: intact verifies; an edited, deleted, swapped or truncated entry is named."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from mohpromt_ca.registration.desk import decide_facility, register_facility
from mohpromt_ca.storage.audit import verify
from mohpromt_ca.storage.models import AuditEntry


def _fill(authority, prefix: str = "A") -> int:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.audit_log import seal_pending

    for n in range(4):
        facility = register_facility(authority, type="pharmacy", licence=f"{prefix}-{n}", name_th="ร้านยา",
                                     name_en=f"Shop {n}")
        decide_facility(authority, facility.id, "approve")
    seal_pending(authority)
    with authority.register.transaction() as session:
        return session.execute(select(func.max(AuditEntry.seq))).scalar_one()


def _verdict(authority):  # type: ignore[no-untyped-def]
    with authority.register.transaction() as session:
        return verify(session)


def test_intact_chain(authority) -> None:
    last = _fill(authority)
    verdict = _verdict(authority)
    assert verdict.intact and verdict.entries == last and last > 20
    with authority.register.transaction() as session:
        actions = set(session.execute(select(AuditEntry.action)).scalars())
        actors = set(session.execute(select(AuditEntry.actor)).scalars())
    assert {"key.generate", "certificate.issue", "authority.create", "facility.register", "facility.approve"} <= actions
    assert actors == {"test-officer"}


def test_edited_entry_is_named(authority) -> None:
    _fill(authority)
    with authority.register.transaction() as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 17).values(actor="mallory"))
    verdict = _verdict(authority)
    assert not verdict.intact and verdict.first_bad_seq == 17 and "edited" in verdict.problem


def test_deleted_entry_is_named(authority) -> None:
    _fill(authority)
    with authority.register.transaction() as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 9))
    verdict = _verdict(authority)
    assert not verdict.intact and verdict.first_bad_seq == 9 and "deleted" in verdict.problem


def test_swapped_entries_are_named(authority) -> None:
    _fill(authority)
    with authority.register.transaction() as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 12).values(seq=-1))
        session.execute(update(AuditEntry).where(AuditEntry.seq == 13).values(seq=12))
        session.execute(update(AuditEntry).where(AuditEntry.seq == -1).values(seq=13))
    verdict = _verdict(authority)
    assert not verdict.intact and verdict.first_bad_seq == 12 and "out of order" in verdict.problem


def test_rewritten_entry_with_recomputed_hash_is_caught_at_the_next(authority) -> None:
    from mohpromt_ca.storage.audit import _link

    _fill(authority)
    with authority.register.transaction() as session:
        row = session.execute(select(AuditEntry).where(AuditEntry.seq == 10)).scalar_one()
        row.actor = "mallory"
        row.hash = _link(row.prev_hash, row.at, row.actor, row.action, row.target, row.details)
    verdict = _verdict(authority)
    assert not verdict.intact and verdict.first_bad_seq == 11 and "entry 10 was rewritten" in verdict.problem


def test_truncated_tail_is_named(authority) -> None:
    last = _fill(authority)
    with authority.register.transaction() as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= last - 1))
    verdict = _verdict(authority)
    assert not verdict.intact and verdict.first_bad_seq == last - 1 and "deleted from the end" in verdict.problem


def test_append_many_extends_the_same_chain(authority) -> None:
    from mohpromt_ca.storage.audit import PendingEntry, append, append_many

    last = _fill(authority)
    with authority.register.transaction() as session:
        added = append_many(session, [PendingEntry("bulk.item", f"item:{n}", {"n": n}) for n in range(50)],
                            actor="bulk", clock=authority.clock)
        append(session, actor="after", action="single", target="x", clock=authority.clock)
    assert _verdict(authority).pending == added + 1
    sealed = _fill(authority, "B")
    verdict = _verdict(authority)
    assert verdict.intact and verdict.entries == sealed and sealed > last + added and verdict.pending == 0
