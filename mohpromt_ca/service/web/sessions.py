"""Signed session cookies for the web pages (stateless: no table, no migration).

The cookie is ``base64url(JSON payload) + "." + base64url(HMAC-SHA256)`` with a 256-bit
secret kept in ``DATA_DIR/web-session.key`` (0600, created once, atomically, so every
worker of ``serve --workers N`` reads the same one). The payload holds

* ``sid``: a random id; the CSRF token is derived from it (``csrf``), and a new one is
  drawn at login (no session fixation);
* for a logged-in user: the username, role, facility and signer, and ``pw``: 16 hex of
  SHA-256 over the stored argon2 hash, and ``g``, the account's session generation at
  login. Each request reloads the account: a disabled account, a changed role or scope, a
  changed password or a newer generation ends the session;
* ``iat`` (login time) and ``seen`` (last request). Sessions end after ``IDLE`` without a
  request or ``ABSOLUTE`` after login, whichever comes first.

Logout clears the cookie in the browser and increments the account's generation
(``service_users.session_generation``), so every copy of a cookie from before, in this
browser or another, is refused from then on: logging out logs that account out everywhere.
The cookie is HttpOnly, so page scripts cannot copy it.

Attributes: ``HttpOnly``, ``SameSite=Lax`` (a link from an e-mail still lands logged in;
every state change is a POST, which Lax does not send cross-site, and carries a CSRF
token), ``Path=/``, and ``Secure`` when the request came over https or
``MOHPROMT_BASE_URL`` is https. Over plain ``http://127.0.0.1`` (development) the
cookie is not Secure, since the browser would drop it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

COOKIE = "mohpromt_session"
LANG_COOKIE = "mohpromt_lang"
IDLE = 8 * 3600
ABSOLUTE = 12 * 3600
REFRESH_AFTER = 60  # re-sign the cookie (new ``seen``) at most once a minute
SECRET_FILE = "web-session.key"


def load_secret(authority: Any) -> bytes:
    """The HMAC secret, created on first use: a 0600 file on SQLite, the register's shared value on
    PostgreSQL (every service node honours every node's sessions and CSRF tokens)."""
    from mohpromt_ca.application.shared_secrets import load_shared_secret

    return load_shared_secret(authority, Path(authority.settings.data_dir) / SECRET_FILE)


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Session:
    sid: str
    iat: int
    seen: int
    username: str | None = None
    role: str | None = None
    facility_id: int | None = None
    signer_id: int | None = None
    pw: str | None = None
    gen: int = 0

    @property
    def logged_in(self) -> bool:
        return self.username is not None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sid": self.sid, "iat": self.iat, "seen": self.seen}
        if self.username is not None:
            out.update({"u": self.username, "r": self.role, "f": self.facility_id, "s": self.signer_id,
                        "pw": self.pw, "g": self.gen})
        return out


def new_session(now: int | None = None) -> Session:
    now = int(time.time()) if now is None else now
    return Session(sid=secrets.token_urlsafe(18), iat=now, seen=now)


def login_session(*, username: str, role: str, facility_id: int | None, signer_id: int | None,
                  password_hash: str, generation: int = 0, now: int | None = None) -> Session:
    """A fresh session (new ``sid``: the anonymous one's CSRF token dies with it)."""
    return replace(new_session(now), username=username, role=role, facility_id=facility_id,
                   signer_id=signer_id, pw=password_fingerprint(password_hash), gen=generation)


class SessionCodec:
    def __init__(self, secret: bytes) -> None:
        self._key = hashlib.sha256(b"mohpromt web session\n" + secret).digest()
        self._csrf_key = hashlib.sha256(b"mohpromt web csrf\n" + secret).digest()

    def encode(self, session: Session) -> str:
        body = _b64(json.dumps(session.payload(), separators=(",", ":")).encode())
        mac = hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest()
        return f"{body}.{_b64(mac)}"

    def decode(self, cookie: str | None, now: int | None = None) -> Session | None:
        """The session in ``cookie``, or None when absent, forged, malformed or expired."""
        if not cookie or len(cookie) > 4096 or cookie.count(".") != 1:
            return None
        body, mac = cookie.split(".")
        try:
            wanted = hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest()
            if not hmac.compare_digest(wanted, _unb64(mac)):
                return None
            data = json.loads(_unb64(body))
            session = Session(sid=str(data["sid"]), iat=int(data["iat"]), seen=int(data["seen"]),
                              username=data.get("u"), role=data.get("r"), facility_id=data.get("f"),
                              signer_id=data.get("s"), pw=data.get("pw"), gen=int(data.get("g") or 0))
        except (ValueError, KeyError, TypeError, UnicodeError):
            return None
        now = int(time.time()) if now is None else now
        if now - session.seen > IDLE or now - session.iat > ABSOLUTE or session.seen > now + 300:
            return None
        return session

    def csrf_token(self, session: Session) -> str:
        return _b64(hmac.new(self._csrf_key, session.sid.encode(), hashlib.sha256).digest())

    def csrf_ok(self, session: Session | None, token: str | None) -> bool:
        if session is None or not token or len(token) > 128:
            return False
        return hmac.compare_digest(self.csrf_token(session), token)
