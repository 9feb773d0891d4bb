"""The EU DCC JSON schemas (every release 1.0.0 to 1.3.3, draft 2020-12), checked with jsonschema-rs.

The schemas are package data (``data/DCC.combined-schema.json`` is release 1.3.3, the others
are ``data/schemas/<release>.json``): the installed package never reads the shared spec
folder. A payload is checked against the release its ``ver`` declares (``schema_for``); a
``ver`` with no release of its own uses the newest release of the same major version, and
anything else the newest release. Formats (``date``, ``date-time``) are checked by
default; a verifier reading foreign DCCs may turn that off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs

__all__ = ["SCHEMA_RELEASES", "SCHEMA_VERSION", "Problem", "load_schema", "schema_for", "schema_problems"]

SCHEMA_VERSION = "1.3.3"
SCHEMA_RELEASES = ("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1", "1.3.2", "1.3.3")
_MAX_MESSAGE = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a payload: JSON pointer, a sentence, and a code."""

    path: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def pointer(parts: Any) -> str:
    """JSON pointer (RFC 6901) from path parts."""
    out = ""
    for part in parts:
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out or "/"


@lru_cache(maxsize=len(SCHEMA_RELEASES))
def load_schema(release: str = SCHEMA_VERSION) -> dict[str, Any]:
    """The combined schema of one release (default: the newest, 1.3.3)."""
    if release not in SCHEMA_RELEASES:
        raise ValueError(f"no EU DCC schema release {release!r}")
    name = "data/DCC.combined-schema.json" if release == SCHEMA_VERSION else f"data/schemas/{release}.json"
    # beside this module (package data; a plain path: importlib.resources costs a fresh `verify` ~10 ms)
    schema: dict[str, Any] = json.loads((Path(__file__).parent / name).read_text("utf-8"))
    return schema


def _release_key(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))


def schema_for(ver: object) -> str:
    """The release to check a payload declaring ``ver`` against: that release when we ship it,
    else the newest release of the same major version, else the newest release."""
    text = str(ver).strip() if isinstance(ver, str) else ""
    if text in SCHEMA_RELEASES:
        return text
    major = text.split(".", 1)[0]
    same_major = [r for r in SCHEMA_RELEASES if r.split(".", 1)[0] == major]
    return max(same_major or SCHEMA_RELEASES, key=_release_key)


@lru_cache(maxsize=2 * len(SCHEMA_RELEASES))
def _validator(check_formats: bool, release: str = SCHEMA_VERSION) -> Any:
    return jsonschema_rs.Draft202012Validator(load_schema(release), validate_formats=check_formats)


def schema_problems(dcc: Mapping[str, Any], *, check_formats: bool = True,
                    release: str = SCHEMA_VERSION) -> list[Problem]:
    """Every schema violation against ``release``, each with the JSON pointer of the offending value."""
    problems = []
    for err in _validator(check_formats, release).iter_errors(dict(dcc)):
        problems.append(Problem(path=pointer(err.instance_path), message=_sentence(err), code="schema"))
    return problems


def _sentence(err: Any) -> str:
    """The validator's message, unless it would echo a whole object or array (health data
    must not end up in logs): then a sentence naming the failed keyword instead."""
    message: str = err.message
    if message[:1] in "{[" or len(message) > _MAX_MESSAGE:
        keyword = str(list(err.schema_path)[-1]) if list(err.schema_path) else "schema"
        if keyword == "oneOf" and not list(err.instance_path):
            return "must hold ver, nam, dob and exactly one of v, t, r"
        return f"does not satisfy the schema's {keyword!r} rule"
    return message
