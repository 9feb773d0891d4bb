"""Credentials of platform modules (today the rewards module): create, authenticate, revoke.

A module credential belongs to no facility and no signer: it is what the rewards module
presents to ask the CA for vouchers (``POST /api/v1/vouchers``), and the only credential
that may. ``mpm_<key id>_<secret>``: the secret is 256 random bits, shown once; the
register keeps SHA-256 of the whole token (table ``module_credentials``). Made by
``mohpromt-ca apikey create --rewards-module``; revoked with ``apikey revoke KEY_ID``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from mohpromt_ca.application.authorization import MODULE, REWARDS_MODULE, Principal
from mohpromt_ca.application.errors import Unauthenticated
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import vouchers as repo

TOKEN_PREFIX = "mpm_"
MODULES = (REWARDS_MODULE,)
_TOKEN = re.compile(r"^mpm_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")

__all__ = ["MODULES", "TOKEN_PREFIX", "ModuleCredentialInfo", "authenticate_module", "create_module_credential",
           "list_module_credentials", "revoke_module_credential"]


@dataclass(frozen=True)
class ModuleCredentialInfo:
    key_id: str
    module: str
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    def principal(self) -> Principal:
        return Principal(MODULE, self.key_id, self.module)

    def as_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "module": self.module, "label": self.label,
                "created_at": self.created_at.isoformat(),
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None}


def _info(row: Any) -> ModuleCredentialInfo:
    return ModuleCredentialInfo(row.key_id, row.module, row.label, row.created_at, row.revoked_at)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_module_credential(authority: Authority, *, module: str = REWARDS_MODULE, label: str | None = None,
                             actor: str | None = None) -> tuple[ModuleCredentialInfo, str]:
    """A new credential for ``module`` and its token (returned once, stored only as a hash)."""
    if module not in MODULES:
        raise InputError(f"unknown module {module[:32]!r}; use one of {', '.join(MODULES)}")
    if label is not None and (len(label) > 128 or any(ord(c) < 0x20 for c in label)):
        raise InputError("label: at most 128 printable characters")
    key_id = secrets.token_hex(8)
    token = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    with authority.register.transaction() as session:
        row = repo.add_module_credential(session, key_id=key_id, secret_sha256=_digest(token), module=module,
                                         label=label, created_at=authority.clock.now(),
                                         created_by=actor or authority.actor)
        audit.append(session, actor=actor or authority.actor, action="module-credential.create",
                     target=f"module:{key_id}", details={"module": module, "label": label}, clock=authority.clock)
        info = _info(row)
    return info, token


def is_module_token(token: str) -> bool:
    return (token or "").strip().startswith(TOKEN_PREFIX)


def authenticate_module(authority: Authority, token: str) -> Principal:
    """The principal of a valid, unrevoked module token, or ``Unauthenticated``."""
    match = _TOKEN.match((token or "").strip())
    if match is None:
        raise Unauthenticated("the module credential is malformed")
    with authority.register.reading() as session:
        row = repo.module_credential(session, match.group(1))
        if row is None or not hmac.compare_digest(row.secret_sha256, _digest(match.group(0))):
            raise Unauthenticated("unknown module credential")
        if row.revoked_at is not None:
            raise Unauthenticated("this module credential was revoked")
        return _info(row).principal()


def revoke_module_credential(authority: Authority, key_id: str, *, actor: str | None = None) -> ModuleCredentialInfo:
    wanted = (key_id or "").strip().lower()
    with authority.register.transaction() as session:
        row = repo.module_credential(session, wanted, lock=True)
        if row is None:
            raise NotFound(f"no module credential with id {wanted[:32]!r}")
        if row.revoked_at is not None:
            raise StateError(f"module credential {wanted} is already revoked", code="already-revoked")
        row.revoked_at = authority.clock.now()
        audit.append(session, actor=actor or authority.actor, action="module-credential.revoke",
                     target=f"module:{wanted}", details={"module": row.module}, clock=authority.clock)
        session.flush()
        info = _info(row)
    return info


def list_module_credentials(authority: Authority) -> list[ModuleCredentialInfo]:
    with authority.register.reading() as session:
        return [_info(row) for row in repo.module_credentials(session)]
