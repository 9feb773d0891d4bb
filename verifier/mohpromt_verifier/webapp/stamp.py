"""The digests ``stamp.mjs`` writes to ``dist/BUILD-STAMP.json``, computed the same way in Python:
a committed bundle whose sources, lock file or data changed since it was built is stale."""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # paths in the digest are relative to the mohpromt_verifier package
OUTPUTS = ("verify.mjs", "app.js", "zxing_reader.wasm")


def _files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def input_paths(here: Path = HERE) -> list[Path]:
    data = here.parent / "formats" / "hcert" / "data"
    return [*_files(here / "src"), here / "package.json", here / "package-lock.json", here / "build.mjs",
            here / "stamp.mjs", *_files(data / "schemas"), data / "DCC.combined-schema.json",
            *_files(data / "valuesets")]


def digest(paths: list[Path], root: Path = ROOT) -> str:
    outer = hashlib.sha256()
    for relative, path in sorted((p.relative_to(root).as_posix(), p) for p in paths):
        outer.update(relative.encode() + b"\n")
        outer.update(hashlib.sha256(path.read_bytes()).hexdigest().encode() + b"\n")
    return outer.hexdigest()


def current() -> dict[str, str]:
    """What BUILD-STAMP.json must say for the bundle in dist/ to be this source tree's."""
    return {"inputs": digest(input_paths()), "outputs": digest([HERE / "dist" / name for name in OUTPUTS])}
