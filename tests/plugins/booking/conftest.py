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
    """The plugin's store in the register's database, as the host's setup makes it."""
    from mohpromt_ca.plugins.context import host_context
    from mohpromt_plugins.booking.store import BookingStore, metadata

    context = host_context(authority, "booking")
    context.create_tables(metadata)
    return BookingStore(context.engine, secrets.token_bytes(32))
