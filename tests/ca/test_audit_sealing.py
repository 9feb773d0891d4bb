"""The audit log without a global lock: appends never wait on each other, the sequencer chains
them and signs a time-stamped checkpoint per batch, and ``audit verify`` catches a forged or
altered checkpoint and (with an export kept outside) a chain rewritten consistently."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update

from mohpromt_ca.application.audit_log import export_checkpoints, seal_pending, verify_audit_log
from mohpromt_ca.registration.desk import register_facility
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import AuditCheckpoint, AuditEntry, AuditHead

WORKER = Path(__file__).with_name("audit_append_worker.py")
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _register(authority, prefix: str, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        register_facility(authority, type="pharmacy", licence=f"{prefix}-{i}", name_th="ร้านยา", name_en=f"Shop {i}")


@sqlite_only
def test_checkpoints_are_signed_time_stamped_and_checked(authority) -> None:  # type: ignore[no-untyped-def]
    from asn1crypto import cms, tsp
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from mohpromt_ca.authority.audit_checkpoints import audit_key

    _register(authority, "A", 2)
    first = seal_pending(authority)
    _register(authority, "B", 2)
    second = seal_pending(authority)
    assert first.sealed > 20 and second.sealed == 2 and second.pending == 0
    verdict = verify_audit_log(authority)
    assert verdict.intact and verdict.checkpoints == 2 and verdict.entries == second.size, verdict.problem
    with authority.register.reading() as session:
        kept = audit.checkpoints(session)
    # independently: the audit key (certified by the root) signed the checkpoint's bytes ...
    key = audit_key(authority)
    key.certificate.verify_directly_issued_by(authority.certificate_of("root"))
    key.certificate.public_key().verify(kept[-1].signature, kept[-1].body(), ec.ECDSA(hashes.SHA256()))
    # ... and the TSA time-stamped SHA-256 of that signature
    tst = cms.ContentInfo.load(kept[-1].timestamp_token)["content"]["encap_content_info"]["content"].parsed
    assert isinstance(tst, tsp.TSTInfo)
    imprint = tst["message_imprint"]["hashed_message"].native
    import hashlib

    assert imprint == hashlib.sha256(kept[-1].signature).digest()

    def broken(change) -> str:  # type: ignore[no-untyped-def]
        with authority.register.transaction() as session:
            row = session.get(AuditCheckpoint, kept[-1].size)
            saved = (row.signature, row.timestamp_token, row.root)
            change(row, session)
        verdict = verify_audit_log(authority)
        with authority.register.transaction() as session:
            row = session.get(AuditCheckpoint, kept[-1].size)
            row.signature, row.timestamp_token, row.root = saved
        assert not verdict.intact
        return str(verdict.problem)

    def forge(row, _session) -> None:  # type: ignore[no-untyped-def]
        row.signature = kept[0].signature

    def other_stamp(row, _session) -> None:  # type: ignore[no-untyped-def]
        row.timestamp_token = kept[0].timestamp_token

    assert "signature does not match" in broken(forge)
    assert "time-stamp is for another signature" in broken(other_stamp)
    assert verify_audit_log(authority).intact
    with authority.register.transaction() as session:  # the last checkpoint removed: its entries are uncovered
        session.execute(delete(AuditCheckpoint).where(AuditCheckpoint.size == kept[-1].size))
    verdict = verify_audit_log(authority)
    assert not verdict.intact and "without a signed checkpoint" in str(verdict.problem)


@sqlite_only
def test_a_consistent_rewrite_is_caught_only_against_an_export(authority, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from mohpromt_ca.authority.audit_checkpoints import CheckpointSealer
    from mohpromt_ca.cli import main
    from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

    _register(authority, "C", 3)
    seal_pending(authority)
    env = {"MOHPROMT_DATA_DIR": str(authority.settings.data_dir), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    runner = CliRunner()
    exported = tmp_path / "checkpoints.json"
    result = runner.invoke(main, ["audit", "checkpoints", "export", "-o", str(exported), "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["checkpoints"] >= 1
    _register(authority, "D", 2)  # the log grows after the export: still consistent with it
    seal_pending(authority)
    result = runner.invoke(main, ["audit", "verify", "--against", str(exported), "--json"], env=env)
    assert result.exit_code == 0 and json.loads(result.output)["witnessed"] >= 1, result.output

    # The strongest operator: database and audit key. Entry 5 is edited, every later link
    # recomputed, the head moved, the checkpoints replaced by new ones signed with the real key.
    with authority.register.transaction() as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 5).values(actor="mallory"))
        prev = session.execute(select(AuditEntry.hash).where(AuditEntry.seq == 4)).scalar_one()
        for entry in session.execute(select(AuditEntry).where(AuditEntry.seq >= 5).order_by(AuditEntry.seq)).scalars():
            entry.prev_hash = prev
            entry.hash = prev = audit._link(prev, entry.at, entry.actor, entry.action, entry.target, entry.details)
        session.execute(update(AuditHead).values(hash=prev))
        session.execute(delete(AuditCheckpoint))
    with authority.register.transaction() as session:
        assert audit.seal(session, CheckpointSealer(authority), clock=authority.clock) is not None
    alone = runner.invoke(main, ["audit", "verify"], env=env)
    assert alone.exit_code == 0 and "intact" in alone.output  # unseen without a witness ...
    against = runner.invoke(main, ["audit", "verify", "--against", str(exported)], env=env)
    assert against.exit_code == 1, against.output  # ... caught with one
    assert "differs from the witnessed checkpoint" in against.output and "rewritten" in against.output
    with authority.register.transaction() as session:  # a truncated log is caught the same way
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= 3))
    assert not verify_audit_log(authority, against=None).intact
    assert export_checkpoints(authority)["format"] == "mohpromt-ca-audit-checkpoints/1"


@pytest.mark.postgres
def test_appends_from_many_processes_do_not_wait_and_stay_one_chain(tmp_path, postgres_url) -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from tests.conftest import make_settings  # type: ignore[import-not-found]

    settings = make_settings(tmp_path / "data", postgres_url)
    authority = Authority.open(settings, actor="officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    seal_pending(authority)

    # An issuance transaction still open does not hold anyone up: another one appends and
    # commits under a 1 s lock timeout, and the sequencer seals around the open one.
    held = authority.register.session()
    held.begin()
    audit.append(held, actor="slow", action="held.open", target="x", clock=authority.clock)
    with authority.register.transaction() as session:
        session.execute(text("SET LOCAL lock_timeout = '1s'"))
        audit.append(session, actor="fast", action="not.waiting", target="y", clock=authority.clock)
    assert seal_pending(authority).sealed == 1
    held.commit()
    held.close()
    assert seal_pending(authority).sealed == 1

    dump = json.dumps({**settings.model_dump(mode="json"),
                       "key_passphrase": settings.key_passphrase.get_secret_value()})
    stop = tmp_path / "stop"
    sealer = subprocess.Popen([sys.executable, str(WORKER), dump, "seal", "0", "25", str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writers = [subprocess.Popen([sys.executable, str(WORKER), dump, "append", str(w), "25"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(3)]
    during = []
    while any(w.poll() is None for w in writers) and len(during) < 3:  # verify while they append and it seals
        during.append(verify_audit_log(authority))
        time.sleep(0.5)
    assert all(v.intact for v in during), [v.problem for v in during]
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err[-2000:]
    stop.write_text("stop")
    out, err = sealer.communicate(timeout=120)
    assert sealer.returncode == 0, err[-2000:]
    assert json.loads(out)["checkpoints"] >= 2  # it sealed while they were appending
    seal_pending(authority)
    verdict = verify_audit_log(authority)
    assert verdict.intact and verdict.pending == 0, verdict.problem
    with authority.register.reading() as session:
        registered = session.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "facility.register", AuditEntry.seq.is_not(None))).scalar_one()
        top = session.execute(select(func.max(AuditEntry.seq))).scalar_one()
    assert registered == 3 * 25 and top == verdict.entries
    authority.close()


@pytest.mark.postgres
def test_upgrade_from_0009_keeps_the_chain_and_seals_it(tmp_path, empty_postgres_url) -> None:
    import datetime as dt

    from sqlalchemy import create_engine

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.storage.database import upgrade_database
    from tests.conftest import make_settings  # type: ignore[import-not-found]

    upgrade_database(empty_postgres_url, "0009")
    engine = create_engine(empty_postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    prev, hashes = audit.GENESIS, []
    with engine.begin() as connection:  # three entries chained the 0009 way, head on the last
        for seq in (1, 2, 3):
            link = audit._link(prev, at, "old", "legacy.entry", f"t:{seq}", "{}")
            connection.execute(text("INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
                                    "VALUES (:s, :at, 'old', 'legacy.entry', :t, '{}', :p, :h)"),
                               {"s": seq, "at": at, "t": f"t:{seq}", "p": prev, "h": link})
            prev = link
            hashes.append(link)
        connection.execute(text("UPDATE audit_head SET seq = 3, hash = :h WHERE id = 1"), {"h": prev})
    engine.dispose()
    upgrade_database(empty_postgres_url)
    authority = Authority.open(make_settings(tmp_path / "data", empty_postgres_url), actor="officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")  # appends after them
    seal_pending(authority)
    verdict = verify_audit_log(authority)
    assert verdict.intact and verdict.entries > 3, verdict.problem
    with authority.register.reading() as session:
        kept = session.execute(select(AuditEntry.id, AuditEntry.hash).where(AuditEntry.seq <= 3)
                               .order_by(AuditEntry.seq)).all()
        first_new = session.execute(select(func.min(AuditEntry.id)).where(AuditEntry.seq > 3)).scalar_one()
    assert [h for _id, h in kept] == hashes and [i for i, _h in kept] == [1, 2, 3] and first_new > 3
    authority.close()
