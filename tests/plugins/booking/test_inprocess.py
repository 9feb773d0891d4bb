"""BookingService with the in-process client, on SQLite and PostgreSQL: book -> complete ->
the vaccination record PDF and the EU DCC attached, both verified by the verifier; a retried
completion issues nothing new; tests get the result PDF and a test DCC; failures leave a
clear state; the citizen ID is never stored in clear."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mohpromt_ca.application.in_process_client import InProcessClient
from mohpromt_ca.errors import InputError, NotFound, StateError
from tests.plugins.booking.helpers import (  # type: ignore[import-not-found]
    CITIZEN,
    DAY,
    OTHER_CITIZEN,
    booking,
    issued_count,
    rt_pcr_outcome,
    vaccination_flow,
    vaccination_outcome,
    verify_hc1_valid,
    verify_pdf_valid,
)


@pytest.fixture
def bookings(authority, store):  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.plugin_host import local_document_checks
    from mohpromt_plugins.booking.service import BookingService

    return BookingService(store, InProcessClient(authority, actor="plugin:booking"), authority.clock,
                          checks=local_document_checks())


def test_vaccination_book_complete_verify_retry(authority, approved_facility, physician, dsc, bookings) -> None:
    done = vaccination_flow(bookings, authority, approved_facility, physician.signer.id, dsc.certificate)
    made, record = done, done.document("record")

    # the CA revokes the record; documents(refresh=True) reads the status back from the CA
    client = bookings.client
    client.revoke_document(record.number, reason="error")
    docs = bookings.documents(made.id, facility_id=approved_facility.id, refresh=True)
    assert {d.role: d.status for d in docs} == {"record": "revoked", "dcc": "valid"}


def test_crash_between_issue_and_attach_is_resumed(authority, approved_facility, physician, dsc, bookings) -> None:
    """The CA issued, the plugin did not record it (a crash): the retry attaches, never re-issues."""
    from mohpromt_plugins.booking.store import documents

    made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id))
    done = bookings.complete(made.id, vaccination_outcome())
    assert done.status == "completed"
    before = issued_count(authority)
    with authority.register.engine.begin() as connection:  # forget the attachments, as if never written
        connection.execute(documents.delete().where(documents.c.appointment_id == made.id))
        connection.execute(text("UPDATE plugin_booking_appointments SET status = 'in-progress' WHERE id = :i"),
                           {"i": made.id})
    # the outcome was cleared on completion; resupplying the same one resumes
    resumed = bookings.complete(made.id, vaccination_outcome())
    assert resumed.status == "completed", resumed.failure
    assert issued_count(authority) == before
    assert {d.number for d in resumed.documents} == {d.number for d in done.documents}


def test_rt_pcr_issues_result_and_test_dcc(authority, approved_facility, physician, dsc, bookings) -> None:
    made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id, kind="rt-pcr"))
    done = bookings.complete(made.id, rt_pcr_outcome())
    assert done.status == "completed", done.failure
    record, dcc = done.document("record"), done.document("dcc")
    assert record.type == "rt-pcr" and record.number == f"PCR-{made.id}"
    verify_pdf_valid(bookings.fetch_pdf(made.id), authority)
    payload = verify_hc1_valid(dcc.hc1, dsc.certificate)
    assert payload["t"][0]["tt"] == "LP6464-4" and payload["t"][0]["tr"] == "260415000"

    # inconclusive: the result PDF, no DCC (the EU DCC cannot say it)
    other = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id, kind="rt-pcr"))
    done = bookings.complete(other.id, rt_pcr_outcome(result="inconclusive"))
    assert done.status == "completed" and [d.role for d in done.documents] == ["record"]


def test_refusals_and_failures_leave_a_clear_state(authority, approved_facility, physician, dsc, bookings) -> None:
    from mohpromt_ca.registration.desk import decide_facility, register_facility

    with pytest.raises(InputError):  # a pharmacist block cannot sign an RT-PCR result
        bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id, kind="rt-pcr")
                      | {"signer": {"profession": "pharmacist", "title": "เภสัชกร", "name_th": "ก", "name_en": "K",
                                    "licence_no": "ภ.1"}})
    made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id))
    with pytest.raises(InputError, match="not the citizen"):
        bookings.complete(made.id, vaccination_outcome(OTHER_CITIZEN))
    with pytest.raises(InputError):  # a product the DCC cannot code: refused before anything is issued
        bookings.complete(made.id, vaccination_outcome() | {"vaccine": "Unknownvax"})
    assert bookings.get(made.id).status == "booked" and issued_count(authority) == 0
    with pytest.raises(NotFound):  # another facility's appointment does not exist for it
        bookings.get(made.id, facility_id=approved_facility.id + 1000)

    # the CA refuses: a signer of another facility -> failed, with the reason; nothing attached
    other = register_facility(authority, type="medical-clinic", licence="BK-OTHER", name_th="อื่น", name_en="Other")
    decide_facility(authority, other.id, "approve")
    wrong = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id + 999))
    failed = bookings.complete(wrong.id, vaccination_outcome())
    assert failed.status == "failed" and failed.failure.startswith("record: ") and failed.documents == ()
    cancelled = bookings.cancel(wrong.id, reason="wrong signer")
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "wrong signer"
    with pytest.raises(StateError):
        bookings.complete(wrong.id, vaccination_outcome())

    # lists: by facility, by day, by citizen (through the keyed hash)
    listed = bookings.list(approved_facility.id, citizen_id=CITIZEN)
    assert {a.id for a in listed} == {made.id, wrong.id}
    assert bookings.list(approved_facility.id, citizen_id=OTHER_CITIZEN) == []
    import datetime as dt

    assert len(bookings.list(approved_facility.id, day=dt.date.fromisoformat(DAY))) == 2
    assert bookings.list(approved_facility.id, day=dt.date.fromisoformat(DAY) + dt.timedelta(days=1)) == []


def test_no_citizen_id_in_clear(authority, approved_facility, physician, dsc, bookings) -> None:
    made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id))
    bookings.complete(made.id, vaccination_outcome())
    with authority.register.engine.connect() as connection:
        for table in ("plugin_booking_appointments", "plugin_booking_documents"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert CITIZEN not in repr(tuple(row)), table
        outcome = connection.execute(text("SELECT outcome FROM plugin_booking_appointments")).scalar_one()
    assert outcome is None  # cleared once completed


def test_plugin_setup_and_revocation_event(authority, approved_facility, physician, dsc) -> None:
    """The plugin as a host sets it up: its tables, its hash key (a 0600 file on SQLite; on
    PostgreSQL the register's shared secret, so every node hashes alike), and DocumentRevoked marks
    the attachment without asking the CA."""
    import hashlib
    import hmac

    from mohpromt_ca.application.shared_secrets import load_shared_secret
    from mohpromt_ca.plugins.events import Event, EventBus
    from mohpromt_ca.service.plugin_host import host_context
    from mohpromt_plugins.booking import BookingPlugin

    plugin = BookingPlugin()
    context = host_context(authority, "booking", permissions=plugin.requires)
    plugin.setup(context)
    path = context.data_dir / "citizen-id.key"
    if authority.register.shared:
        assert not path.exists()  # never on one node's disk
        key = load_shared_secret(authority, path)
    else:
        assert path.stat().st_mode & 0o777 == 0o600
        key = path.read_bytes()
    assert len(key) == 32
    # the plugin hashes citizen IDs under that very key
    expected = hmac.new(key, b"citizen-id\n" + CITIZEN.encode("ascii"), hashlib.sha256).hexdigest()
    assert plugin.store.citizen_hash(CITIZEN) == expected
    bus = EventBus()
    bus.subscribe(Event, plugin.on_event)
    client = InProcessClient(authority, actor="plugin:booking", bus=bus)
    bookings = plugin.service(client)
    made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id))
    done = bookings.complete(made.id, vaccination_outcome())
    client.revoke_document(done.document("dcc").number, reason="fraud")
    dcc = bookings.get(made.id).document("dcc")
    assert (dcc.status, dcc.revocation_reason) == ("revoked", "fraud")
