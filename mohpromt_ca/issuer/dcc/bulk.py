"""Bulk issuance from a JSONL file: worker processes, a progress bar, resumable, and every
record issued exactly once even when a run is killed (SIGKILL) and started again.

The out dir holds::

    state.json         run id, input file hash, profile, type, format (written once)
    journal/*.json     write-ahead journal: each signed batch (HC1 text included), fsynced
                       and renamed into place *before* the batch is committed to the register
    0000001.png ...    one output per input line (line number, 7 digits), written atomically
    manifest.jsonl     line -> UVCI, kid, type, file (rewritten at the end of every run)
    errors.jsonl       refused lines with the JSON path and the reason (this run)
    .lock              held while a run is working: two runs never share an out dir

Why exactly once:

* each record has a deterministic idempotency key, SHA-256 over the run id, its line
  number and the line; the register's UNIQUE index on that key (migration 0003) lets at
  most one DCC per record in, across processes and restarts (the database decides,
  not code);
* a batch is journaled (fsync) before its register commit, so every DCC the register
  knows has its HC1 text on disk: nothing issued is lost, outputs can be rewritten;
* on restart, journal entries the register does not know are *rolled forward* (recorded
  as they are, not signed again) before any new work, and records the register knows
  are skipped; an output is only ever written for the HC1 whose UVCI the register holds
  for that key, so a straggler cannot overwrite a winner's file.

Workers are spawned (not forked) processes; each opens its own ``Authority`` and loads
the DSC key once. On Linux each asks the kernel to kill it when the parent dies
(PR_SET_PDEATHSIG), so a killed run leaves no worker behind; the UNIQUE key would make a
straggler harmless anyway. The journal holds HC1 text, which is health data: protect and
remove it with the outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mohpromt_ca.errors import InputError, MohpromtError, UsageError
from mohpromt_ca.issuer.bulk_files import die_with_parent, exclusive_out_dir, jsonl_lines, run_state
from mohpromt_ca.issuer.dcc.output import render, write_atomic
from mohpromt_ca.storage.private_files import fsync_dir

__all__ = ["BulkOptions", "record_key", "run_bulk"]

JOURNAL = "journal"
MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
MAX_LINE = 64 * 1024


@dataclass(frozen=True)
class BulkOptions:
    data_file: Path
    out_dir: Path
    dcc_type: str | None = None
    profile: str = "eu-dcc"
    dsc: str | None = None
    fmt: str = "png"
    workers: int = 1
    batch: int = 50


def record_key(run_id: str, line_no: int, line: bytes) -> str:
    digest = hashlib.sha256(b"mohpromt-dcc-bulk\x00" + run_id.encode() + b"\x00" + str(line_no).encode() + b"\x00")
    digest.update(hashlib.sha256(line).digest())
    return digest.hexdigest()


def output_name(line_no: int, fmt: str) -> str:
    return f"{line_no:07d}.{fmt}"


def _state(options: BulkOptions, input_sha: str) -> dict[str, Any]:
    return run_state(options.out_dir, options.data_file, {
        "input_sha256": input_sha, "profile": options.profile, "type": options.dcc_type, "format": options.fmt,
        "dsc": options.dsc})


# --- the journal -----------------------------------------------------------------------


def _journal_write(out_dir: Path, entries: list[dict[str, Any]]) -> None:
    directory = out_dir / JOURNAL
    name = f"{entries[0]['line']:07d}-{secrets.token_hex(4)}.json"
    write_atomic(directory / name, json.dumps(entries, separators=(",", ":")).encode(), sync=True)
    fsync_dir(directory)


def _journal_read(out_dir: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted((out_dir / JOURNAL).glob("*.json")):
        try:
            entries.extend(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            continue  # a torn temporary never gets the .json name; anything else unreadable is skipped
    return entries


def _ensure_output(out_dir: Path, fmt: str, line: int, hc1: str) -> bool:
    """Write the output unless it is there; True when it was written now."""
    path = out_dir / output_name(line, fmt)
    if path.exists():
        return False
    write_atomic(path, render(hc1, fmt), sync=True)
    return True


# --- one batch (in a worker, or in this process) --------------------------------------

_CONTEXT: dict[str, Any] = {}


def _init_worker(settings: Any, options: BulkOptions, run_id: str, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    _open_context(settings, options, run_id)


def _open_context(settings: Any, options: BulkOptions, run_id: str) -> dict[str, Any]:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.issuer.dcc.service import DccIssuer

    authority = Authority.open(settings)
    _CONTEXT.update(authority=authority, issuer=DccIssuer(authority, profile=options.profile, dsc=options.dsc),
                    options=options, run_id=run_id)
    return _CONTEXT


def _failure(line: int, exc: MohpromtError) -> dict[str, Any]:
    return {"line": line, "status": "failed", "code": exc.code, "path": getattr(exc, "path", None),
            "message": exc.message}


def process_batch(items: Sequence[tuple[int, bytes]]) -> list[dict[str, Any]]:
    """Issue one batch: parse, skip what the register has, sign, journal, commit, write."""
    from mohpromt_ca.issuer.dcc.errors import AlreadyIssued
    from mohpromt_ca.issuer.dcc.register import keys_issued
    from mohpromt_ca.issuer.dcc.request import parse_request
    from mohpromt_ca.issuer.dcc.signing import SignedDcc

    authority = _CONTEXT["authority"]
    issuer = _CONTEXT["issuer"]
    options: BulkOptions = _CONTEXT["options"]
    run_id: str = _CONTEXT["run_id"]
    out_dir = options.out_dir
    keys = {line: record_key(run_id, line, text) for line, text in items}
    with authority.register.transaction() as session:
        known = keys_issued(session, keys.values())
    results: list[dict[str, Any]] = []
    todo_lines: list[int] = []
    requests = []
    for line, text in items:
        if keys[line] in known:
            uvci = known[keys[line]][0]
            if (out_dir / output_name(line, options.fmt)).exists():
                results.append({"line": line, "status": "already", "uvci": uvci})
            else:  # journaled ones were settled by the parent: this one's journal is gone
                results.append({"line": line, "status": "failed", "code": "output-lost", "path": None,
                                "message": f"issued earlier as {uvci} but its journal and output are gone"})
            continue
        try:
            if len(text) > MAX_LINE:
                raise InputError(f"the line is longer than {MAX_LINE} bytes")
            try:
                data = json.loads(text)
            except ValueError as exc:
                raise InputError(f"not JSON: {exc}"[:200]) from None
            requests.append(parse_request(data, dcc_type=options.dcc_type))
            todo_lines.append(line)
        except MohpromtError as exc:
            results.append(_failure(line, exc))
    if not requests:
        return results

    def journal(signed: list[SignedDcc], signed_keys: list[str | None]) -> None:
        by_key: dict[str | None, int] = {k: n for n, k in keys.items()}
        _journal_write(out_dir, [{"line": by_key[k], "key": k, **s.as_dict()}
                                 for s, k in zip(signed, signed_keys, strict=True)])

    batch_keys: list[str | None] = [keys[line] for line in todo_lines]
    outcome = issuer.record_batch(requests, issuer.sign_all(requests), batch_keys, before_write=journal)
    for line, result in zip(todo_lines, outcome, strict=True):
        if isinstance(result, SignedDcc):
            _ensure_output(out_dir, options.fmt, line, result.hc1)
            results.append({"line": line, "status": "issued", "uvci": result.uvci, "kid": result.kid_b64,
                            "type": result.dcc_type})
        elif isinstance(result, AlreadyIssued):
            results.append({"line": line, "status": "already", "uvci": result.uvci})
        else:
            results.append(_failure(line, result))
    return results


def _worker_batch(items: Sequence[tuple[int, bytes]]) -> list[dict[str, Any]]:
    return process_batch(items)


# --- the run ---------------------------------------------------------------------------


def _recover(issuer: Any, authority: Any, options: BulkOptions) -> dict[int, dict[str, Any]]:
    """Settle the journal against the register: roll forward what it lacks, rewrite missing
    outputs. Returns line -> the journal entry the register holds (the issued ones)."""
    from mohpromt_ca.issuer.dcc.register import keys_issued
    from mohpromt_ca.issuer.dcc.signing import SignedDcc

    entries = _journal_read(options.out_dir)
    if not entries:
        return {}
    with authority.register.transaction() as session:
        known = keys_issued(session, {e["key"] for e in entries})
    pending: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if entry["key"] not in known:
            pending.setdefault(entry["key"], entry)
    if pending:
        rows = list(pending.values())
        for start in range(0, len(rows), max(options.batch, 1)):
            chunk = rows[start:start + options.batch]
            signed = [SignedDcc.from_dict(e) for e in chunk]
            try:
                issuer.record(signed, [e["key"] for e in chunk])
            except Exception:  # noqa: BLE001 - settle each alone below
                for entry, one in zip(chunk, signed, strict=True):
                    with contextlib.suppress(Exception):
                        issuer.record([one], [entry["key"]])
        with authority.register.transaction() as session:
            known = keys_issued(session, {e["key"] for e in entries})
    issued: dict[int, dict[str, Any]] = {}
    for entry in entries:
        held = known.get(entry["key"])
        if held is not None and held[0] == entry["uvci"]:
            issued[entry["line"]] = entry
    for line, entry in issued.items():
        _ensure_output(options.out_dir, options.fmt, line, entry["hc1"])
    return issued


def _batches(lines: list[tuple[int, bytes]], size: int) -> Iterator[list[tuple[int, bytes]]]:
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def run_bulk(settings: Any, options: BulkOptions, *, progress: bool = True) -> dict[str, Any]:
    """Issue every line of ``options.data_file`` once; resume what an earlier run left."""
    from mohpromt_ca.issuer.dcc.output import FORMATS
    from mohpromt_ca.issuer.dcc.profiles import get_profile

    get_profile(options.profile)
    if options.fmt not in FORMATS:
        raise UsageError(f"unknown format {options.fmt!r}; use png, svg or txt")
    out_dir = options.out_dir
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (out_dir / JOURNAL).mkdir(mode=0o700, exist_ok=True)
    lines, input_sha = jsonl_lines(options.data_file)
    with exclusive_out_dir(out_dir):
        state = _state(options, input_sha)
        run_id = state["run_id"]
        context = _open_context(settings, options, run_id)
        authority, issuer = context["authority"], context["issuer"]
        try:
            done = _recover(issuer, authority, options)
            todo = [(n, text) for n, text in lines if n not in done]
            results = _run(settings, options, run_id, todo, total=len(lines), already=len(done), progress=progress)
            return _finish(authority, options, lines, run_id, results)
        finally:
            authority.close()
            _CONTEXT.clear()


def _run(settings: Any, options: BulkOptions, run_id: str, todo: list[tuple[int, bytes]], *, total: int,
         already: int, progress: bool) -> list[dict[str, Any]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    results: list[dict[str, Any]] = []
    columns = (TextColumn("[bold]DCC"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not progress, transient=False) as bar:
        task = bar.add_task("issue", total=total, completed=already, rate="")
        if not todo:
            return results
        batches = list(_batches(todo, options.batch))
        if options.workers <= 0:
            for batch in batches:
                results.extend(process_batch(batch))
                bar.advance(task, len(batch))
            return results
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        workers = min(options.workers, len(batches))
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init_worker,
                                 initargs=(settings, options, run_id, os.getpid())) as pool:
            queue = iter(batches)
            running: dict[Any, int] = {}
            for batch in queue:
                running[pool.submit(_worker_batch, batch)] = len(batch)
                if len(running) >= workers * 3:
                    break
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    size = running.pop(future)
                    results.extend(future.result())
                    bar.advance(task, size)
                    following = next(queue, None)
                    if following is not None:
                        running[pool.submit(_worker_batch, following)] = len(following)
    return results


def _finish(authority: Any, options: BulkOptions, lines: list[tuple[int, bytes]], run_id: str,
            results: list[dict[str, Any]]) -> dict[str, Any]:
    """Final settle (rewrites any output a straggler left unwritten), manifest and errors."""
    from mohpromt_ca.issuer.dcc.register import keys_issued
    from mohpromt_ca.issuer.dcc.service import DccIssuer

    issued = _recover(DccIssuer(authority, profile=options.profile), authority, options)
    keys = {record_key(run_id, n, text): n for n, text in lines}
    with authority.register.transaction() as session:
        known = keys_issued(session, keys)
    failures = [r for r in results if r["status"] == "failed"]
    manifest = []
    for key, line in sorted(keys.items(), key=lambda kv: kv[1]):
        if key not in known:
            continue
        entry = issued.get(line, {})
        manifest.append({"line": line, "uvci": known[key][0], "kid": entry.get("kid_b64"),
                         "type": entry.get("dcc_type"), "sha256": known[key][1],
                         "file": output_name(line, options.fmt)})
    write_atomic(options.out_dir / MANIFEST, "".join(json.dumps(m) + "\n" for m in manifest).encode())
    write_atomic(options.out_dir / ERRORS, "".join(json.dumps(f, ensure_ascii=False) + "\n"
                                                   for f in failures).encode())
    now_issued = sum(1 for r in results if r["status"] == "issued")
    return {"records": len(lines), "issued": now_issued, "already": len(manifest) - now_issued,
            "failed": len(failures), "out_dir": str(options.out_dir), "manifest": str(options.out_dir / MANIFEST),
            "errors_file": str(options.out_dir / ERRORS), "options": {**asdict(options),
                                                                      "data_file": str(options.data_file),
                                                                      "out_dir": str(options.out_dir)}}
