"""MOHPROMT_TRUSTED_PROXIES: forwarding headers are believed only from the proxies listed; the
per-client login lockout cannot be escaped with X-Forwarded-For from anyone else (issue 19, part 4)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]

PASSWORD = "correct horse battery staple"


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """The app under uvicorn with the options `mohpromt-ca serve` uses (its proxy rewriting off)."""
    from mohpromt_ca.service.client_address import SERVER_OPTIONS

    with serving(app, **SERVER_OPTIONS) as base:
        yield base


def _login(client: httpx.Client, username: str, password: str, headers: dict[str, str] | None = None) -> int:
    page = client.get("/web/login", headers=headers)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:300]
    answer = client.post("/web/login", data={"csrf_token": token.group(1), "username": username,
                                             "password": password}, headers=headers)
    return answer.status_code


def _with_proxies(authority: Any, proxies: str) -> Any:
    settings = authority.settings
    authority.settings = type(settings)(**{**settings.model_dump(), "trusted_proxies": proxies})
    return authority


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_lockout_holds_against_untrusted_forwarding_headers(authority) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import CLIENT_FAILURES, create_user
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.storage.repositories.accounts import note_failure

    create_user(authority, username="officer", password=PASSWORD, role="ra-officer")
    with served(create_service_app(authority)) as url, httpx.Client(base_url=url, timeout=30) as client:
        # failures under other usernames (the per-client lock, not an account's): all but the last
        # recorded directly (argon2 makes each one slow), the last one over HTTP from this peer
        with authority.register.transaction() as session:
            for n in range(CLIENT_FAILURES - 1):
                note_failure(session, username=f"guess-{n}", client="127.0.0.1", at=authority.clock.now(),
                             keep_after=authority.clock.now() - dt.timedelta(hours=1))
        assert _login(client, "guess-last", "wrong password") == 401
        assert _login(client, "officer", PASSWORD) == 429
        # the default trusts no proxy: the header changes nothing
        assert _login(client, "officer", PASSWORD, {"X-Forwarded-For": "10.9.9.9"}) == 429
        assert _login(client, "officer", PASSWORD, {"X-Forwarded-For": "10.9.9.9, 10.8.8.8"}) == 429

    # a proxy list that does not hold this peer: still nothing
    with served(create_service_app(_with_proxies(authority, "10.0.0.0/8,192.0.2.1"))) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        assert _login(client, "officer", PASSWORD, {"X-Forwarded-For": "10.9.9.9"}) == 429

    # behind a trusted proxy (this peer), the forwarded address is the client
    with served(create_service_app(_with_proxies(authority, "127.0.0.1"))) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        assert _login(client, "officer", PASSWORD) == 429  # the proxy itself stays locked out
        assert _login(client, "officer", PASSWORD, {"X-Forwarded-For": "10.9.9.9"}) == 303
        assert _login(client, "officer", PASSWORD, {"X-Forwarded-For": "not-an-address"}) == 429


def test_forwarded_client_reads_from_the_right() -> None:
    import ipaddress

    from mohpromt_ca.service.client_address import forwarded_client

    ours = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8")]
    assert forwarded_client("127.0.0.1", "203.0.113.7", []) == "127.0.0.1"
    assert forwarded_client("192.0.2.9", "203.0.113.7", ours) == "192.0.2.9"
    # a client cannot push its own choice past the proxy: the rightmost untrusted hop wins
    assert forwarded_client("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.1.2.3", ours) == "203.0.113.7"
    assert forwarded_client("127.0.0.1", "10.1.1.1, 10.2.2.2", ours) == "10.1.1.1"
    assert forwarded_client("127.0.0.1", "203.0.113.7, junk", ours) == "127.0.0.1"
    assert forwarded_client("127.0.0.1", ",".join(["203.0.113.7"] * 40), ours) == "127.0.0.1"
    assert forwarded_client("::1", "2001:db8::5", [ipaddress.ip_network("::1/128")]) == "2001:db8::5"


def test_setting_refuses_what_is_not_an_address() -> None:
    from pydantic import ValidationError

    from mohpromt_ca.config import Settings

    with pytest.raises(ValidationError):
        Settings(trusted_proxies="10.0.0.1,proxy.example")
    assert [str(n) for n in Settings(trusted_proxies=" 10.0.0.1, 192.168.0.0/24").trusted_proxy_networks] == \
        ["10.0.0.1/32", "192.168.0.0/24"]
