"""The booking module out of process: BookingService with its OWN SQLite database and an
HttpClient against the served /api/v1. Same flow, same result as in-process; a crash between
issuing and attaching is resumed from the API's idempotent replay (the HC1 comes back too)."""

from __future__ import annotations

import secrets

import pytest

from mohpromt_ca.plugins.http_client import HttpClient
from tests.conftest import serving  # type: ignore[import-not-found]
from tests.plugins.booking.helpers import (  # type: ignore[import-not-found]
    booking,
    issued_count,
    rt_pcr_outcome,
    vaccination_flow,
    vaccination_outcome,
    verify_hc1_valid,
)


@pytest.fixture
def database_url() -> None:
    """The CA's register on SQLite here (the in-process tests cover PostgreSQL); the module has its own."""
    return None


def test_module_over_http_with_its_own_database(authority, approved_facility, physician, dsc, tmp_path) -> None:
    from sqlalchemy import inspect, text

    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.service.plugin_host import local_document_checks
    from mohpromt_ca.storage.database import create_register_engine
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace
    from mohpromt_ca.storage.secret_files import load_or_create_secret
    from mohpromt_plugins.booking.service import BookingService
    from mohpromt_plugins.booking.store import BookingStore, documents

    (tmp_path / "booking-module").mkdir()
    engine = create_register_engine(f"sqlite:///{tmp_path / 'booking-module' / 'booking.sqlite3'}")
    namespace = PluginNamespace("booking", engine)  # what PluginNamespace.standalone makes; the test keeps the engine
    store = BookingStore(namespace, load_or_create_secret(tmp_path / "booking-module" / "citizen-id.key"))
    store.create_tables()
    checks = local_document_checks()
    _info, token = create_api_key(authority, facility_id=approved_facility.id, label="booking-module")
    try:
        with serving(create_service_app(authority)) as url, HttpClient(url, token) as client:
            bookings = BookingService(store, client, SYSTEM_CLOCK, checks=checks)
            done = vaccination_flow(bookings, authority, approved_facility, physician.signer.id, dsc.certificate)

            # the module's appointments are in its own database, none in the CA's register (where the
            # service's own booking plugin may have made its tables)
            with engine.connect() as connection:
                assert connection.execute(text("SELECT count(*) FROM plugin_booking_appointments")).scalar_one() == 1
            if "plugin_booking_appointments" in inspect(authority.register.engine).get_table_names():
                with authority.register.engine.connect() as connection:
                    assert connection.execute(text("SELECT count(*) FROM plugin_booking_appointments")
                                              ).scalar_one() == 0

            # revoked at the CA: the module reads the status back (it gets no events out of process)
            client.revoke_document(done.document("dcc").number, reason="error")
            docs = {d.role: d.status for d in bookings.documents(done.id, refresh=True)}
            assert docs == {"record": "valid", "dcc": "revoked"}

            # a crash after the CA issued, before the module attached: the retry gets the API's replay
            made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id, kind="rt-pcr"))
            first = bookings.complete(made.id, rt_pcr_outcome())
            assert first.status == "completed", first.failure
            count = issued_count(authority)
            with engine.begin() as connection:
                connection.execute(documents.delete().where(documents.c.appointment_id == made.id))
                connection.execute(text("UPDATE plugin_booking_appointments SET status = 'failed' WHERE id = :i"),
                                   {"i": made.id})
            resumed = bookings.complete(made.id, rt_pcr_outcome())
            assert resumed.status == "completed" and issued_count(authority) == count
            assert resumed.documents == first.documents  # same numbers, hashes and the HC1 itself
            verify_hc1_valid(resumed.document("dcc").hc1, dsc.certificate)

            # the CA unreachable: the appointment is left failed with the reason, and resumes later
            offline = BookingService(store, HttpClient("http://127.0.0.1:9", token, timeout=2), SYSTEM_CLOCK,
                                     checks=checks)
            pending = offline.book(approved_facility.id, booking(approved_facility, physician.signer.id))
            failed = offline.complete(pending.id, vaccination_outcome())
            assert failed.status == "failed" and "unreachable" in failed.failure and failed.documents == ()
            recovered = bookings.complete(pending.id, vaccination_outcome())
            assert recovered.status == "completed" and len(recovered.documents) == 2
    finally:
        engine.dispose()


def test_same_key_twice_never_gives_two_documents(authority, approved_facility, physician, dsc, tmp_path) -> None:
    """Two booking databases (two modules) never collide at the CA: numbers come from random ids."""
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.service.plugin_host import local_document_checks
    from mohpromt_ca.storage.database import create_register_engine
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace
    from mohpromt_plugins.booking.service import BookingService
    from mohpromt_plugins.booking.store import BookingStore

    checks = local_document_checks()
    _info, token = create_api_key(authority, facility_id=approved_facility.id)
    engines = [create_register_engine(f"sqlite:///{tmp_path / f'm{i}.sqlite3'}") for i in range(2)]
    try:
        with serving(create_service_app(authority)) as url, HttpClient(url, token) as client:
            numbers = set()
            for engine in engines:
                store = BookingStore(PluginNamespace("booking", engine), secrets.token_bytes(32))
                store.create_tables()
                bookings = BookingService(store, client, checks=checks)
                made = bookings.book(approved_facility.id, booking(approved_facility, physician.signer.id))
                done = bookings.complete(made.id, vaccination_outcome())
                assert done.status == "completed", done.failure
                numbers |= {d.number for d in done.documents}
            assert len(numbers) == 4 and issued_count(authority) == 4
    finally:
        for engine in engines:
            engine.dispose()
