"""Plugin tests: each test's own certificate types, and the demo certificate type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEMO_TYPE = Path(__file__).resolve().parent / "demo_type" / "dive_fitness"


@pytest.fixture
def isolated_templates() -> Iterator[Any]:
    """A host's certificate types of the test's own (there is no process-wide registry)."""
    from mohpromt_ca.templates import CertificateTypes

    yield CertificateTypes()


@pytest.fixture
def demo_type() -> Path:
    return DEMO_TYPE
