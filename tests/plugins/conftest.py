"""Plugin tests: isolate the process-wide templates providers, and the demo certificate type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

DEMO_TYPE = Path(__file__).resolve().parent / "demo_type" / "dive_fitness"


@pytest.fixture
def isolated_templates(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No type providers but the ones a test registers (every host registry adds one)."""
    from mohpromt_ca import templates

    monkeypatch.setattr(templates, "_providers", [])
    monkeypatch.setattr(templates, "_all_cache", None)
    yield


@pytest.fixture
def demo_type() -> Path:
    return DEMO_TYPE
