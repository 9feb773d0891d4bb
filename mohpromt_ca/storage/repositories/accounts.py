"""The service's accounts: users, their failed logins, integrators' API keys (``service_*`` tables).

Secrets are stored only as hashes (argon2 for passwords, SHA-256 for API keys); the UNIQUE
constraint on the username, not code, keeps it single.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import ROLES, ApiKey, Facility, LoginAttempt, ServiceUser, Signer

#: a write that breaks a UNIQUE constraint (a username taken by a concurrent request)
Conflict = IntegrityError

__all__ = [
    "ROLES", "Conflict", "add_api_key", "add_user", "api_key", "api_key_revoked", "api_keys",
    "disable_signer_accounts", "end_sessions", "facility_exists",
    "failures_since", "forget_failures", "has_role", "note_failure", "signer_facility", "user_by_id",
    "user_by_name", "username_taken", "users_of_signer",
]


def signer_facility(session: Session, signer_id: int) -> int | None:
    signer = session.get(Signer, signer_id)
    return signer.facility_id if signer is not None else None


def facility_exists(session: Session, facility_id: int) -> bool:
    return session.get(Facility, facility_id) is not None


# -- users ---------------------------------------------------------------------------------
def add_user(session: Session, *, username: str, password_hash: str, role: str, facility_id: int | None,
             signer_id: int | None, created_at: dt.datetime) -> ServiceUser:
    user = ServiceUser(username=username, password_hash=password_hash, role=role, facility_id=facility_id,
                       signer_id=signer_id, created_at=created_at)
    session.add(user)
    session.flush()
    return user


def user_by_name(session: Session, username: str | None) -> ServiceUser | None:
    return session.execute(select(ServiceUser).where(ServiceUser.username == username)).scalar_one_or_none()


def user_by_id(session: Session, user_id: int) -> ServiceUser | None:
    return session.get(ServiceUser, user_id)


def username_taken(session: Session, username: str) -> bool:
    return session.execute(select(ServiceUser.id).where(ServiceUser.username == username)).first() is not None


def has_role(session: Session, role: str) -> bool:
    return session.execute(select(ServiceUser.id).where(ServiceUser.role == role)).first() is not None


def users_of_signer(session: Session, signer_id: int) -> list[str]:
    """The enabled accounts of a signer (usernames)."""
    return list(session.execute(select(ServiceUser.username).where(
        ServiceUser.signer_id == signer_id, ServiceUser.disabled_at.is_(None)).order_by(ServiceUser.id)).scalars())


def end_sessions(session: Session, username: str | None) -> None:
    """Move the account's session generation on: every session opened so far ends."""
    user = user_by_name(session, username)
    if user is not None:
        user.session_generation = (user.session_generation or 0) + 1


def disable_signer_accounts(session: Session, signer_id: int, when: dt.datetime) -> list[str]:
    """Disable every enabled account of a signer; their usernames."""
    users = list(session.execute(select(ServiceUser).where(
        ServiceUser.signer_id == signer_id, ServiceUser.disabled_at.is_(None))).scalars())
    for user in users:
        user.disabled_at = when
    return [u.username for u in users]


# -- failed logins (throttling) ----------------------------------------------------------------
def failures_since(session: Session, *, username: str, client: str, since: dt.datetime) -> tuple[int, int]:
    """(failures for this account, failures from this client) since ``since``."""
    by_account = session.execute(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.username == username, LoginAttempt.at >= since)).scalar_one()
    by_client = session.execute(select(func.count(LoginAttempt.id)).where(
        LoginAttempt.client == client, LoginAttempt.at >= since)).scalar_one()
    return int(by_account), int(by_client)


def note_failure(session: Session, *, username: str, client: str, at: dt.datetime, keep_after: dt.datetime) -> None:
    session.add(LoginAttempt(username=username, client=client, at=at))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < keep_after))


def forget_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))


# -- API keys --------------------------------------------------------------------------------
def add_api_key(session: Session, *, key_id: str, secret_sha256: str, facility_id: int, signer_id: int | None,
                label: str | None, created_at: dt.datetime, created_by: str) -> ApiKey:
    row = ApiKey(key_id=key_id, secret_sha256=secret_sha256, facility_id=facility_id, signer_id=signer_id,
                 label=label, created_at=created_at, created_by=created_by)
    session.add(row)
    session.flush()
    return row


def api_key(session: Session, key_id: str, *, lock: bool = False) -> ApiKey | None:
    query = select(ApiKey).where(ApiKey.key_id == key_id)
    return session.execute(query.with_for_update() if lock else query).scalar_one_or_none()


def api_keys(session: Session, *, facility_id: int | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.id)
    if facility_id is not None:
        query = query.where(ApiKey.facility_id == facility_id)
    return list(session.execute(query).scalars())


def api_key_revoked(session: Session, key_id: str) -> bool:
    return session.execute(select(ApiKey.revoked_at).where(ApiKey.key_id == key_id)).scalar_one_or_none() is not None
