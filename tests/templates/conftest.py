"""Fixtures for the certificate-template tests: one shared renderer, samples rendered once."""

from __future__ import annotations

import pytest

from mohpromt_ca.issuer.rendering import Renderer

from .helpers import QR_TEXT


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="session")
def rendered(renderer: Renderer) -> dict[str, bytes]:
    """Each type's sample rendered once per session (keyed by type)."""
    from mohpromt_ca.templates import list_types

    return {t.key: renderer.render(t.key, t.sample, QR_TEXT) for t in list_types()}
