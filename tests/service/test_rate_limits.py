"""Rate limits per API key and per facility (issue 19, part 7): token buckets in the register's
database, 429 with Retry-After, and two nodes on one PostgreSQL database count together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]

LIMITS = {"rate_limit_api_key_per_minute": 60, "rate_limit_api_key_burst": 2,  # 1 per second, 2 at once
          "rate_limit_facility_per_minute": 60, "rate_limit_facility_burst": 3}


def _node(data_dir: Path, url: str, clock: Any) -> tuple[Any, Any]:
    """One node of the service: its own authority (engine) and app over the shared data and database."""
    from fastapi.testclient import TestClient

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.service.app import create_service_app

    authority = Authority.open(make_settings(data_dir, url, **LIMITS), clock=clock, actor="test-officer")
    return authority, TestClient(create_service_app(authority))


def _call(client: Any, key: str) -> Any:
    return client.get("/api/v1/documents/NO-SUCH-1", headers={"Authorization": f"Bearer {key}"})


@pytest.mark.postgres
def test_per_key_and_per_facility_limits_shared_by_two_nodes(tmp_path: Path, postgres_url: str) -> None:
    from mohpromt_ca.application.accounts import create_api_key
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.clock import FixedClock
    from mohpromt_ca.registration.desk import decide_facility, register_facility

    clock = FixedClock(dt.datetime.now(dt.UTC))
    setup = Authority.open(make_settings(tmp_path / "data", postgres_url), actor="test-officer")
    try:
        initialise(setup, organisation="Ministry of Public Health", country="TH")
        facility = register_facility(setup, type="medical-clinic", licence="LIC-RATE", name_th="คลินิก",
                                     name_en="Clinic")
        decide_facility(setup, facility.id, "approve")
        key_a = create_api_key(setup, facility_id=facility.id)[1]
        key_b = create_api_key(setup, facility_id=facility.id)[1]
    finally:
        setup.close()
    first, node1 = _node(tmp_path / "data", postgres_url, clock)
    second, node2 = _node(tmp_path / "data", postgres_url, clock)  # another node: its own engine and app
    try:

        # key A: a burst of 2, the second spent on the other node
        assert _call(node1, key_a).status_code == 404
        assert _call(node2, key_a).status_code == 404
        refused = _call(node1, key_a)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "rate-limited"
        # key B has tokens of its own, but the facility's bucket (3) has one left
        assert _call(node2, key_b).status_code == 404
        facility_refused = _call(node1, key_b)
        assert facility_refused.status_code == 429 and int(facility_refused.headers["retry-after"]) >= 1
        # a refused call spends nothing; time refills both buckets
        clock.advance(dt.timedelta(seconds=2))
        assert _call(node2, key_a).status_code == 404
        assert _call(node1, key_b).status_code == 404
        assert _call(node1, key_b).status_code == 429  # facility: 2 refilled, 2 spent
        # a bad key is refused as before (401), not counted against anyone
        assert _call(node1, "mpk_nope_nope").status_code == 401
    finally:
        node1.close()
        node2.close()
        first.close()
        second.close()


def test_no_limit_configured_means_no_bucket(tmp_path: Path) -> None:
    from mohpromt_ca.application.authorization import Principal
    from mohpromt_ca.application.rate_limits import charge
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.storage.tables.rate_limits import RateBucket

    authority = Authority.open(make_settings(tmp_path / "data"), actor="test")
    try:
        for _ in range(100):
            charge(authority, Principal(kind="api-key", ident="k1", role="integrator", facility_id=1))
        with authority.register.reading() as session:
            assert session.query(RateBucket).count() == 0
    finally:
        authority.close()
