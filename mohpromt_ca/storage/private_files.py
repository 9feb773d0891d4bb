"""Files only the service may read: signed artefacts, outputs and journals with medical content,
secrets, the register. One way to write them, one check of the data directory at start.

* :func:`private_dir` makes a folder 0700 (and tightens one this process owns);
* :func:`write_private` writes a file 0600 atomically: a temporary name opened ``O_EXCL`` at
  0600 (never readable by others, not even for a moment), fsync, rename, fsync of the folder;
* :func:`check_data_dir` refuses, at start, a data directory or key folder writable by others
  and key files any other account can read or write, naming the command that fixes it.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from mohpromt_ca.errors import ConfigError

__all__ = ["DIR_MODE", "FILE_MODE", "check_data_dir", "fsync_dir", "private_dir", "tighten", "write_private"]

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner may enter (made 0700; tightened if this user owns it)."""
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path, DIR_MODE)
    return path


def tighten(path: Path, mode: int) -> None:
    """Remove every permission beyond ``mode`` from ``path`` if this user owns it (else leave it)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & ~mode:
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes, *, sync: bool = True, own_folder: bool = True) -> Path:
    """Write ``data`` to ``path`` (0600) all or nothing; replaces an existing file. ``own_folder``:
    the folder is the service's own (made and kept 0700); False for a folder the operator chose
    (an output path): it must exist and is left as it is."""
    path = Path(path)
    if own_folder:
        private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if sync:
        fsync_dir(path.parent)
    return path


def _loose(path: Path, forbidden: int) -> bool:
    try:
        return bool(stat.S_IMODE(path.stat().st_mode) & forbidden)
    except FileNotFoundError:
        return False


def check_data_dir(data_dir: Path, keys_dir: Path) -> None:
    """Refuse to start on a data directory (or key folder) that group or others may write, or on key
    files group or others may read or write: another account could swap a key or read one."""
    data_dir, keys_dir = Path(data_dir), Path(keys_dir)
    problems = [f"{folder} is writable by group or others" for folder in (data_dir, keys_dir)
                if folder.is_dir() and _loose(folder, 0o022)]
    if keys_dir.is_dir():
        problems += [f"key file {key} is open to group or others" for key in sorted(keys_dir.iterdir())
                     if key.is_file() and _loose(key, 0o077)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        target = data_dir if data_dir.is_dir() else keys_dir
        raise ConfigError(f"refusing to start: {problems[0]}{more}; fix it with: chmod -R go-rwx {target}",
                          code="unsafe-permissions")
