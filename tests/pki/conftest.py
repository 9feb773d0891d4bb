"""A real HTTP server (uvicorn on loopback) in front of a real authority."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def pki_server(authority) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn

    from mohpromt_ca.pki_app import create_pki_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_pki_app(authority), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the PKI server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
