"""Bulk issuance jobs: a parent row plus chunk tasks of at most :data:`CHUNK_RECORDS` records.

A job is a list of records (PDF: the type's data; DCC: typed input or an EU payload) with one
set of options (kind, type, signer, level). Submitting stores the records in the register
(``service_bulk_job_inputs``, chunk by chunk as they arrive, so a 100,000-record NDJSON upload
is never held whole in memory), one row per chunk (``service_bulk_job_chunks``) and the job row
(``service_bulk_jobs``), and queues one task per chunk in the same transaction
(:mod:`.task_queue`: procrastinate on PostgreSQL, run by ``mohpromt-ca worker`` processes on
any machine; an in-process worker on the embedded SQLite default). Any node answers for any
job: everything is in the register.

Why every record is issued exactly once, even when a worker dies mid-chunk and the chunk is
run again (procrastinate's retry, or stalled-job recovery after a ``kill -9``):

* record *n* of job *J* is issued with the Idempotency-Key ``bulk-job:J:n`` (scoped by the
  principal, like any API key); the register's UNIQUE ``idempotency_key`` admits one
  document per record, and a second attempt gets the first document back (a replay);
* the outcome of each record (``service_bulk_job_records``, UNIQUE (job, line)) is written
  after the document commits; a record issued but not yet noted is simply replayed;
* a chunk is marked done, and its waiting records deleted, only after all its records are
  noted; the last chunk to finish closes the job (under the job row's lock).

Per-record errors carry the record number (1-based), the error code, the field path and the
validator's sentence; the sentences name fields and rules, not values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import socket
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from mohpromt_ca.application import authorization
from mohpromt_ca.application.authorization import API_KEY, Principal
from mohpromt_ca.application.documents import DocumentService, request_digest, scoped_key
from mohpromt_ca.application.errors import Forbidden, IdempotencyKeyReused
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, InputTooLarge, MohpromtError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import accounts as account_rows
from mohpromt_ca.storage.repositories import bulk_jobs as rows
from mohpromt_ca.storage.repositories import documents as document_rows

log = logging.getLogger("mohpromt_ca.service.bulk")

MAX_RECORDS = 500
"""Records per job in the inline JSON form (the API's 1 MiB body limit bounds the bytes)."""
CHUNK_RECORDS = 500
"""Records per chunk task (at most; ``MOHPROMT_BULK_CHUNK_RECORDS`` chooses fewer)."""
NOTE_BATCH = 25
"""Outcomes written per transaction while a chunk runs."""
MAX_STREAM_RECORDS = 100_000
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_RECORD_BYTES = 1024 * 1024
KINDS = ("pdf", "dcc")
DCC_TYPES = ("vaccination", "test", "recovery")
_ID = "0123456789abcdef"


class ChunkQueue(Protocol):
    """Where chunk tasks go: ``defer`` inside the submission's transaction, ``committed`` after it."""

    def defer(self, session: Any, job_id: int, chunks: list[int]) -> None: ...

    def committed(self, job_id: int, chunks: list[int]) -> None: ...


@dataclass(frozen=True)
class JobView:
    id: str
    kind: str
    type: str | None
    signer_id: int | None
    level: str | None
    state: str
    total: int
    done: int
    failed: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error_code: str | None = None
    error: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    replayed: bool = False

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "type": self.type, "signer_id": self.signer_id, "level": self.level,
            "state": self.state, "total": self.total, "done": self.done, "failed": self.failed,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "errors": self.errors,
        }
        if self.error_code:
            out["error"] = {"code": self.error_code, "message": self.error or ""}
        return out


def _view(job: Any, errors: list[dict[str, Any]] | None = None, *, replayed: bool = False,
          counts: tuple[int, int] | None = None) -> JobView:
    done, failed = counts if counts is not None else (job.done, job.failed)
    return JobView(job.public_id, job.kind, job.type, job.signer_id, job.level, job.state, job.total, done,
                   failed, job.created_at, job.started_at, job.finished_at, job.error_code, job.error,
                   errors or [], replayed)


def _record_error(exc: MohpromtError) -> tuple[str, str | None, str]:
    """(code, field, sentence) for a refused record; template errors name the field, not the value."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, list) and errors and isinstance(errors[0], tuple):
        path, sentence = errors[0]
        return exc.code, (path or None), str(sentence)[:500]
    path = getattr(exc, "path", None)
    return exc.code, (str(path)[:255] if path else None), exc.message[:500]


def may_access_job(principal: Principal, job: Any) -> None:
    """A job is seen only by the principal that submitted it (the same API key or user)."""
    if job.principal != principal.label:
        raise Forbidden(f"bulk job {job.public_id} is not one of yours")


def _canonical(record: Any, line: int) -> bytes:
    if not isinstance(record, dict):
        raise InputError(f"record {line}: each record is a JSON object", code="bad-record")
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class NdjsonRecords:
    """One record a line, bounded: at most ``max_records`` records, ``max_bytes`` bytes and
    ``max_line`` bytes a line; fed piece by piece, it holds at most one partial line."""

    def __init__(self, *, max_records: int = MAX_STREAM_RECORDS, max_bytes: int = MAX_STREAM_BYTES,
                 max_line: int = MAX_RECORD_BYTES) -> None:
        self.max_records, self.max_bytes, self.max_line = max_records, max_bytes, max_line
        self._partial = b""
        self.size = 0
        self.count = 0

    def feed(self, data: bytes) -> list[Any]:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise InputTooLarge(f"an NDJSON upload holds at most {self.max_bytes // (1024 * 1024)} MiB")
        pieces = (self._partial + data).split(b"\n")
        self._partial = pieces.pop()
        if len(self._partial) > self.max_line:
            raise InputTooLarge(f"record {self.count + 1}: a record is at most {self.max_line} bytes")
        return [record for record in (self._parse(line) for line in pieces) if record is not None]

    def close(self) -> list[Any]:
        last, self._partial = self._partial, b""
        record = self._parse(last)
        return [record] if record is not None else []

    def _parse(self, line: bytes) -> Any:
        if not line.strip():
            return None
        if len(line) > self.max_line:
            raise InputTooLarge(f"record {self.count + 1}: a record is at most {self.max_line} bytes")
        self.count += 1
        if self.count > self.max_records:
            raise InputError(f"records: at most {self.max_records} per NDJSON job; submit several jobs",
                             code="too-many-records")
        try:
            return json.loads(line)
        except (ValueError, UnicodeDecodeError):
            raise InputError(f"record {self.count}: not a JSON object on one line", code="bad-record") from None


class Upload:
    """A submission under way: records arrive chunk by chunk; :meth:`finish` queues the job."""

    def __init__(self, jobs: BulkJobs, principal: Principal, *, kind: str, type_key: str | None,
                 signer_id: int | None, level: str | None, idempotency_key: str | None) -> None:
        self.jobs, self.principal = jobs, principal
        self.kind, self.type_key, self.signer_id, self.level = kind, type_key, signer_id, level
        self.key = scoped_key(principal, idempotency_key)
        self.sha = hashlib.sha256()
        self.total = 0
        self.chunks: list[int] = []
        self.public_id = secrets.token_hex(16)
        authority = jobs.authority
        with authority.register.transaction() as session:
            job = rows.add(session, public_id=self.public_id, principal=principal.label,
                           principal_kind=principal.kind, principal_ident=principal.ident,
                           principal_role=principal.role, facility_id=principal.facility_id,
                           principal_signer_id=principal.signer_id, kind=kind, type=type_key, signer_id=signer_id,
                           level=level, state="queued", total=0, done=0, failed=0, input_sha256="",
                           idempotency_key=None, request_sha256="", created_at=authority.clock.now())
            self.job_id = int(job.id)
        self._pending: list[bytes] = []
        self.chunk_records = min(CHUNK_RECORDS, authority.settings.bulk_chunk_records)

    def add(self, records: Iterable[Any]) -> None:
        """Take more records; every :data:`CHUNK_RECORDS` of them are written as one chunk."""
        for record in records:
            line = _canonical(record, self.total + len(self._pending) + 1)
            self.sha.update(line + b"\n")
            self._pending.append(line)
            if len(self._pending) >= self.chunk_records:
                self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        number = len(self.chunks) + 1
        with self.jobs.authority.register.transaction() as session:
            rows.add_chunk(session, self.job_id, number, self.total + 1, (p.decode() for p in self._pending))
        self.total += len(self._pending)
        self.chunks.append(number)
        self._pending = []

    def abort(self) -> None:
        with self.jobs.authority.register.transaction() as session:
            rows.delete_job(session, self.job_id)

    def finish(self) -> JobView:
        """Queue the job (its chunk tasks commit with it); the replayed job for a reused Idempotency-Key."""
        try:
            self._flush()
            if self.total == 0:
                raise InputError("records: at least one record")
            input_sha = self.sha.hexdigest()
            digest = request_digest({"kind": self.kind, "type": self.type_key, "signer_id": self.signer_id,
                                     "level": self.level, "input": input_sha})
            if self.key is not None:
                replay = self.jobs._replay(self.key, digest)
                if replay is not None:
                    self.abort()
                    return replay
            authority = self.jobs.authority
            with authority.register.transaction() as session:
                rows.set_total(session, self.job_id, total=self.total, input_sha256=input_sha,
                               request_sha256=digest, idempotency_key=self.key)
                audit.append(session, actor=self.principal.label, action="bulk-job.submit",
                             target=f"bulk-job:{self.public_id}",
                             details={"kind": self.kind, "type": self.type_key, "signer": self.signer_id,
                                      "records": self.total, "input_sha256": input_sha},
                             clock=authority.clock)
                self.jobs.queue.defer(session, self.job_id, self.chunks)
                job = rows.by_id(session, self.job_id)
                view = _view(job)
        except rows.Conflict:
            self.abort()
            if self.key is not None:
                replay = self.jobs._replay(self.key, digest)
                if replay is not None:
                    return replay
            raise
        except BaseException:
            self.abort()
            raise
        self.jobs.queue.committed(self.job_id, self.chunks)
        return view


class _NoQueue:
    """A node that only reads jobs (``bulk status``): submitting needs a queue."""

    def defer(self, session: Any, job_id: int, chunks: list[int]) -> None:
        raise StateError("this process queues no bulk jobs", code="no-task-queue")

    def committed(self, job_id: int, chunks: list[int]) -> None:
        return None


class BulkJobs:
    """Submit, read and run jobs (one per app or worker, beside the :class:`DocumentService`)."""

    def __init__(self, documents: DocumentService, queue: ChunkQueue | None = None) -> None:
        self.documents = documents
        self.authority: Authority = documents.authority
        self.queue: ChunkQueue = queue if queue is not None else _NoQueue()

    # -- submitting ----------------------------------------------------------------------
    def _check_options(self, principal: Principal, kind: str, type_key: str | None, signer_id: int | None,
                       level: str | None) -> tuple[str | None, str | None]:
        if kind not in KINDS:
            raise InputError(f"kind: one of {', '.join(KINDS)}")
        if kind == "pdf":
            from mohpromt_ca.issuer.pdf.levels import PadesLevel

            if not type_key:
                raise InputError("type: a PDF job needs the certificate type, e.g. general-health")
            if signer_id is None:
                raise InputError("signer_id: a PDF job needs the signer who signs every record")
            with self.authority.register.reading() as session:
                row = document_rows.signer_facility_status(session, signer_id)
            authorization.may_sign_with(principal, signer_id=signer_id, signer_facility_id=row[0] if row else None,
                                        facility_status=row[1] if row else None)
            try:
                type_key = self.documents.types.get(type_key).key
            except NotFound as exc:
                raise InputError(exc.message, code="unknown-certificate-type") from None
            return type_key, (PadesLevel.parse(level).value if level else None)
        if signer_id is not None or level is not None:
            raise InputError("signer_id and level are for PDF jobs; a DCC is signed with the national DSC")
        if type_key is not None and type_key not in DCC_TYPES:
            raise InputError(f"type: one of {', '.join(DCC_TYPES)} (or leave it out) for a DCC job")
        status = None
        if principal.facility_id is not None:
            with self.authority.register.reading() as session:
                status = document_rows.facility_status(session, principal.facility_id)
        authorization.may_issue_dcc(principal, facility_status=status)
        return type_key, None

    def open_upload(self, principal: Principal, *, kind: str, type_key: str | None = None,
                    signer_id: int | None = None, level: str | None = None,
                    idempotency_key: str | None = None) -> Upload:
        """Start a submission whose records arrive in pieces (the NDJSON form)."""
        type_key, level = self._check_options(principal, kind, type_key, signer_id, level)
        return Upload(self, principal, kind=kind, type_key=type_key, signer_id=signer_id, level=level,
                      idempotency_key=idempotency_key)

    def submit(self, principal: Principal, *, kind: str, records: list[Any], type_key: str | None = None,
               signer_id: int | None = None, level: str | None = None,
               idempotency_key: str | None = None) -> JobView:
        """The inline JSON form: 1 to :data:`MAX_RECORDS` records."""
        if kind not in KINDS:
            raise InputError(f"kind: one of {', '.join(KINDS)}")
        if not isinstance(records, list) or not records:
            raise InputError("records: at least one record")
        if len(records) > MAX_RECORDS:
            raise InputError(f"records: at most {MAX_RECORDS} per inline job; send larger jobs as NDJSON",
                             code="too-many-records")
        upload = self.open_upload(principal, kind=kind, type_key=type_key, signer_id=signer_id, level=level,
                                  idempotency_key=idempotency_key)
        try:
            upload.add(records)
        except BaseException:
            upload.abort()
            raise
        return upload.finish()

    def _replay(self, key: str, digest: str) -> JobView | None:
        with self.authority.register.reading() as session:
            job = rows.by_key(session, key)
            if job is None:
                return None
            if job.request_sha256 != digest:
                raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
            return _view(job, replayed=True, counts=rows.counts(session, job.id))

    # -- reading -------------------------------------------------------------------------
    def _job(self, session: Any, principal: Principal | None, public_id: str) -> Any:
        if len(public_id) != 32 or any(c not in _ID for c in public_id):
            raise NotFound("no such bulk job")
        job = rows.by_public_id(session, public_id)
        if job is None or job.total == 0:
            raise NotFound("no such bulk job")
        if principal is not None:
            may_access_job(principal, job)
        return job

    def status(self, principal: Principal | None, public_id: str) -> JobView:
        """The job's state, counts and per-record errors (``principal`` None: an operator's view)."""
        with self.authority.register.reading() as session:
            job = self._job(session, principal, public_id)
            errors = [{"line": r.line, "code": r.error_code or "error", "field": r.field, "message": r.error or ""}
                      for r in rows.failed_records(session, job.id)]
            return _view(job, errors, counts=rows.counts(session, job.id))

    def result(self, principal: Principal, public_id: str) -> tuple[JobView, Any]:
        """The finished job's ZIP (a spooled temporary file, positioned at 0)."""
        with self.authority.register.reading() as session:
            job = self._job(session, principal, public_id)
            view = _view(job, counts=rows.counts(session, job.id))
            if not view.finished:
                raise StateError(f"bulk job {public_id} is {job.state}: the result is ready when it is done",
                                 code="job-not-finished")
            records = rows.records(session, job.id)
            kind = job.kind
        spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
        store = self.documents.artefacts
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            manifest, errors = [], []
            hc1s = archive.open("hc1.jsonl", "w") if kind == "dcc" else None
            for r in records:
                if r.status == "failed":
                    errors.append({"line": r.line, "code": r.error_code, "field": r.field, "message": r.error})
                    continue
                entry: dict[str, Any] = {"line": r.line, "document_number": r.document_number, "sha256": r.sha256}
                if kind == "pdf":
                    entry["file"] = f"{r.line:07d}.pdf"
                    archive.writestr(entry["file"], store.get(r.sha256 or "", ".pdf"), zipfile.ZIP_STORED)
                else:
                    entry["uvci"] = r.document_number
                    assert hc1s is not None
                    hc1s.write(_jsonl([{"line": r.line, "uvci": r.document_number,
                                        "hc1": store.get(r.sha256 or "", ".hc1").decode("ascii")}]))
                manifest.append(entry)
            if hc1s is not None:
                hc1s.close()
            archive.writestr("manifest.jsonl", _jsonl(manifest), zipfile.ZIP_DEFLATED)
            archive.writestr("errors.jsonl", _jsonl(errors), zipfile.ZIP_DEFLATED)
            archive.writestr("job.json", json.dumps(view.as_dict(), indent=2), zipfile.ZIP_DEFLATED)
        spool.seek(0)
        return view, spool

    # -- running (the chunk task) --------------------------------------------------------
    def run_chunk(self, job_id: int, number: int) -> str:
        """Issue every record of one chunk not issued yet; what became of the chunk
        (``done``, ``skipped`` for a finished job or chunk, ``failed`` when the job failed)."""
        clock = self.authority.clock
        with self.authority.register.reading() as session:
            job = rows.by_id(session, job_id)
            chunk = rows.chunk(session, job_id, number)
            if job is None or chunk is None or job.state in ("done", "failed") or chunk.state == "done":
                return "skipped"
            principal = Principal(job.principal_kind, job.principal_ident, job.principal_role, job.facility_id,
                                  job.principal_signer_id)
            public_id, kind, type_key, signer_id, level = job.public_id, job.kind, job.type, job.signer_id, job.level
            first, last = chunk.first_line, chunk.last_line
            revoked_key = principal.kind == API_KEY and account_rows.api_key_revoked(session, principal.ident)
        if revoked_key:
            self._finish(job_id, "failed", "unauthenticated", "the API key that submitted the job was revoked")
            return "failed"
        with self.authority.register.transaction() as session:
            rows.mark_running(session, job_id, number, clock.now(), f"{socket.gethostname()[:64]}:{os.getpid()}")
        with self.authority.register.reading() as session:
            settled = rows.settled_lines(session, job_id, first, last)
            inputs = rows.chunk_inputs(session, job_id, first, last)
        notes: list[dict[str, Any]] = []
        if kind == "dcc":
            todo = [(line, text) for line, text in inputs if line not in settled]
            for start in range(0, len(todo), NOTE_BATCH):
                batch = todo[start:start + NOTE_BATCH]
                try:
                    outcomes = self.documents.issue_dcc_batch(
                        principal, [(json.loads(text), f"bulk-job:{public_id}:{line}") for line, text in batch],
                        dcc_type=type_key)
                except Forbidden as exc:  # the facility was suspended...: no record can go
                    self._finish(job_id, "failed", exc.code, exc.message[:255])
                    return "failed"
                for (line, _text), outcome in zip(batch, outcomes, strict=True):
                    if isinstance(outcome, MohpromtError):
                        code, path, sentence = _record_error(outcome)
                        notes.append({"line": line, "status": "failed", "error_code": code, "field": path,
                                      "error": sentence})
                    else:
                        notes.append({"line": line, "status": "issued", "document_number": outcome.number,
                                      "sha256": outcome.sha256})
                self._note_all(job_id, notes)
            inputs = []  # every DCC record is settled now
        for line, text in inputs:
            if line in settled:
                continue
            if len(notes) >= NOTE_BATCH:
                self._note_all(job_id, notes)
            record = json.loads(text)
            key = f"bulk-job:{public_id}:{line}"
            try:
                if kind == "pdf":
                    view = self.documents.issue_pdf(principal, type_key=type_key or "", data=record,
                                                    signer_id=signer_id or 0, level=level, idempotency_key=key)
                else:
                    view = self.documents.issue_dcc(principal, data=record, dcc_type=type_key, idempotency_key=key)
            except Forbidden as exc:  # the facility was suspended, the signer revoked...: no record can go
                self._note_all(job_id, notes)
                self._finish(job_id, "failed", exc.code, exc.message[:255])
                return "failed"
            except MohpromtError as exc:
                code, path, sentence = _record_error(exc)
                notes.append({"line": line, "status": "failed", "error_code": code, "field": path, "error": sentence})
                continue
            except Exception as exc:  # noqa: BLE001 - one record must not stop the job
                log.error("bulk job %s record %d: unexpected %s", public_id, line, type(exc).__name__)
                notes.append({"line": line, "status": "failed", "error_code": "internal", "error": "internal error"})
                continue
            notes.append({"line": line, "status": "issued", "document_number": view.number, "sha256": view.sha256})
        self._note_all(job_id, notes)
        with self.authority.register.transaction() as session:
            job, all_done = rows.finish_chunk(session, job_id, number, clock.now())
            if all_done and job.state not in ("done", "failed"):
                job.state, job.finished_at = "done", clock.now()
                audit.append(session, actor=job.principal, action="bulk-job.done", target=f"bulk-job:{public_id}",
                             details={"done": job.done, "failed": job.failed, "total": job.total, "error": None},
                             clock=clock)
        return "done"

    def _note_all(self, job_id: int, notes: list[dict[str, Any]]) -> None:
        """Write the outcomes noted so far (one transaction) and empty the list. A record issued but
        not noted when the worker dies is replayed by the next run, never issued again."""
        if not notes:
            return
        try:
            with self.authority.register.transaction() as session:
                rows.note_records_fast(session, job_id, notes)
        except rows.Conflict:  # a run of this chunk that was thought dead noted some first
            with self.authority.register.transaction() as session:
                rows.note_records(session, job_id, notes)
        notes.clear()

    def _note(self, job_id: int, *, line: int, status: str, **outcome: Any) -> None:
        try:
            with self.authority.register.transaction() as session:
                rows.note_record(session, job_id, line=line, status=status, **outcome)
        except rows.Conflict:
            pass  # a run of this chunk that was thought dead noted this record first

    def _finish(self, job_id: int, state: str, code: str | None = None, message: str | None = None) -> None:
        with self.authority.register.transaction() as session:
            job = rows.finish(session, job_id, state=state, now=self.authority.clock.now(), code=code,
                              message=message)
            audit.append(session, actor=job.principal, action=f"bulk-job.{state}", target=f"bulk-job:{job.public_id}",
                         details={"done": job.done, "failed": job.failed, "total": job.total, "error": code},
                         clock=self.authority.clock)

    def sweep_abandoned_uploads(self, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
        """Delete uploads a node never finished (it died mid-stream): their records are medical data
        nobody will issue. Run by the workers (and the SQLite in-process worker at start)."""
        with self.authority.register.transaction() as session:
            found = rows.abandoned_uploads(session, self.authority.clock.now() - older_than)
            for job_id in found:
                rows.delete_job(session, job_id)
        if found:
            log.warning("deleted %d bulk upload(s) left unfinished", len(found))
        return len(found)

    def pending_chunks(self) -> list[tuple[int, int]]:
        """(job id, chunk) of every chunk still to run (the in-process worker's start-up)."""
        with self.authority.register.reading() as session:
            return rows.pending_chunks(session)


def _jsonl(items: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in items)


def iter_file(handle: Any, chunk: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while True:
            data = handle.read(chunk)
            if not data:
                return
            yield data
    finally:
        handle.close()


__all__ = ["CHUNK_RECORDS", "MAX_RECORDS", "MAX_STREAM_BYTES", "MAX_STREAM_RECORDS", "BulkJobs", "ChunkQueue",
           "JobView", "NdjsonRecords", "Upload", "iter_file"]
