"""Fixtures: our CA (and a second, foreign one) built through the project's own API, once
per module, with DSCs and the trust-list signer; an empty cache per test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]

UTC = dt.UTC


def _authority(directory: Path, organisation: str, country: str):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise

    authority = Authority.open(make_settings(directory), actor="trust-list-test")
    initialise(authority, organisation=organisation, country=country)
    return authority


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Our CA (TH) with two DSCs: one unrestricted, one for tests only."""
    from mohpromt_ca.authority.dsc import issue_dsc

    authority = _authority(tmp_path_factory.mktemp("ca") / "data", "Ministry of Public Health", "TH")
    issue_dsc(authority)
    issue_dsc(authority, restrict_to="test")
    yield authority
    authority.close()


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Another country's authority: a wrong signer for our lists, a foreign list operator."""
    from mohpromt_ca.authority.dsc import issue_dsc

    authority = _authority(tmp_path_factory.mktemp("foreign") / "data", "Ministerie VWS", "NL")
    issue_dsc(authority, organisation="Ministerie VWS", country="NL")
    yield authority
    authority.close()


@pytest.fixture
def signer(ca):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.trust_list_signer import list_signer

    return list_signer(ca)


@pytest.fixture
def anchor(signer):  # type: ignore[no-untyped-def]
    return signer.certificate


@pytest.fixture
def cache(tmp_path: Path):  # type: ignore[no-untyped-def]
    from mohpromt_verifier.trust_lists.cache import TrustListCache

    return TrustListCache(tmp_path / "trust-lists")


def now() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)
