"""The EU DCC test vectors as one set of cases, whichever copies are present.

``tests/vectors.py`` finds the copies (the vendored one under tests/data first, then
../shared/testdata when it sits beside the repository). A case is a file's path relative to its
copy; a path found in several copies is taken from the first, so the vendored copy always runs
and ../shared adds only the cases it has that the vendored copy lacks.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from tests.vectors import dgc_testdata_dirs  # type: ignore[import-not-found]


def dgc_files(pattern: str = "*.json") -> dict[str, Path]:
    """Relative path -> file, over every copy, sorted by relative path."""
    files: dict[str, Path] = {}
    for root in dgc_testdata_dirs():
        for path in sorted(root.rglob(pattern)):
            files.setdefault(path.relative_to(root).as_posix(), path)
    return dict(sorted(files.items()))


def dgc_file(rel: str) -> Path:
    """The file of case ``rel`` (a KeyError names a case no copy holds)."""
    return _every_file()[rel]


@functools.cache
def _every_file() -> dict[str, Path]:
    return dgc_files("*")


def known_issue_rows() -> list[dict[str, str]]:
    """The rows of every copy's tests/known_issues.csv (upstream's list of bad expectations), once each."""
    seen: set[tuple[str, ...]] = set()
    rows: list[dict[str, str]] = []
    for root in dgc_testdata_dirs():
        path = root / "tests" / "known_issues.csv"
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = tuple(sorted(row.items()))
                if key not in seen:
                    seen.add(key)
                    rows.append(row)
    return rows
