"""A real HTTP server (uvicorn on loopback) in front of a real authority."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import serving  # type: ignore[import-not-found]


@pytest.fixture
def pki_server(authority) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.pki import create_pki_app

    with serving(create_pki_app(authority)) as url:
        yield url
