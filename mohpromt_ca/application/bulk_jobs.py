"""Bulk issuance jobs submitted over the API, run by a background thread in the service process.

A job is a list of records (PDF: the type's data; DCC: typed input or an EU payload) with
one set of options (kind, type, signer, level). Submitting writes the records to
``DATA_DIR/bulk-jobs/<job id>.jsonl`` (0600, directory 0700, fsynced) and then the job row
(``service_bulk_jobs``, migration 0006: identifiers, counts, hashes, never medical data).
A :class:`BulkWorker` thread claims queued jobs one at a time and issues each record
through :class:`~.documents.DocumentService` (which publishes ``document.issued``),
exactly as a single API request would, as the principal who submitted the job.

Why every record is issued exactly once, even when the process dies mid-job:

* record *n* of job *J* is issued with the Idempotency-Key ``bulk-job:J:n`` (scoped by the
  principal, like any API key); the register's UNIQUE ``idempotency_key`` admits one
  document per record, and a second attempt gets the first document back (a replay);
* the outcome of each record (``service_bulk_job_records``, UNIQUE (job, line)) is written
  after the document commits; a record issued but not yet noted is simply replayed on resume;
* a worker holds a job by a lease (``owner`` = host:pid:token, ``heartbeat_at``). A job whose
  owner is a dead process on this host, or whose lease is older than :data:`LEASE`, is taken
  over by the next worker that looks (at start-up and every :data:`POLL` seconds).

With ``serve --workers N`` each process runs its own worker; the claim is a compare-and-set
on the row, so one job runs in one place at a time (and the idempotency keys make a stray
double run harmless anyway).

Per-record errors carry the record number (1-based position in ``records``), the error code,
the field path and the validator's sentence; the sentences name fields and rules, not values.
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
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mohpromt_ca.application import authorization
from mohpromt_ca.application.authorization import API_KEY, Principal
from mohpromt_ca.application.documents import DocumentService, request_digest, scoped_key
from mohpromt_ca.application.errors import Forbidden, IdempotencyKeyReused
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, MohpromtError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import accounts as account_rows
from mohpromt_ca.storage.repositories import bulk_jobs as rows
from mohpromt_ca.storage.repositories import documents as document_rows

log = logging.getLogger("mohpromt_ca.service.bulk")

MAX_RECORDS = 500
"""Records per job; the API's 1 MiB body limit bounds the bytes."""
LEASE = dt.timedelta(seconds=120)
POLL = 2.0
KINDS = ("pdf", "dcc")
DCC_TYPES = ("vaccination", "test", "recovery")
_ID = "0123456789abcdef"


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


def _view(job: Any, errors: list[dict[str, Any]] | None = None, *, replayed: bool = False) -> JobView:
    return JobView(job.public_id, job.kind, job.type, job.signer_id, job.level, job.state, job.total, job.done,
                   job.failed, job.created_at, job.started_at, job.finished_at, job.error_code, job.error,
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


class BulkJobs:
    """Submit, read and run jobs (one per app, beside the :class:`DocumentService`)."""

    def __init__(self, documents: DocumentService) -> None:
        self.documents = documents
        self.authority: Authority = documents.authority
        self.root = self.authority.settings.data_dir / "bulk-jobs"
        self.wake = threading.Event()

    # -- submitting ----------------------------------------------------------------------
    def _input_path(self, public_id: str) -> Path:
        if len(public_id) != 32 or any(c not in _ID for c in public_id):
            raise NotFound("no such bulk job")
        return self.root / f"{public_id}.jsonl"

    def _check_options(self, principal: Principal, kind: str, type_key: str | None, signer_id: int | None,
                       level: str | None) -> tuple[str | None, str | None]:
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

    def submit(self, principal: Principal, *, kind: str, records: list[Any], type_key: str | None = None,
               signer_id: int | None = None, level: str | None = None,
               idempotency_key: str | None = None) -> JobView:
        if kind not in KINDS:
            raise InputError(f"kind: one of {', '.join(KINDS)}")
        if not isinstance(records, list) or not records:
            raise InputError("records: at least one record")
        if len(records) > MAX_RECORDS:
            raise InputError(f"records: at most {MAX_RECORDS} per job; submit several jobs", code="too-many-records")
        key = scoped_key(principal, idempotency_key)
        type_key, level = self._check_options(principal, kind, type_key, signer_id, level)
        lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() for r in records]
        payload = b"\n".join(lines) + b"\n"
        input_sha = hashlib.sha256(payload).hexdigest()
        digest = request_digest({"kind": kind, "type": type_key, "signer_id": signer_id, "level": level,
                                 "input": input_sha})
        if key is not None:
            replay = self._replay(key, digest)
            if replay is not None:
                return replay
        public_id = secrets.token_hex(16)
        path = self._input_path(public_id)
        _write_private(path, payload)
        now = self.authority.clock.now()
        try:
            with self.authority.register.transaction() as session:
                job = rows.add(session, public_id=public_id, principal=principal.label, principal_kind=principal.kind,
                              principal_ident=principal.ident, principal_role=principal.role,
                              facility_id=principal.facility_id, principal_signer_id=principal.signer_id, kind=kind,
                              type=type_key, signer_id=signer_id, level=level, state="queued", total=len(records),
                              done=0, failed=0, input_sha256=input_sha, idempotency_key=key, request_sha256=digest,
                              created_at=now)
                audit.append(session, actor=principal.label, action="bulk-job.submit", target=f"bulk-job:{public_id}",
                             details={"kind": kind, "type": type_key, "signer": signer_id, "records": len(records),
                                      "input_sha256": input_sha}, clock=self.authority.clock)
                view = _view(job)
        except rows.Conflict:
            path.unlink(missing_ok=True)
            if key is not None:
                replay = self._replay(key, digest)
                if replay is not None:
                    return replay
            raise
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.wake.set()
        return view

    def _replay(self, key: str, digest: str) -> JobView | None:
        with self.authority.register.reading() as session:
            job = rows.by_key(session, key)
            if job is None:
                return None
            if job.request_sha256 != digest:
                raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
            return _view(job, replayed=True)

    # -- reading -------------------------------------------------------------------------
    def _job(self, session: Any, principal: Principal, public_id: str) -> Any:
        self._input_path(public_id)  # shape check
        job = rows.by_public_id(session, public_id)
        if job is None:
            raise NotFound("no such bulk job")
        may_access_job(principal, job)
        return job

    def status(self, principal: Principal, public_id: str) -> JobView:
        with self.authority.register.reading() as session:
            job = self._job(session, principal, public_id)
            errors = [{"line": r.line, "code": r.error_code or "error", "field": r.field, "message": r.error or ""}
                      for r in rows.failed_records(session, job.id)]
            return _view(job, errors)

    def result(self, principal: Principal, public_id: str) -> tuple[JobView, Any]:
        """The finished job's ZIP (a spooled temporary file, positioned at 0)."""
        with self.authority.register.reading() as session:
            job = self._job(session, principal, public_id)
            view = _view(job)
            if not view.finished:
                raise StateError(f"bulk job {public_id} is {job.state}: the result is ready when it is done",
                                 code="job-not-finished")
            records = rows.records(session, job.id)
            kind = job.kind
        spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
        store = self.documents.artefacts
        with zipfile.ZipFile(spool, "w") as archive:
            manifest, errors, hc1s = [], [], []
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
                    hc1s.append({"line": r.line, "uvci": r.document_number,
                                 "hc1": store.get(r.sha256 or "", ".hc1").decode("ascii")})
                manifest.append(entry)
            if kind == "dcc":
                archive.writestr("hc1.jsonl", _jsonl(hc1s), zipfile.ZIP_DEFLATED)
            archive.writestr("manifest.jsonl", _jsonl(manifest), zipfile.ZIP_DEFLATED)
            archive.writestr("errors.jsonl", _jsonl(errors), zipfile.ZIP_DEFLATED)
            archive.writestr("job.json", json.dumps(view.as_dict(), indent=2), zipfile.ZIP_DEFLATED)
        spool.seek(0)
        return view, spool

    # -- running -------------------------------------------------------------------------
    def claim(self, owner: str, live_owners: set[str]) -> int | None:
        """Take the oldest queued job, or a running one whose worker is gone; its id or None."""
        now = self.authority.clock.now()
        with self.authority.register.reading() as session:
            candidates = rows.candidates(session)
        for job_id, state, current, heartbeat in candidates:
            if state == "running" and not _owner_gone(current, heartbeat, now, live_owners):
                continue
            with self.authority.register.transaction() as session:
                claimed = rows.claim(session, job_id, state=state, current=current, owner=owner, now=now)
            if claimed:
                if state == "running":
                    log.warning("bulk job %s: resuming after its worker stopped", job_id)
                return int(job_id)
        return None

    def run(self, job_id: int, owner: str, stop: threading.Event) -> str:
        """Issue every record not issued yet; the job's final state (or ``running`` if stopped)."""
        with self.authority.register.reading() as session:
            job = rows.by_id(session, job_id)
            assert job is not None
            principal = Principal(job.principal_kind, job.principal_ident, job.principal_role, job.facility_id,
                                  job.principal_signer_id)
            settled = rows.settled_lines(session, job_id)
            public_id, kind, type_key, signer_id, level = job.public_id, job.kind, job.type, job.signer_id, job.level
            revoked_key = principal.kind == API_KEY and account_rows.api_key_revoked(session, principal.ident)
        if revoked_key:
            return self._finish(job_id, owner, "failed", "unauthenticated",
                                "the API key that submitted the job was revoked")
        try:
            lines = self._input_path(public_id).read_bytes().split(b"\n")
        except FileNotFoundError:
            return self._finish(job_id, owner, "failed", "input-lost", "the job's records are no longer on disk")
        for number, raw in enumerate(lines, start=1):
            if not raw.strip() or number in settled:
                continue
            if stop.is_set():
                return "running"
            record = json.loads(raw)
            key = f"bulk-job:{public_id}:{number}"
            try:
                if kind == "pdf":
                    view = self.documents.issue_pdf(principal, type_key=type_key or "", data=record,
                                                    signer_id=signer_id or 0, level=level, idempotency_key=key)
                else:
                    view = self.documents.issue_dcc(principal, data=record, dcc_type=type_key, idempotency_key=key)
            except Forbidden as exc:  # the facility was suspended, the signer revoked...: no record can go
                return self._finish(job_id, owner, "failed", exc.code, exc.message[:255])
            except MohpromtError as exc:
                code, path, sentence = _record_error(exc)
                self._note(job_id, owner, line=number, status="failed", error_code=code, field=path, error=sentence)
                continue
            except Exception as exc:  # noqa: BLE001 - one record must not stop the job
                log.error("bulk job %s record %d: unexpected %s", public_id, number, type(exc).__name__)
                self._note(job_id, owner, line=number, status="failed", error_code="internal", error="internal error")
                continue
            self._note(job_id, owner, line=number, status="issued", document_number=view.number, sha256=view.sha256)
        return self._finish(job_id, owner, "done")

    def _note(self, job_id: int, owner: str, *, line: int, status: str, **outcome: Any) -> None:
        try:
            with self.authority.register.transaction() as session:
                rows.note_record(session, job_id, owner=owner, now=self.authority.clock.now(), line=line,
                                 status=status, **outcome)
        except rows.Conflict:
            pass  # another worker noted this record first

    def _finish(self, job_id: int, owner: str, state: str, code: str | None = None, message: str | None = None) -> str:
        with self.authority.register.transaction() as session:
            job = rows.finish(session, job_id, state=state, owner=owner, now=self.authority.clock.now(), code=code,
                              message=message)
            audit.append(session, actor=job.principal, action=f"bulk-job.{state}", target=f"bulk-job:{job.public_id}",
                         details={"done": job.done, "failed": job.failed, "total": job.total, "error": code},
                         clock=self.authority.clock)
            public_id = job.public_id
        self._input_path(public_id).unlink(missing_ok=True)  # the records (medical data) are not kept
        return state


def _owner_gone(owner: str | None, heartbeat: dt.datetime | None, now: dt.datetime, live_owners: set[str]) -> bool:
    if owner is None or heartbeat is None or now - heartbeat > LEASE:
        return True
    host, _, rest = owner.partition(":")
    pid_text, _, _token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return owner not in live_owners  # a worker of this process that stopped
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        from mohpromt_ca.issuer.bulk_files import fsync_dir

        fsync_dir(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


#: the owners of this process's running workers. Process-wide on purpose: a job leased by a
#: worker of this process (pid) is taken over when that worker is not in it (it stopped), and
#: several apps in one process (tests, a host embedding two) must see each other's workers.
_LIVE: set[str] = set()
_LIVE_LOCK = threading.Lock()


class BulkWorker:
    """One background thread per app: runs jobs one at a time; started and stopped with the app."""

    def __init__(self, jobs: BulkJobs) -> None:
        self.jobs = jobs
        self.owner = f"{socket.gethostname()[:64]}:{os.getpid()}:{secrets.token_hex(4)}"
        self.stop_event = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        with _LIVE_LOCK:
            _LIVE.add(self.owner)
        self.stop_event.clear()
        self._thread = threading.Thread(target=self._loop, name="mohpromt-bulk-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        self.jobs.wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None
        with _LIVE_LOCK:
            _LIVE.discard(self.owner)

    def _loop(self) -> None:
        while not self.stop_event.is_set():
            try:
                with _LIVE_LOCK:
                    live = set(_LIVE)
                job_id = self.jobs.claim(self.owner, live)
                if job_id is not None:
                    self.jobs.run(job_id, self.owner, self.stop_event)
                    continue
            except Exception as exc:  # noqa: BLE001 - keep the worker alive; the lease lets another resume
                log.error("bulk worker: %s", type(exc).__name__)
            self.jobs.wake.wait(POLL)
            self.jobs.wake.clear()


def iter_file(handle: Any, chunk: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while True:
            data = handle.read(chunk)
            if not data:
                return
            yield data
    finally:
        handle.close()


__all__ = ["BulkJobs", "BulkWorker", "JobView", "MAX_RECORDS", "iter_file"]
