"""Accounts and API keys: create, authenticate, throttle, revoke.

* Passwords: argon2id (argon2-cffi's defaults), rehashed on login when the parameters
  change. Unknown usernames cost one hash too, so timing does not say which exist.
* Login throttling: failed attempts are recorded in the register (so every worker sees
  them); more than ``ACCOUNT_FAILURES`` for one account, or ``CLIENT_FAILURES`` from one
  client, within ``WINDOW`` refuse further attempts, even correct ones, until the window
  passes. A successful login clears the account's failures.
* API keys: ``mpk_<key id>_<secret>``; the secret is 256 random bits, shown once; the
  register keeps SHA-256 of the whole token (a high-entropy secret needs no slow hash)
  and the key id for lookup. Revoked keys are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mohpromt_ca.application.authorization import API_KEY, USER, Principal
from mohpromt_ca.application.errors import Throttled, Unauthenticated
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists, InputError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import accounts as repo

ROLES = repo.ROLES
ACCOUNT_FAILURES = 5
CLIENT_FAILURES = 20
WINDOW = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
TOKEN_PREFIX = "mpk_"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
_TOKEN = re.compile(r"^mpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


@lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def check_password_policy(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InputError(f"the password must have at least {MIN_PASSWORD} characters", code="weak-password")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"the password is longer than {MAX_PASSWORD} characters", code="weak-password")


def _username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME.match(name):
        raise InputError("username: 3-64 characters of a-z, 0-9 and . _ @ -, starting with a letter or digit")
    return name


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    role: str
    facility_id: int | None
    signer_id: int | None

    def principal(self) -> Principal:
        return Principal(USER, self.username, self.role, self.facility_id, self.signer_id)


def _info(user: Any) -> UserInfo:
    return UserInfo(user.id, user.username, user.role, user.facility_id, user.signer_id)


def _scope(session: Any, facility_id: int | None, signer_id: int | None) -> tuple[int | None, int | None]:
    """Check the facility / signer exist; a signer implies its facility."""
    if signer_id is not None:
        owner = repo.signer_facility(session, signer_id)
        if owner is None:
            raise NotFound(f"no signer with id {signer_id}")
        if facility_id is not None and facility_id != owner:
            raise InputError(f"signer {signer_id} does not belong to facility {facility_id}")
        return owner, signer_id
    if facility_id is not None and not repo.facility_exists(session, facility_id):
        raise NotFound(f"no facility with id {facility_id}")
    return facility_id, None


def create_user(authority: Authority, *, username: str, password: str, role: str,
                facility_id: int | None = None, signer_id: int | None = None) -> UserInfo:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    name = _username(username)
    check_password_policy(password)
    if role == "ra-officer" and (facility_id is not None or signer_id is not None):
        raise InputError("an RA officer belongs to no facility and no signer")
    if role == "facility-admin" and (facility_id is None or signer_id is not None):
        raise InputError("a facility administrator needs --facility (and no --signer)")
    if role == "signer" and signer_id is None:
        raise InputError("a signer account needs --signer")
    hashed = hash_password(password)
    try:
        with authority.register.transaction() as session:
            facility_id, signer_id = _scope(session, facility_id, signer_id)
            user = repo.add_user(session, username=name, password_hash=hashed, role=role, facility_id=facility_id,
                                 signer_id=signer_id, created_at=authority.clock.now())
            audit.append(session, actor=authority.actor, action="user.create", target=f"user:{name}",
                         details={"role": role, "facility": facility_id, "signer": signer_id}, clock=authority.clock)
            info = _info(user)
    except repo.Conflict:
        raise AlreadyExists(f"a user named {name!r} exists already") from None
    return info


def _client(client: str | None) -> str:
    return (client or "unknown")[:64]


def authenticate_user(authority: Authority, username: str, password: str, *, client: str | None = None) -> UserInfo:
    """The user for these credentials, or ``Unauthenticated`` / ``Throttled``."""
    name = (username or "").strip().lower()[:64]
    where = _client(client)
    now = authority.clock.now()
    since = now - WINDOW
    with authority.register.reading() as session:
        by_account, by_client = repo.failures_since(session, username=name, client=where, since=since)
        user = repo.user_by_name(session, name)
        info = _info(user) if user is not None else None
        stored = user.password_hash if user is not None else _dummy_hash()
        disabled = user is not None and user.disabled_at is not None
    if by_account >= ACCOUNT_FAILURES or by_client >= CLIENT_FAILURES:
        raise Throttled("too many failed logins: wait a few minutes and try again")
    from argon2.exceptions import InvalidHashError, VerificationError

    ok = False
    try:
        if isinstance(password, str) and len(password) <= MAX_PASSWORD:
            ok = bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or info is None or disabled:
        with authority.register.transaction() as session:
            repo.note_failure(session, username=name, client=where, at=now, keep_after=now - 4 * WINDOW)
        raise Unauthenticated("wrong username or password")
    with authority.register.transaction() as session:
        repo.forget_failures(session, name)
        if _hasher().check_needs_rehash(stored):
            row = repo.user_by_id(session, info.id)
            if row is not None:
                row.password_hash = hash_password(password)
    return info


def principal_for_user(authority: Authority, username: str) -> Principal:
    """The principal of an existing, enabled user (for a session that logged in earlier)."""
    with authority.register.reading() as session:
        user = repo.user_by_name(session, username)
        if user is None or user.disabled_at is not None:
            raise Unauthenticated("this account no longer exists or is disabled")
        return _info(user).principal()


@dataclass(frozen=True)
class ApiKeyInfo:
    key_id: str
    facility_id: int
    signer_id: int | None
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    def principal(self) -> Principal:
        return Principal(API_KEY, self.key_id, "integrator", self.facility_id, self.signer_id)

    def as_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "facility": self.facility_id, "signer": self.signer_id, "label": self.label,
                "created_at": self.created_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None}


def _key_info(row: Any) -> ApiKeyInfo:
    return ApiKeyInfo(row.key_id, row.facility_id, row.signer_id, row.label, row.created_at, row.revoked_at)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_api_key(authority: Authority, *, facility_id: int | None = None, signer_id: int | None = None,
                   label: str | None = None, actor: str | None = None) -> tuple[ApiKeyInfo, str]:
    """A new key and its token. The token is returned once and stored only as a hash."""
    if (facility_id is None) == (signer_id is None):
        raise InputError("an API key is scoped to exactly one facility or one signer")
    if label is not None and (len(label) > 128 or any(ord(c) < 0x20 for c in label)):
        raise InputError("label: at most 128 printable characters")
    key_id = secrets.token_hex(8)
    token = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    with authority.register.transaction() as session:
        facility_id, signer_id = _scope(session, facility_id, signer_id)
        assert facility_id is not None
        row = repo.add_api_key(session, key_id=key_id, secret_sha256=token_digest(token), facility_id=facility_id,
                               signer_id=signer_id, label=label, created_at=authority.clock.now(),
                               created_by=actor or authority.actor)
        audit.append(session, actor=actor or authority.actor, action="apikey.create", target=f"apikey:{key_id}",
                     details={"facility": facility_id, "signer": signer_id, "label": label}, clock=authority.clock)
        info = _key_info(row)
    return info, token


def revoke_api_key(authority: Authority, key_id: str, *, actor: str | None = None,
                   facility_id: int | None = None) -> ApiKeyInfo:
    """Revoke by key id; ``facility_id`` (a facility administrator's) limits it to that facility's keys."""
    wanted = (key_id or "").strip().lower()
    if wanted.startswith(TOKEN_PREFIX) or wanted.startswith("mpm_"):
        raise InputError("give the key id (the part after mpk_ or mpm_), not the secret")
    with authority.register.transaction() as session:
        row = repo.api_key(session, wanted, lock=True)
        if row is None or (facility_id is not None and row.facility_id != facility_id):
            raise NotFound(f"no API key with id {wanted[:32]!r}")
        if row.revoked_at is not None:
            raise StateError(f"API key {wanted} is already revoked", code="already-revoked")
        row.revoked_at = authority.clock.now()
        audit.append(session, actor=actor or authority.actor, action="apikey.revoke", target=f"apikey:{wanted}",
                     details={"facility": row.facility_id, "signer": row.signer_id}, clock=authority.clock)
        session.flush()
        info = _key_info(row)
    return info


def list_api_keys(authority: Authority, *, facility_id: int | None = None) -> list[ApiKeyInfo]:
    with authority.register.reading() as session:
        return [_key_info(row) for row in repo.api_keys(session, facility_id=facility_id)]


def authenticate_api_key(authority: Authority, token: str) -> Principal:
    """The principal of a valid, unrevoked token, or ``Unauthenticated``: an API key
    (``mpk_…``) or a platform module's credential (``mpm_…``, :mod:`.module_credentials`)."""
    from mohpromt_ca.application import module_credentials

    if module_credentials.is_module_token(token):
        return module_credentials.authenticate_module(authority, token)
    match = _TOKEN.match((token or "").strip())
    if match is None:
        raise Unauthenticated("the API key is malformed")
    with authority.register.reading() as session:
        row = repo.api_key(session, match.group(1))
        if row is None or not hmac.compare_digest(row.secret_sha256, token_digest(match.group(0))):
            raise Unauthenticated("unknown API key")
        if row.revoked_at is not None:
            raise Unauthenticated("this API key was revoked")
        return _key_info(row).principal()


# -- what the web pages need about accounts ------------------------------------------------------
def normalised_username(username: str) -> str:
    """The stored form of a username, or ``InputError``."""
    return _username(username)


def username_taken(authority: Authority, username: str) -> bool:
    with authority.register.reading() as session:
        return repo.username_taken(session, username)


def has_ra_officer(authority: Authority) -> bool:
    with authority.register.reading() as session:
        return repo.has_role(session, "ra-officer")


@dataclass(frozen=True)
class SessionState:
    """What a web session is checked against on every request (never the password itself)."""

    role: str
    facility_id: int | None
    signer_id: int | None
    password_hash: str
    generation: int
    disabled: bool


def session_state(authority: Authority, username: str | None) -> SessionState | None:
    with authority.register.reading() as session:
        user = repo.user_by_name(session, username)
        if user is None:
            return None
        return SessionState(user.role, user.facility_id, user.signer_id, user.password_hash,
                            user.session_generation or 0, user.disabled_at is not None)


def end_sessions(authority: Authority, username: str | None) -> None:
    """Every session of ``username`` opened so far ends (its generation moves on)."""
    with authority.register.transaction() as session:
        repo.end_sessions(session, username)
