"""The records plugin in-process, next to the authority (SQLite and PostgreSQL): a recorded lab
result certified into a signed PDF that verifies, documents issued for the citizen arriving
through events, no citizen ID in clear in the plugin's tables or the logs, one citizen never
reaching another's documents, and a retried certification issuing once."""

from __future__ import annotations

import datetime as dt
import logging
import os

import pytest

from mohpromt_ca.application.in_process_client import InProcessClient
from mohpromt_ca.errors import ConfigError, InputError, NotFound, StateError
from mohpromt_ca.plugins.events import Event, EventBus
from mohpromt_ca.templates.common import format_citizen_id
from tests.plugins.records.helpers import (  # type: ignore[import-not-found]
    CITIZEN,
    OTHER,
    LosesAnswers,
    assert_no_citizen_ids,
    count_documents,
    lab_data,
    verdict,
)
from tests.plugins.test_client import DCC_VACCINATION, general_health  # type: ignore[import-not-found]


@pytest.fixture
def plugin(authority):  # type: ignore[no-untyped-def]
    """The plugin set up as a host does it, its on_event on a bus of the test's own."""
    from mohpromt_ca.service.plugin_host import host_context
    from mohpromt_plugins.records import RecordsPlugin

    bus = EventBus()
    plugin = RecordsPlugin()
    plugin.setup(host_context(authority, "records", permissions=plugin.requires, bus=bus))
    bus.subscribe(Event, plugin.on_event)
    plugin.bus = bus
    return plugin


def test_lab_result_to_signed_pdf_and_the_record(authority, approved_facility, lab_director, physician, plugin,
                                                 caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    records = plugin.service()  # InProcessClient acting as plugin:records

    recorded = records.record_lab_result(format_citizen_id(CITIZEN), lab_data(approved_facility))
    assert recorded.status == "recorded" and recorded.expires_at - recorded.recorded_at == dt.timedelta(days=30)
    ref = records.certify_lab_result(recorded.id, lab_director.signer.id, level="B-LT")
    assert (ref.kind, ref.type, ref.status) == ("pdf", "lab-result", "valid")
    pdf = records.fetch(CITIZEN, ref.document_number)
    assert verdict(authority, pdf) == "valid"
    assert [r.document_number for r in records.documents(CITIZEN)] == [ref.document_number]
    done = records.lab_result(recorded.id)
    assert (done.status, done.document_number) == ("certified", ref.document_number)

    # certify again: the same document, nothing issued twice
    assert records.certify_lab_result(recorded.id, lab_director.signer.id).document_number == ref.document_number
    assert count_documents(authority, ref.document_number) == 1

    # a PDF another module issues in-process for the same citizen lands in the record by the event
    booking = InProcessClient(authority, actor="plugin:booking", bus=plugin.bus)
    other_doc = booking.issue_pdf("general-health", general_health(approved_facility, "GH-REC-1"),
                                  signer_id=physician.signer.id, level="B-B")
    listed = {r.document_number: r for r in records.documents(CITIZEN)}
    assert set(listed) == {ref.document_number, "GH-REC-1"}
    assert listed["GH-REC-1"].source == "event" and listed["GH-REC-1"].type == "general-health"
    assert records.fetch(CITIZEN, "GH-REC-1") == other_doc.pdf
    booking.revoke_document("GH-REC-1", reason="error")  # the revocation event marks it
    assert {r.document_number: r.status for r in records.documents(CITIZEN)}["GH-REC-1"] == "revoked"

    # another citizen reaches none of it
    assert records.documents(OTHER) == []
    for number in (ref.document_number, "GH-REC-1", "NO-SUCH-DOC"):
        with pytest.raises(NotFound):
            records.fetch(OTHER, number)

    # a DCC names no Thai citizen ID: attached explicitly, then listed (and not fetchable as a PDF)
    from mohpromt_ca.authority.dsc import issue_dsc

    issue_dsc(authority)
    dcc = booking.issue_dcc(DCC_VACCINATION, dcc_type="vaccination")
    assert records.attach(OTHER, dcc.number).kind == "dcc"
    assert [r.document_number for r in records.documents(OTHER)] == [dcc.number]
    with pytest.raises(NotFound):
        records.fetch(OTHER, dcc.number)
    with pytest.raises(NotFound):
        records.attach(OTHER, "NO-SUCH-DOC")
    with pytest.raises(InputError):
        records.documents("1234567890123")  # bad check digit: refused, and not echoed
    assert "1234567890123" not in caplog.text

    # the plugin's tables hold no citizen ID in clear; neither do the logs
    pending = records.record_lab_result(CITIZEN, lab_data(approved_facility, citizen_id=CITIZEN))
    assert pending.status == "recorded"
    assert assert_no_citizen_ids(authority.register.engine, CITIZEN, OTHER) >= 6
    assert CITIZEN not in caplog.text and format_citizen_id(CITIZEN) not in caplog.text


def test_retry_after_a_lost_answer_issues_once(authority, approved_facility, lab_director, plugin) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_plugins.records.service import RecordsService

    records = plugin.service()
    recorded = records.record_lab_result(CITIZEN, lab_data(approved_facility))
    lossy = RecordsService(plugin.store, LosesAnswers(records.client), plugin.keys, authority.clock)
    with pytest.raises(ConnectionError):
        lossy.certify_lab_result(recorded.id, lab_director.signer.id, level="B-B")
    ref = records.certify_lab_result(recorded.id, lab_director.signer.id, level="B-B")  # the retry
    assert count_documents(authority, ref.document_number) == 1
    assert [r.document_number for r in records.documents(CITIZEN)] == [ref.document_number]


def test_uncertified_results_are_erased_when_retention_ends(authority, approved_facility, lab_director,
                                                            plugin) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from mohpromt_ca.clock import FixedClock
    from mohpromt_plugins.records.service import RecordsService
    from mohpromt_plugins.records.store import lab_results

    records = plugin.service()
    recorded = records.record_lab_result(CITIZEN, lab_data(approved_facility))
    later = RecordsService(plugin.store, records.client, plugin.keys,
                           FixedClock(authority.clock.now() + dt.timedelta(days=31)))
    with pytest.raises(StateError, match="retention"):
        later.certify_lab_result(recorded.id, lab_director.signer.id)
    with authority.register.engine.connect() as conn:
        row = conn.execute(select(lab_results.c.status, lab_results.c.sealed).where(
            lab_results.c.id == recorded.id)).one()
    assert (row.status, row.sealed) == ("expired", None)
    with pytest.raises(NotFound):
        records.lab_result("nope")
    with pytest.raises(InputError, match="patient.citizen_id"):  # data naming somebody else
        records.record_lab_result(CITIZEN, lab_data(approved_facility, citizen_id=OTHER))


def test_secret_file_and_a_different_secret(authority, plugin) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_plugins.records import RecordsKeys, RecordsStore

    key_file = plugin.context.data_dir / "citizen-hash.key"
    if authority.register.shared:  # PostgreSQL: one secret in the register for every node, no file
        assert not key_file.exists()
        secret = plugin.context.secret("citizen-hash.key")
    else:
        assert key_file.stat().st_mode & 0o777 == 0o600
        secret = key_file.read_bytes()
    assert len(secret) == 32
    assert RecordsKeys.from_context(plugin.context).fingerprint == plugin.keys.fingerprint
    assert secret.hex() not in repr(plugin.keys)
    with pytest.raises(ConfigError, match="another secret"):
        RecordsStore(plugin.context.storage).check_fingerprint(RecordsKeys(os.urandom(32)).fingerprint)
