"""The client address every throttle and log uses: the TCP peer, unless that peer is a proxy the
operator listed in ``MOHPROMT_TRUSTED_PROXIES``.

Forwarding headers are believed only from those addresses (default: from nobody). Behind a
trusted proxy, ``X-Forwarded-For`` is read from the right: each hop that is itself a trusted
proxy is skipped and the first address that is not becomes the client. A header that does not
parse is ignored whole (the peer stays the client). uvicorn's own proxy-header rewriting is
turned off (:data:`SERVER_OPTIONS`): left on, it trusts ``127.0.0.1`` by default, so anyone on
the host could choose the address a login lockout counts against.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

#: uvicorn options for every server that runs the service (`mohpromt-ca serve`)
SERVER_OPTIONS: dict[str, Any] = {"proxy_headers": False}

_MAX_HOPS = 32  # a longer X-Forwarded-For is not a real proxy chain: ignored
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address: str, networks: Sequence[Network]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str | None, networks: Sequence[Network]) -> str:
    """The client address for a request from ``peer`` carrying ``forwarded_for`` (X-Forwarded-For)."""
    if not networks or not forwarded_for or not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    if len(hops) > _MAX_HOPS or any(_address(hop) is None for hop in hops):
        return peer
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return str(_address(hop))
    return str(_address(hops[0]))  # every hop is one of ours: the first is as far as we can see


class TrustedProxies:
    """ASGI middleware: rewrites ``scope["client"]`` from X-Forwarded-For, for trusted peers only."""

    def __init__(self, app: Any, networks: Sequence[Network]) -> None:
        self.app = app
        self.networks = tuple(networks)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self.networks and scope.get("type") in ("http", "websocket") and scope.get("client"):
            peer, port = scope["client"]
            values = [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"]
            client = forwarded_client(peer, ",".join(values) if values else None, self.networks)
            if client != peer:
                scope = {**scope, "client": (client, port)}
        await self.app(scope, receive, send)
