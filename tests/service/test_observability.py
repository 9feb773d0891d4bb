"""Request ids, JSON access logs without values, Prometheus metrics, and serve --workers."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE
def test_request_ids_logs_and_metrics(authority, caplog) -> None:
    from mohpromt_ca.service.app import create_service_app

    client = TestClient(create_service_app(authority))
    with caplog.at_level(logging.INFO, logger="mohpromt_ca.access"):
        generated = client.get("/healthz").headers["X-Request-ID"]
        assert len(generated) == 16 and int(generated, 16) >= 0
        assert client.get("/healthz", headers={"X-Request-ID": "gate-7.scan-42"}).headers["X-Request-ID"] == \
            "gate-7.scan-42"
        assert client.get("/healthz", headers={"X-Request-ID": "bad id; DROP"}).headers["X-Request-ID"] != \
            "bad id; DROP"
        secret_looking = "MEIwQDA-PzA9MAkGBSsOAwIaBQAEFA"
        client.get(f"/pki/ocsp/{secret_looking}")
        client.post("/api/v1/documents/pdf", json={"citizen_id": "1101700230705"})
    lines = [r for r in caplog.records if r.name == "mohpromt_ca.access"]
    routes = [r.fields["route"] for r in lines]  # type: ignore[attr-defined]
    assert "/healthz" in routes and "/pki/ocsp/{encoded:path}" in routes and "/api/v1/documents/pdf" in routes
    text = " ".join(json.dumps(r.fields) for r in lines)  # type: ignore[attr-defined]
    assert secret_looking not in text and "1101700230705" not in text
    exposition = client.get("/metrics").text
    assert 'mohpromt_http_requests_total{method="GET",route="/healthz",status="200"} 3.0' in exposition
    assert "mohpromt_http_request_duration_seconds_bucket" in exposition
    assert 'route="/api/v1/documents/pdf",status="401"' in exposition


def test_json_log_formatter() -> None:
    from mohpromt_ca.service.observability import JsonLogFormatter

    record = logging.LogRecord("mohpromt_ca.access", logging.INFO, __file__, 1, "request", None, None)
    record.fields = {"request_id": "abc", "status": 200}  # type: ignore[attr-defined]
    line = json.loads(JsonLogFormatter().format(record))
    assert line["request_id"] == "abc" and line["status"] == 200 and line["level"] == "info"


@SQLITE
def test_serve_with_two_workers(authority, tmp_path) -> None:
    from mohpromt_ca.bench.serve_process import free_port, serve_process

    with serve_process(str(authority.settings.data_dir), TEST_PASSPHRASE, workers=2) as base:
        answers = {httpx.get(f"{base}/pki/certs/root.crt").status_code for _ in range(10)}
        assert answers == {200}
    env = {k: v for k, v in os.environ.items() if k not in ("MOHPROMT_KEY_PASSPHRASE", "MOHPROMT_DATABASE_URL")}
    env["MOHPROMT_DATA_DIR"] = str(authority.settings.data_dir)
    refused = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "serve", "--port", str(free_port()),
                              "--workers", "2"], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert refused.returncode != 0 and "MOHPROMT_KEY_PASSPHRASE" in refused.stderr
