"""``/api/v1/bulk-jobs``: submit a bulk issuance job, poll it, download its result.

* ``POST /api/v1/bulk-jobs`` — JSON ``{kind: pdf|dcc, type, signer_id, level, records: [...]}``;
  1 to :data:`~mohpromt_ca.application.bulk_jobs.MAX_RECORDS` records inline (and the API's 1 MiB body limit);
  or ``Content-Type: application/x-ndjson``, one record a line, up to 100,000 records / 64 MiB,
  streamed into the register chunk by chunk (``kind``, ``type``, ``signer_id``, ``level`` as
  query parameters); ``Idempotency-Key`` as for single issuance. 202 with the job and ``Location``.
* ``GET /api/v1/bulk-jobs/{id}`` — state (queued, running, done, failed), counts, per-record errors.
* ``GET /api/v1/bulk-jobs/{id}/result`` — a ZIP once the job is done (409 before): the PDFs
  (``0000001.pdf`` ...) or ``hc1.jsonl``, with ``manifest.jsonl``, ``errors.jsonl`` and ``job.json``.

The same authorization as single issuance: only a signer the credential may sign with, only
an approved facility; a job is visible only to the credential that submitted it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.bulk_jobs import CHUNK_RECORDS, MAX_RECORDS, BulkJobs, JobView, NdjsonRecords, iter_file
from mohpromt_ca.application.documents import DocumentService
from mohpromt_ca.application.task_queue import InProcessQueue, queue_for
from mohpromt_ca.errors import InputError
from mohpromt_ca.service.api import ERRORS, PREFIX, api_principal

NDJSON = "application/x-ndjson"

JobState = Literal["queued", "running", "done", "failed"]
_JOB_ID = Path(pattern=r"^[0-9a-f]{32}$", description="the job id returned on submission")


class BulkJobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["pdf", "dcc"]
    type: str | None = Field(default=None, max_length=64,
                             description="pdf: the certificate type (required); dcc: vaccination, test or recovery")
    signer_id: int | None = Field(default=None, ge=1, le=2**31 - 1, description="pdf: the signer (required)")
    level: str | None = Field(default=None, max_length=16, description="pdf: B-B, B-T, B-LT or B-LTA")
    records: list[dict[str, Any]] = Field(
        min_length=1, max_length=MAX_RECORDS,
        description="pdf: each the type's data; dcc: each typed input or an EU payload")


class RecordError(BaseModel):
    line: int = Field(description="the record's position in `records`, from 1")
    code: str
    field: str | None = None
    message: str


class JobError(BaseModel):
    code: str
    message: str


class BulkJobOut(BaseModel):
    id: str
    kind: Literal["pdf", "dcc"]
    type: str | None = None
    signer_id: int | None = None
    level: str | None = None
    state: JobState
    total: int
    done: int
    failed: int
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    error: JobError | None = None
    errors: list[RecordError] = []
    status_url: str
    result_url: str | None = None


def _out(view: JobView) -> dict[str, Any]:
    out = view.as_dict()
    out["status_url"] = f"{PREFIX}/bulk-jobs/{view.id}"
    if view.finished:
        out["result_url"] = f"{PREFIX}/bulk-jobs/{view.id}/result"
    return out


def bulk_router(jobs: BulkJobs) -> APIRouter:
    router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["bulk jobs"])
    principal = api_principal(jobs.authority)

    idempotency = Header(default=None, alias="Idempotency-Key", max_length=255,
                         description="a retry with the same key returns the same job")

    @router.post("/bulk-jobs", status_code=202, response_model=BulkJobOut, response_model_exclude_none=True,
                 summary="Submit a bulk issuance job (JSON inline, or NDJSON streamed)",
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "application/json": {"schema": BulkJobRequest.model_json_schema()},
                     NDJSON: {"schema": {"type": "string", "description": "one record (a JSON object) a line"}}}}})
    async def submit(request: Request, response: Response, who: Principal = Depends(principal),
                     idempotency_key: str | None = idempotency,
                     kind: Literal["pdf", "dcc"] | None = Query(default=None, description="NDJSON: the job's kind"),
                     type: str | None = Query(default=None, max_length=64, description="NDJSON: the type"),
                     signer_id: int | None = Query(default=None, ge=1, le=2**31 - 1, description="NDJSON: pdf signer"),
                     level: str | None = Query(default=None, max_length=16, description="NDJSON: pdf level"),
                     ) -> dict[str, Any]:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == NDJSON:
            if kind is None:
                raise InputError("kind: an NDJSON job names its kind as a query parameter (?kind=dcc)")
            view = await _submit_ndjson(request, who, kind=kind, type_key=type, signer_id=signer_id, level=level,
                                        idempotency_key=idempotency_key)
        else:
            try:
                body = BulkJobRequest.model_validate_json(await request.body())
            except ValidationError as exc:  # answered 422 like any body FastAPI validates
                raise RequestValidationError(exc.errors()) from None
            view = await run_in_threadpool(
                jobs.submit, who, kind=body.kind, records=body.records, type_key=body.type, signer_id=body.signer_id,
                level=body.level, idempotency_key=idempotency_key)
        response.status_code = 202
        response.headers["Location"] = f"{PREFIX}/bulk-jobs/{view.id}"
        if view.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return _out(view)

    @router.get("/bulk-jobs/{job_id}", response_model=BulkJobOut, response_model_exclude_none=True,
                summary="A bulk job's state, counts and per-record errors")
    def status(job_id: str = _JOB_ID, who: Principal = Depends(principal)) -> dict[str, Any]:
        return _out(jobs.status(who, job_id))

    @router.get("/bulk-jobs/{job_id}/result", summary="Download a finished bulk job's result (ZIP)",
                responses={200: {"content": {"application/zip": {}}}}, response_class=Response)
    def result(job_id: str = _JOB_ID, who: Principal = Depends(principal)) -> StreamingResponse:
        view, spool = jobs.result(who, job_id)
        return StreamingResponse(iter_file(spool), media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="bulk-job-{view.id}.zip"', "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"})

    async def _submit_ndjson(request: Request, who: Principal, **options: Any) -> JobView:
        upload = await run_in_threadpool(jobs.open_upload, who, **options)
        lines = NdjsonRecords()
        batch: list[Any] = []
        try:
            async for piece in request.stream():
                batch.extend(lines.feed(piece))
                if len(batch) >= CHUNK_RECORDS:
                    await run_in_threadpool(upload.add, batch)
                    batch = []
            batch.extend(lines.close())
            await run_in_threadpool(upload.add, batch)
        except BaseException:
            await run_in_threadpool(upload.abort)
            raise
        return await run_in_threadpool(upload.finish)

    return router


def install_bulk_jobs(app: FastAPI, documents: DocumentService) -> BulkJobs:
    """The bulk-jobs routes. On PostgreSQL the node only queues chunk tasks (``mohpromt-ca worker``
    runs them); on SQLite an in-process worker runs them as long as the app is served."""
    jobs = BulkJobs(documents)
    chunk_queue = queue_for(jobs)
    jobs.queue = chunk_queue
    app.state.bulk_jobs = jobs
    app.include_router(bulk_router(jobs))
    if not isinstance(chunk_queue, InProcessQueue):
        return jobs
    worker = chunk_queue
    app.state.bulk_worker = worker
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        worker.start()
        try:
            async with inner(application) as state:
                yield state
        finally:
            await run_in_threadpool(worker.stop)

    app.router.lifespan_context = lifespan
    return jobs
