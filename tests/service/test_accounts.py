"""Accounts (argon2, throttling), API keys (shown once, hashed at rest, revocable), authorisation rules."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

PASSWORD = "correct horse battery staple"


class MovableClock:
    def __init__(self, now: dt.datetime) -> None:
        self.moment = now

    def now(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def signer(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer


def test_password_is_stored_as_argon2_and_checked(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import authenticate_user, create_user
    from mohpromt_ca.application.errors import Unauthenticated
    from mohpromt_ca.storage.models import ServiceUser

    info = create_user(authority, username="Admin.One", password=PASSWORD, role="facility-admin",
                       facility_id=approved_facility.id)
    assert info.username == "admin.one" and info.facility_id == approved_facility.id
    with authority.register.reading() as session:
        stored = session.execute(select(ServiceUser.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate_user(authority, "admin.one", PASSWORD, client="10.0.0.1").principal().facility_id == \
        approved_facility.id
    with pytest.raises(Unauthenticated):
        authenticate_user(authority, "admin.one", PASSWORD + "x", client="10.0.0.1")
    with pytest.raises(Unauthenticated):
        authenticate_user(authority, "nobody", PASSWORD, client="10.0.0.1")


def test_roles_are_bound(authority, approved_facility, signer):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import create_user
    from mohpromt_ca.errors import AlreadyExists, InputError, NotFound

    with pytest.raises(InputError):
        create_user(authority, username="ra", password=PASSWORD, role="ra-officer", facility_id=approved_facility.id)
    with pytest.raises(InputError):
        create_user(authority, username="adm", password=PASSWORD, role="facility-admin")
    with pytest.raises(InputError):
        create_user(authority, username="doc", password="short", role="signer", signer_id=signer.id)
    with pytest.raises(NotFound):
        create_user(authority, username="doc", password=PASSWORD, role="signer", signer_id=999_999)
    doc = create_user(authority, username="doc", password=PASSWORD, role="signer", signer_id=signer.id)
    assert (doc.facility_id, doc.signer_id) == (approved_facility.id, signer.id)
    with pytest.raises(AlreadyExists):
        create_user(authority, username="DOC", password=PASSWORD, role="signer", signer_id=signer.id)


def test_login_throttling_per_account_and_per_client(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application import accounts
    from mohpromt_ca.application.errors import Throttled, Unauthenticated

    clock = MovableClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    authority.clock = clock
    accounts.create_user(authority, username="victim", password=PASSWORD, role="facility-admin",
                         facility_id=approved_facility.id)
    for i in range(accounts.ACCOUNT_FAILURES):
        with pytest.raises(Unauthenticated):
            accounts.authenticate_user(authority, "victim", f"guess-{i}-xxxxxxxx", client=f"198.51.100.{i}")
    with pytest.raises(Throttled):  # even the right password, from a new client
        accounts.authenticate_user(authority, "victim", PASSWORD, client="203.0.113.9")
    clock.moment += accounts.WINDOW + dt.timedelta(seconds=1)
    assert accounts.authenticate_user(authority, "victim", PASSWORD, client="203.0.113.9").username == "victim"

    for i in range(accounts.CLIENT_FAILURES):  # one client spraying many accounts
        with pytest.raises(Unauthenticated):
            accounts.authenticate_user(authority, f"user{i}", "wrong-password-x", client="192.0.2.66")
    with pytest.raises(Throttled):
        accounts.authenticate_user(authority, "victim", PASSWORD, client="192.0.2.66")
    assert accounts.authenticate_user(authority, "victim", PASSWORD, client="192.0.2.67").username == "victim"


def test_api_key_shown_once_hashed_at_rest_and_revocable(authority, approved_facility, signer):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import authenticate_api_key, create_api_key, list_api_keys, revoke_api_key
    from mohpromt_ca.application.errors import Unauthenticated
    from mohpromt_ca.errors import InputError, StateError
    from mohpromt_ca.storage.models import ApiKey

    info, token = create_api_key(authority, signer_id=signer.id, label="booking system")
    assert token.startswith(f"mpk_{info.key_id}_") and info.facility_id == approved_facility.id
    secret = token.split("_", 2)[2]
    with authority.register.reading() as session:
        row = session.execute(select(ApiKey)).scalar_one()
        stored = [str(getattr(row, c.key)) for c in ApiKey.__table__.columns]
        digest = row.secret_sha256
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert not any(secret in value for value in stored)
    assert all(secret not in str(k.as_dict()) for k in list_api_keys(authority))
    principal = authenticate_api_key(authority, token)
    assert (principal.facility_id, principal.signer_id, principal.label) == \
        (approved_facility.id, signer.id, f"api-key:{info.key_id}")
    with pytest.raises(Unauthenticated):
        authenticate_api_key(authority, token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(Unauthenticated):
        authenticate_api_key(authority, "not-a-key")
    with pytest.raises(InputError):
        create_api_key(authority, facility_id=approved_facility.id, signer_id=signer.id)
    revoke_api_key(authority, info.key_id)
    with pytest.raises(Unauthenticated, match="revoked"):
        authenticate_api_key(authority, token)
    with pytest.raises(StateError):
        revoke_api_key(authority, info.key_id)


def test_authorization_refuses_other_facilities_and_signers() -> None:
    from mohpromt_ca.application.authorization import (
        API_KEY,
        USER,
        Principal,
        may_access_document,
        may_decide_facilities,
        may_issue_dcc,
        may_manage_facility,
        may_sign_with,
    )
    from mohpromt_ca.application.errors import Forbidden

    facility_key = Principal(API_KEY, "k1", "integrator", facility_id=1)
    signer_key = Principal(API_KEY, "k2", "integrator", facility_id=1, signer_id=10)
    doctor = Principal(USER, "doc", "signer", facility_id=1, signer_id=10)
    admin = Principal(USER, "adm", "facility-admin", facility_id=1)
    officer = Principal(USER, "ra", "ra-officer")

    may_sign_with(facility_key, signer_id=11, signer_facility_id=1, facility_status="approved")
    may_sign_with(doctor, signer_id=10, signer_facility_id=1, facility_status="approved")
    refused = [
        lambda: may_sign_with(facility_key, signer_id=20, signer_facility_id=2, facility_status="approved"),
        lambda: may_sign_with(signer_key, signer_id=11, signer_facility_id=1, facility_status="approved"),
        lambda: may_sign_with(doctor, signer_id=11, signer_facility_id=1, facility_status="approved"),
        lambda: may_sign_with(admin, signer_id=10, signer_facility_id=1, facility_status="approved"),
        lambda: may_sign_with(officer, signer_id=10, signer_facility_id=1, facility_status="approved"),
        lambda: may_sign_with(facility_key, signer_id=10, signer_facility_id=1, facility_status="suspended"),
        lambda: may_sign_with(facility_key, signer_id=99, signer_facility_id=None, facility_status=None),
        lambda: may_issue_dcc(officer, facility_status=None),
        lambda: may_issue_dcc(admin, facility_status="approved"),
        lambda: may_issue_dcc(facility_key, facility_status="pending"),
        lambda: may_access_document(facility_key, facility_id=2, signer_id=20, number="X"),
        lambda: may_access_document(signer_key, facility_id=1, signer_id=11, number="X"),
        lambda: may_access_document(officer, facility_id=1, signer_id=10, number="X"),
        lambda: may_access_document(facility_key, facility_id=None, signer_id=None, number="X"),
        lambda: may_decide_facilities(admin),
        lambda: may_decide_facilities(facility_key),
        lambda: may_manage_facility(admin, 2),
        lambda: may_manage_facility(doctor, 1),
    ]
    for attempt in refused:
        with pytest.raises(Forbidden):
            attempt()
    may_access_document(signer_key, facility_id=1, signer_id=10, number="X")
    may_access_document(admin, facility_id=1, signer_id=11, number="X")
    may_decide_facilities(officer)
    may_manage_facility(admin, 1)
    may_issue_dcc(signer_key, facility_status="approved")
