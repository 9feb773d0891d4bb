"""What every resumable bulk run needs on disk: the input's lines, one run per out-dir (a lock
and a state file binding the directory to its input and options), durable writes, and workers
that die with their parent."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mohpromt_ca.errors import InputError, UsageError
from mohpromt_ca.storage.private_files import write_private

LOCK = ".lock"
STATE = "state.json"
MAX_LINE = 256 * 1024


def write_durably(path: Path, data: bytes) -> None:
    """Write via a temporary file, fsync, rename, fsync the directory: all or nothing; 0600 (the
    outputs hold medical content: ``storage.private_files``)."""
    write_private(path, data, own_folder=False)


@contextlib.contextmanager
def exclusive_out_dir(out_dir: Path) -> Iterator[None]:
    """One bulk run per out-dir at a time."""
    import fcntl

    with open(out_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"another bulk run is using {out_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def run_state(out_dir: Path, data_file: Path, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The out-dir's run: created on the first run, and on a resume the same input and options."""
    path = out_dir / STATE
    if path.exists():
        state: dict[str, Any] = json.loads(path.read_text("utf-8"))
        for key, value in wanted.items():
            if state.get(key) != value:
                what = "the input file changed" if key == "input_sha256" else f"--{key} differs ({state.get(key)!r})"
                raise UsageError(f"{out_dir} belongs to another run: {what}; resume with the same file "
                                 "and options, or use a new --out-dir")
        return state
    state = {"run_id": secrets.token_hex(16), "input": str(data_file), **wanted}
    write_durably(path, json.dumps(state, indent=2).encode())
    return state


def jsonl_lines(data_file: Path, *, max_line: int = MAX_LINE) -> tuple[list[tuple[int, bytes]], str]:
    """(line number, line) for every non-blank line, and the file's SHA-256."""
    raw = data_file.read_bytes()
    lines = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        line = line.rstrip(b"\r")
        if line.strip():
            if len(line) > max_line:
                raise InputError(f"{data_file}:{number}: the line is longer than {max_line} bytes")
            lines.append((number, line))
    return lines, hashlib.sha256(raw).hexdigest()


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a worker: be killed when the parent dies (Linux PR_SET_PDEATHSIG), so no run leaves orphans."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        except OSError:
            pass
    if parent_pid is not None and os.getppid() != parent_pid:  # the parent died before we asked
        os._exit(1)
