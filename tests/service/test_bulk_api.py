"""Bulk jobs over the API (real HTTP, SQLite and PostgreSQL): submit, poll, download; who may see
what; bad input; and a job interrupted mid-way resumes without issuing any record twice."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]
from tests.service.test_api import VACCINATION, _auth, _is_problem, _pdf_request, world  # noqa: F401

JOBS = "/api/v1/bulk-jobs"


@pytest.fixture
def app(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.service.app import create_service_app

    return create_service_app(authority)


@contextlib.contextmanager
def queue_worker(app: Any) -> Iterator[None]:
    """On PostgreSQL the service only queues chunk tasks: a procrastinate worker (here on a thread)
    runs them. On SQLite the served app runs them itself."""
    jobs = app.state.bulk_jobs
    if not jobs.authority.register.shared:
        yield
        return
    from mohpromt_ca.application.task_queue import ThreadedWorker
    from mohpromt_ca.storage.task_queue import apply_schema

    apply_schema(jobs.authority.register.url)
    worker = ThreadedWorker(jobs)
    worker.start()
    try:
        yield
    finally:
        worker.stop()


@pytest.fixture
def server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with serving(app) as url, queue_worker(app):
        yield url


def _pdf_job(world: dict[str, Any], numbers: list[str], level: str = "B-B", signer: str = "signer") -> dict[str, Any]:
    records = [_pdf_request(world, number, signer)["data"] for number in numbers]
    return {"kind": "pdf", "type": "general-health", "signer_id": world[signer].id, "level": level,
            "records": records}


def _wait(client: httpx.Client, job_id: str, token: str, timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"{JOBS}/{job_id}", headers=_auth(token))
        assert response.status_code == 200, response.text
        job = response.json()
        if job["state"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def _zip(response: httpx.Response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _lines(archive: zipfile.ZipFile, name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in archive.read(name).decode().splitlines() if line.strip()]


def test_pdf_job_submit_poll_download_verify(server, world, authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf

    body = _pdf_job(world, ["BULK-PDF-1", "BULK-PDF-2", "BULK-PDF-3"], level="B-LT")
    bad = copy.deepcopy(body["records"][1])
    bad["patient"]["citizen_id"] = "1111111111111"
    body["records"].insert(1, bad)  # record 2: refused, names the field, not the value
    headers = {**_auth(world["key"]), "Idempotency-Key": "batch-1"}
    with httpx.Client(base_url=server, timeout=60) as client:
        submitted = client.post(JOBS, json=body, headers=headers)
        assert submitted.status_code == 202, submitted.text
        job = submitted.json()
        assert submitted.headers["Location"] == f"{JOBS}/{job['id']}"
        assert job["state"] in ("queued", "running") and job["total"] == 4
        again = client.post(JOBS, json=body, headers=headers)  # a retried submission: the same job
        assert again.status_code == 202 and again.json()["id"] == job["id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        other = copy.deepcopy(body)
        other["records"].pop()
        _is_problem(client.post(JOBS, json=other, headers=headers), 422)

        finished = _wait(client, job["id"], world["key"])
        assert finished["state"] == "done", finished
        assert (finished["total"], finished["done"], finished["failed"]) == (4, 3, 1)
        [error] = finished["errors"]
        assert error["line"] == 2 and error["field"] == "patient.citizen_id" and error["code"] == "template-input"
        assert "1111111111111" not in json.dumps(finished)
        assert finished["result_url"] == f"{JOBS}/{job['id']}/result"

        archive = _zip(client.get(finished["result_url"], headers=_auth(world["key"])))
        manifest = _lines(archive, "manifest.jsonl")
        assert [m["line"] for m in manifest] == [1, 3, 4]
        assert [m["document_number"] for m in manifest] == ["BULK-PDF-1", "BULK-PDF-2", "BULK-PDF-3"]
        assert [e["line"] for e in _lines(archive, "errors.jsonl")] == [2]
        root = authority.certificate_of("root")
        import hashlib

        for entry in manifest:
            pdf = archive.read(entry["file"])
            assert hashlib.sha256(pdf).hexdigest() == entry["sha256"]
            report = verify_pdf(pdf, PdfVerification(anchors=(root,), clock=SYSTEM_CLOCK))
            assert report.verdict == "valid", report.to_text()  # type: ignore[attr-defined]
            status = client.get(f"/api/v1/documents/{entry['document_number']}", headers=_auth(world["key"]))
            assert status.status_code == 200 and status.json()["sha256"] == entry["sha256"]
    # the records (medical data) are not kept once the job is done
    from sqlalchemy import func, select

    from mohpromt_ca.storage.models import BulkJobInput

    with authority.register.reading() as session:
        assert session.execute(select(func.count()).select_from(BulkJobInput)).scalar_one() == 0


def test_dcc_job_every_hc1_decodes(server, world):  # type: ignore[no-untyped-def]
    from mohpromt_verifier.formats.hcert import decode_hc1

    test_record = copy.deepcopy(VACCINATION)
    test_record["vaccination"]["dose_number"] = 1
    broken = copy.deepcopy(VACCINATION)
    del broken["vaccination"]["vaccine"]
    body = {"kind": "dcc", "type": "vaccination", "records": [VACCINATION, broken, test_record]}
    with httpx.Client(base_url=server, timeout=60) as client:
        submitted = client.post(JOBS, json=body, headers=_auth(world["signer_key"]))
        assert submitted.status_code == 202, submitted.text
        finished = _wait(client, submitted.json()["id"], world["signer_key"])
        assert (finished["state"], finished["done"], finished["failed"]) == ("done", 2, 1), finished
        assert finished["errors"][0]["line"] == 2
        archive = _zip(client.get(finished["result_url"], headers=_auth(world["signer_key"])))
        hc1s = _lines(archive, "hc1.jsonl")
        assert [h["line"] for h in hc1s] == [1, 3]
        doses = []
        for entry in hc1s:
            decoded = decode_hc1(entry["hc1"]).dcc
            assert decoded["v"][0]["ci"] == entry["uvci"]
            doses.append(decoded["v"][0]["dn"])
        assert doses == [2, 1]
        assert {m["uvci"] for m in _lines(archive, "manifest.jsonl")} == {h["uvci"] for h in hc1s}


def test_cross_principal_refused(server, world):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=server, timeout=60) as client:
        # another facility's signer: refused before anything is queued
        _is_problem(client.post(JOBS, json=_pdf_job(world, ["X-1"], signer="their_signer"),
                                headers=_auth(world["key"])), 403)
        # a key scoped to one signer cannot submit for the other signer of its facility
        _is_problem(client.post(JOBS, json=_pdf_job(world, ["X-2"], signer="second"),
                                headers=_auth(world["signer_key"])), 403)
        submitted = client.post(JOBS, json=_pdf_job(world, ["CROSS-1"]), headers=_auth(world["key"]))
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["id"]
        for token in ("their_key", "second_key", "signer_key"):  # even the same facility's other keys
            _is_problem(client.get(f"{JOBS}/{job_id}", headers=_auth(world[token])), 403)
            _is_problem(client.get(f"{JOBS}/{job_id}/result", headers=_auth(world[token])), 403)
        _is_problem(client.get(f"{JOBS}/{job_id}"), 401)
        _is_problem(client.get(f"{JOBS}/{'0' * 32}", headers=_auth(world["key"])), 404)
        assert _wait(client, job_id, world["key"])["state"] == "done"


def test_bad_input_is_4xx_problem(server, world):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.bulk_jobs import MAX_RECORDS

    key = _auth(world["key"])
    good = _pdf_job(world, ["BAD-1"])
    cases: list[tuple[Any, int]] = [
        ({**good, "records": []}, 422),                                    # empty
        ({**good, "records": [{}] * (MAX_RECORDS + 1)}, 422),              # too many
        ({**good, "kind": "xml"}, 422),                                    # wrong kind
        ({**good, "records": ["not an object"]}, 422),
        ({**good, "signer_id": None}, 400),                                # a PDF job names its signer
        ({**good, "type": "no-such-type"}, 400),
        ({**good, "level": "B-XYZ"}, 400),
        ({"kind": "dcc", "signer_id": world["signer"].id, "records": [VACCINATION]}, 400),
        ({"kind": "dcc", "type": "booster", "records": [VACCINATION]}, 400),
        ([good], 422),
        ({**good, "extra": 1}, 422),
    ]
    with httpx.Client(base_url=server, timeout=60) as client:
        for body, status in cases:
            _is_problem(client.post(JOBS, json=body, headers=key), status)
        _is_problem(client.post(JOBS, content=b"{not json", headers={**key, "Content-Type": "application/json"}), 422)
        big = {**good, "records": [{"x": "y" * 1024}] * 1100}
        _is_problem(client.post(JOBS, json=big, headers=key), 413)
        _is_problem(client.get(f"{JOBS}/not-a-job-id", headers=key), 422)


def test_result_before_the_job_is_done_is_409(authority, app, world):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.accounts import authenticate_api_key
    from mohpromt_ca.errors import StateError

    jobs = app.state.bulk_jobs  # the app is not served: no worker runs the job
    if authority.register.shared:
        from mohpromt_ca.errors import StorageError
        from mohpromt_ca.storage.task_queue import apply_schema

        who = authenticate_api_key(authority, world["key"])
        with pytest.raises(StorageError) as unqueued:  # no queue tables yet: refused, nothing half-made
            jobs.submit(who, kind="dcc", records=[VACCINATION])
        assert unqueued.value.code == "queue-unavailable"
        apply_schema(authority.register.url)
    who = authenticate_api_key(authority, world["key"])
    job = jobs.submit(who, kind="pdf", type_key="general-health", signer_id=world["signer"].id, level="B-B",
                      records=[_pdf_request(world, "EARLY-1")["data"]])
    with pytest.raises(StateError) as refused:
        jobs.result(who, job.id)
    assert refused.value.http_status == 409 and refused.value.code == "job-not-finished"

    # an upload its node never finished (it died mid-stream) is invisible, never run, and swept
    import datetime as dt

    from sqlalchemy import func, select

    from mohpromt_ca.errors import NotFound
    from mohpromt_ca.storage.models import BulkJobInput

    upload = jobs.open_upload(who, kind="dcc")
    upload.add([VACCINATION] * 3)
    upload._flush()
    with pytest.raises(NotFound):
        jobs.status(who, upload.public_id)
    assert all(job_id != upload.job_id for job_id, _chunk in jobs.pending_chunks())
    assert jobs.sweep_abandoned_uploads(older_than=dt.timedelta(hours=1)) == 0  # still young
    assert jobs.sweep_abandoned_uploads(older_than=dt.timedelta(0)) == 1
    with authority.register.reading() as session:
        left = session.execute(select(func.count()).select_from(BulkJobInput).where(
            BulkJobInput.job_id == upload.job_id)).scalar_one()
    assert left == 0


def test_job_resumes_after_interruption_without_issuing_twice(authority, app, world):  # type: ignore[no-untyped-def]
    """The worker died after record 1 was noted and record 2 was issued but not noted; the chunk
    runs again (the in-process worker's start-up on SQLite, a procrastinate worker on PostgreSQL)
    and finishes the job with every record issued once."""
    from sqlalchemy import func, select

    from mohpromt_ca.application.accounts import authenticate_api_key
    from mohpromt_ca.storage.models import BulkJob, IssuedDocument

    jobs = app.state.bulk_jobs
    if authority.register.shared:
        from mohpromt_ca.storage.task_queue import apply_schema

        apply_schema(authority.register.url)
    who = authenticate_api_key(authority, world["key"])
    numbers = [f"RESUME-{n}" for n in range(1, 5)]
    job = jobs.submit(who, kind="pdf", type_key="general-health", signer_id=world["signer"].id, level="B-B",
                      records=[_pdf_request(world, number)["data"] for number in numbers])
    issued = []
    for line in (1, 2):  # issued before the crash; only record 1 was noted
        issued.append(jobs.documents.issue_pdf(who, type_key="general-health",
                                               data=_pdf_request(world, numbers[line - 1])["data"],
                                               signer_id=world["signer"].id, level="B-B",
                                               idempotency_key=f"bulk-job:{job.id}:{line}"))
    with authority.register.reading() as session:
        job_id = session.execute(select(BulkJob.id).where(BulkJob.public_id == job.id)).scalar_one()
    jobs._note(job_id, line=1, status="issued", document_number=issued[0].number, sha256=issued[0].sha256)

    with serving(app) as url, queue_worker(app), httpx.Client(base_url=url, timeout=60) as client:
        finished = _wait(client, job.id, world["key"])
        assert (finished["state"], finished["done"], finished["failed"]) == ("done", 4, 0), finished
        archive = _zip(client.get(f"{JOBS}/{job.id}/result", headers=_auth(world["key"])))
        manifest = _lines(archive, "manifest.jsonl")
    assert [m["document_number"] for m in manifest] == numbers
    assert manifest[1]["sha256"] == issued[1].sha256  # record 2 is the document issued before the crash
    with authority.register.reading() as session:
        counts = dict(session.execute(select(IssuedDocument.document_number, func.count()).where(
            IssuedDocument.document_number.in_(numbers)).group_by(IssuedDocument.document_number)).all())
    assert counts == {number: 1 for number in numbers}


def test_ndjson_job_streamed_with_query_options(server, world, authority):  # type: ignore[no-untyped-def]
    """NDJSON: one record a line, sent in pieces (a generator: chunked transfer), the options as query
    parameters; a line that is not JSON, a missing kind and a non-object record are refused."""
    from click.testing import CliRunner

    from mohpromt_ca.cli import main
    from mohpromt_verifier.formats.hcert import decode_hc1

    broken = copy.deepcopy(VACCINATION)
    del broken["vaccination"]["vaccine"]
    records = [VACCINATION] * 3 + [broken] + [VACCINATION] * 2

    def pieces() -> Iterator[bytes]:
        text = b"".join(json.dumps(r).encode() + b"\n" for r in records)
        for start in range(0, len(text), 97):  # lines split across pieces
            yield text[start:start + 97]

    ndjson = {**_auth(world["signer_key"]), "Content-Type": "application/x-ndjson"}
    with httpx.Client(base_url=server, timeout=60) as client:
        submitted = client.post(f"{JOBS}?kind=dcc&type=vaccination", content=pieces(), headers=ndjson)
        assert submitted.status_code == 202, submitted.text
        assert submitted.json()["total"] == 6
        _is_problem(client.post(f"{JOBS}?kind=dcc", content=b'{"a":1}\n{not json\n', headers=ndjson), 400)
        _is_problem(client.post(JOBS, content=b'{"a":1}\n', headers=ndjson), 400)
        _is_problem(client.post(f"{JOBS}?kind=dcc", content=b'[1]\n', headers=ndjson), 400)
        _is_problem(client.post(f"{JOBS}?kind=dcc", content=b'\n\n', headers=ndjson), 400)
        finished = _wait(client, submitted.json()["id"], world["signer_key"])
        assert (finished["state"], finished["done"], finished["failed"]) == ("done", 5, 1), finished
        assert finished["errors"][0]["line"] == 4
        hc1s = _lines(_zip(client.get(finished["result_url"], headers=_auth(world["signer_key"]))), "hc1.jsonl")
        assert [h["line"] for h in hc1s] == [1, 2, 3, 5, 6]
        assert all(decode_hc1(h["hc1"]).dcc["v"][0]["ci"] == h["uvci"] for h in hc1s)

    # the operator's view: `mohpromt-ca bulk status JOB` (exit 1: a record was refused)
    env = {"MOHPROMT_DATA_DIR": str(authority.settings.data_dir), "MOHPROMT_KEY_PASSPHRASE": "x"}
    if authority.settings.database_url:
        env["MOHPROMT_DATABASE_URL"] = authority.settings.database_url
    shown = CliRunner().invoke(main, ["bulk", "status", finished["id"], "--json"], env=env)
    assert shown.exit_code == 1, shown.output
    # stdout holds the one JSON document; warnings (e.g. the audit entries this key-less run cannot
    # seal) go to stderr, which click's ``output`` mixes in
    assert json.loads(shown.stdout)["done"] == 5 and json.loads(shown.stdout)["errors"][0]["line"] == 4
    text = CliRunner().invoke(main, ["bulk", "status", finished["id"]], env=env)
    assert "5 issued, 1 refused of 6" in text.output and "record 4:" in text.output
    assert CliRunner().invoke(main, ["bulk", "status", "0" * 32], env=env).exit_code != 0
