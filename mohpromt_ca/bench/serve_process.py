"""A real `mohpromt-ca serve` process for the HTTP benchmarks: start it, wait until it answers, stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(url: str, server: subprocess.Popen[bytes], *, timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers 200; fail early if the server process died."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"mohpromt-ca serve exited with {server.returncode} before {url} answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.1)


@contextlib.contextmanager
def serve_process(data_dir: str, passphrase: str, *, workers: int = 1, database_url: str | None = None,
                  ready_path: str = "/readyz") -> Iterator[str]:
    """Run `mohpromt-ca serve` on a free loopback port; yield its base URL once ``ready_path`` answers."""
    port = free_port()
    env = {**os.environ, "MOHPROMT_DATA_DIR": data_dir, "MOHPROMT_KEY_PASSPHRASE": passphrase}
    if database_url:
        env["MOHPROMT_DATABASE_URL"] = database_url
    else:
        env.pop("MOHPROMT_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "mohpromt_ca.cli", "serve", "--port", str(port),
                               "--workers", str(workers)], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base + ready_path, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
