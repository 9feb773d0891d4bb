"""Booking tests: an approved clinic with a physician, the national DSC, and the plugin's store."""

from __future__ import annotations

import secrets

import pytest


@pytest.fixture
def physician(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")


@pytest.fixture
def dsc(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc

    return issue_dsc(authority)


@pytest.fixture
def store(authority):  # type: ignore[no-untyped-def]
    """The plugin's store in its namespace of the register's database, as the host's setup makes it."""
    from mohpromt_ca.service.plugin_host import plugin_namespace
    from mohpromt_plugins.booking.store import BookingStore

    store = BookingStore(plugin_namespace(authority, "booking"), secrets.token_bytes(32))
    store.create_tables()
    return store
