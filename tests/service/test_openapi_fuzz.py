"""schemathesis against /api/v1/openapi.json: the REST API, served by uvicorn over a real
authority with an approved facility, an enrolled signer, a DSC and an API key (so the
authenticated paths run), on SQLite and PostgreSQL. No 500s, and every answer is one the
schema documents: status code, content type, and body schema.

Bounded: a few dozen examples per operation, positive and negative data; about half a
minute per database.
"""

from __future__ import annotations

import copy
import json
import urllib.parse
from typing import Any

import pytest

from tests.conftest import serving  # type: ignore[import-not-found]
from tests.service.test_api import VACCINATION, _pdf_request, world  # noqa: F401

pytestmark = pytest.mark.slow

EXAMPLES = 60
# The handlers are the same on both databases: the broad search runs on SQLite, the PostgreSQL
# run is a narrower pass over the same operations (what differs there is the storage layer).
EXAMPLES_ON_POSTGRESQL = 20


def _checks() -> list[Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _operations(schema: Any) -> list[Any]:
    """Every /api/v1 operation (documents, bulk jobs, vouchers); /pki and /trust-lists are not the REST API."""
    return [op for op in (result.ok() for result in schema.get_all_operations()) if op.path.startswith("/api/v1/")]


def _fuzz(operation: Any, base: str, headers: dict[str, str], *, mode: Any, failures: list[str],
          examples: int = EXAMPLES, **fixed: Any) -> None:
    from hypothesis import HealthCheck, given, settings

    strategy = operation.as_strategy(generation_mode=mode, headers=headers, **fixed)

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call(base_url=base, headers=headers, timeout=60)
        case.validate_response(response, checks=_checks(), headers=headers)

    from hypothesis.errors import Unsatisfiable

    try:
        run()
    except Unsatisfiable:  # nothing to negate (e.g. a free-form path parameter): no negative cases
        return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - schemathesis' FailureGroup is a BaseExceptionGroup
        failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {type(exc).__name__}: "
                        f"{str(exc)[:1500]}")


def test_api_conforms_to_its_openapi_schema(authority, world, database_url):  # type: ignore[no-untyped-def]
    import httpx
    import schemathesis
    from schemathesis import GenerationMode

    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.service.app import create_service_app

    examples = EXAMPLES if database_url is None else EXAMPLES_ON_POSTGRESQL
    @schemathesis.serializer("application/x-ndjson")  # a bulk job's NDJSON body: one record a line
    def ndjson(_ctx: Any, value: Any) -> dict[str, Any]:
        if isinstance(value, (bytes, str)):
            return {"data": value}
        return {"data": json.dumps(value, default=str).encode() + b"\n"}

    if authority.register.shared:  # bulk jobs queue chunk tasks: the queue's schema, as `db upgrade` makes it
        from mohpromt_ca.storage.task_queue import apply_schema

        apply_schema(authority.register.url)
    # the service's own API, without whatever plugins happen to be installed beside it
    with serving(create_service_app(authority, plugins=PluginRegistry())) as base:
        auth = {"Authorization": f"Bearer {world['key']}"}
        with httpx.Client(base_url=base, timeout=60) as client:  # real things for the paths to find
            pdf = client.post("/api/v1/documents/pdf", json=_pdf_request(world, "FUZZ-PDF-1"), headers=auth)
            assert pdf.status_code == 201, pdf.text
            dcc = client.post("/api/v1/documents/dcc", json={"data": copy.deepcopy(VACCINATION)}, headers=auth)
            assert dcc.status_code == 201, dcc.text
            job = client.post("/api/v1/bulk-jobs", headers=auth, json={
                "kind": "dcc", "records": [copy.deepcopy(VACCINATION)]})
            assert job.status_code == 202, job.text
        schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
        operations = _operations(schema)
        assert {op.path for op in operations} >= {"/api/v1/documents/pdf", "/api/v1/bulk-jobs",
                                                  "/api/v1/bulk-jobs/{job_id}/result"}
        failures: list[str] = []
        known = {"number": [pdf.json()["document_number"], dcc.json()["uvci"]], "job_id": [job.json()["id"]]}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(operation, base, auth, mode=mode, failures=failures, examples=examples)
            # and the same operation on things that exist (download, status, revoke, job, result)
            names = [p.name for p in operation.path_parameters]
            for name in names:
                for value in known.get(name, []):
                    _fuzz(operation, base, auth, mode=GenerationMode.POSITIVE, failures=failures, examples=3,
                          path_parameters={name: value})
            # and without a credential: 401, documented
            _fuzz(operation, base, {}, mode=GenerationMode.POSITIVE, failures=failures, examples=3)
        # a lost credential reaching a real document: 401 still problem+json
        number = urllib.parse.quote(pdf.json()["document_number"], safe="")
        with httpx.Client(base_url=base, timeout=60) as client:
            answer = client.get(f"/api/v1/documents/{number}", headers={"Authorization": "Bearer nope"})
            assert answer.status_code == 401 and answer.headers["content-type"] == "application/problem+json"
    assert not failures, "\n\n".join(failures)

