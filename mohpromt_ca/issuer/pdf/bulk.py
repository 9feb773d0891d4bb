"""Bulk issuance from JSONL: worker processes, a progress bar, and exactly-once resume.

The out dir holds::

    state.json        run id, input hash, type, signer, level (written once; a resume must match)
    0000001.pdf ...   one signed PDF per input line (line number, 7 digits)
    manifest.jsonl    line -> document number, file, SHA-256 (rewritten at the end of every run)
    errors.jsonl      refused lines with the reason (this run)
    .lock             held while a run works: two runs never share an out dir

Why every record is issued exactly once, even when the run is killed (SIGKILL) and restarted:

* each line has a deterministic idempotency key, SHA-256 over the run id, its line number
  and the line; the register's UNIQUE index on it (migration 0003) admits at most one
  issued document per line, across processes and restarts (the database decides);
* a worker writes the signed PDF to a private temporary file and fsyncs it *before* the
  register commit, and renames it into place after: every document the register knows has
  its bytes on disk (nothing lost), and a document the register does not know was never
  issued (its temporary file is discarded and the line is issued again);
* on restart, lines the register knows are skipped; a committed document whose rename was
  interrupted is found by its SHA-256 among the temporary files and renamed then.

Workers are spawned processes; each opens its own ``Authority`` and ``PdfIssuer`` once, so
keys are loaded once per worker and Typst compilers stay warm. On Linux each asks the kernel
to kill it when the parent dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mohpromt_ca.errors import InputError, MohpromtError
from mohpromt_ca.issuer.bulk_files import die_with_parent, exclusive_out_dir, jsonl_lines, run_state, write_durably

MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"


@dataclass(frozen=True)
class BulkOptions:
    data_file: Path
    out_dir: Path
    type_key: str
    signer_id: int
    level: str
    certify: bool = False
    countersigner_id: int | None = None
    workers: int = 2


@dataclass
class BulkReport:
    total: int = 0
    issued: int = 0
    already: int = 0
    recovered: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: what this run issued: line, document number, SHA-256 (the CLI announces them to plugins)
    issued_now: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "issued": self.issued, "already_issued": self.already,
                "recovered": self.recovered, "failed": self.failed}


def record_key(run_id: str, line_no: int, line: bytes) -> str:
    digest = hashlib.sha256(b"mohpromt-pdf-bulk\x00" + run_id.encode() + b"\x00" + str(line_no).encode() + b"\x00")
    digest.update(hashlib.sha256(line).digest())
    return digest.hexdigest()


def output_name(line_no: int) -> str:
    return f"{line_no:07d}.pdf"


def _state(options: BulkOptions, input_sha: str) -> dict[str, Any]:
    return run_state(options.out_dir, options.data_file, {
        "input_sha256": input_sha, "type": options.type_key, "signer": options.signer_id, "level": options.level,
        "certify": options.certify, "countersigner": options.countersigner_id})


# ----------------------------------------------------------------------------- worker side

_WORKER: dict[str, Any] = {}


def _init_worker(settings: Any, options: BulkOptions, actor: str) -> None:
    die_with_parent()
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.issuer.pdf.service import PdfIssuer

    authority = Authority.open(settings, actor=actor)
    _WORKER.update(authority=authority, issuer=PdfIssuer(authority), options=options)


def issue_line(line_no: int, line: bytes, key: str) -> dict[str, Any]:
    """Issue one JSONL record in this worker; never raises for a bad record."""
    from mohpromt_ca.errors import AlreadyExists
    from mohpromt_ca.issuer.pdf.register import issued_by_keys

    issuer = _WORKER["issuer"]
    options: BulkOptions = _WORKER["options"]
    try:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
        issued = issuer.issue(options.type_key, data, signer_id=options.signer_id, level=options.level,
                              certify=options.certify, countersigner_id=options.countersigner_id, record=False)
        final = options.out_dir / output_name(line_no)
        tmp = options.out_dir / f"{output_name(line_no)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        write_durably(tmp, issued.pdf)
        try:
            issuer.record(issued, idempotency_key=key)
        except AlreadyExists:
            tmp.unlink(missing_ok=True)
            if key in issued_by_keys(issuer.authority, [key]):
                return {"line": line_no, "status": "already"}
            raise
        os.replace(tmp, final)
        return {"line": line_no, "status": "issued", "document_number": issued.document_number,
                "sha256": issued.sha256, "file": final.name}
    except MohpromtError as exc:
        return {"line": line_no, "status": "failed", "code": exc.code, "error": exc.message}
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the run
        return {"line": line_no, "status": "failed", "code": "internal", "error": type(exc).__name__}


# ----------------------------------------------------------------------------- parent side


def _recover(out_dir: Path, line_no: int, sha256: str) -> bool:
    """A committed document whose rename did not happen: find its bytes by hash and finish."""
    final = out_dir / output_name(line_no)
    if final.exists() and hashlib.sha256(final.read_bytes()).hexdigest() == sha256:
        return False
    for tmp in out_dir.glob(f"{output_name(line_no)}.*.tmp"):
        if hashlib.sha256(tmp.read_bytes()).hexdigest() == sha256:
            os.replace(tmp, final)
            return True
    raise MohpromtError(f"line {line_no} is issued in the register (SHA-256 {sha256[:16]}…) but its PDF is "
                        f"missing from {out_dir}", code="bulk-output-lost")


def run_bulk(authority: Any, options: BulkOptions, *, progress: bool = True) -> BulkReport:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    from mohpromt_ca.issuer.pdf.levels import PadesLevel
    from mohpromt_ca.issuer.pdf.register import issued_by_keys
    from mohpromt_ca.templates import get_type

    get_type(options.type_key)  # unknown type: refuse before starting workers
    PadesLevel.parse(options.level)
    options.out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    report = BulkReport()
    with exclusive_out_dir(options.out_dir):
        lines, input_sha = jsonl_lines(options.data_file)
        state = _state(options, input_sha)
        keys = {number: record_key(state["run_id"], number, line) for number, line in lines}
        done = issued_by_keys(authority, list(keys.values()))
        report.total = len(lines)
        pending = []
        for number, line in lines:
            hit = done.get(keys[number])
            if hit is None:
                pending.append((number, line))
                continue
            report.already += 1
            if _recover(options.out_dir, number, hit[1]):
                report.recovered += 1
        for stale in options.out_dir.glob("*.tmp"):  # uncommitted work of a killed run: never issued
            stale.unlink(missing_ok=True)
        errors_path = options.out_dir / ERRORS
        errors_path.unlink(missing_ok=True)

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        bar = Progress(TextColumn("issuing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=console, disable=not progress or not console.is_terminal)
        with bar:
            task = bar.add_task("issue", total=len(lines), completed=report.already)
            if pending:
                workers = max(1, min(options.workers, len(pending)))
                with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                         initializer=_init_worker,
                                         initargs=(authority.settings, options, authority.actor)) as pool:
                    futures = [pool.submit(issue_line, number, line, keys[number]) for number, line in pending]
                    with os.fdopen(os.open(errors_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a",
                                   encoding="utf-8") as errors:
                        for future in as_completed(futures):
                            result = future.result()
                            if result["status"] == "issued":
                                report.issued += 1
                                report.issued_now.append(result)
                            elif result["status"] == "already":
                                report.already += 1
                            else:
                                report.failed += 1
                                report.errors.append(result)
                                errors.write(json.dumps(result, ensure_ascii=False) + "\n")
                                errors.flush()
                            bar.advance(task)
        if not report.errors:
            errors_path.unlink(missing_ok=True)
        _write_manifest(authority, options.out_dir, keys)
    return report


def _write_manifest(authority: Any, out_dir: Path, keys: dict[int, str]) -> None:
    from mohpromt_ca.issuer.pdf.register import issued_by_keys

    known = issued_by_keys(authority, list(keys.values()))
    rows = []
    for number, key in sorted(keys.items()):
        hit = known.get(key)
        if hit is not None:
            rows.append(json.dumps({"line": number, "document_number": hit[0], "file": output_name(number),
                                    "sha256": hit[1]}, ensure_ascii=False))
    write_durably(out_dir / MANIFEST, ("\n".join(rows) + "\n" if rows else "").encode())
