"""The EU DCC JSON schema (release 1.3.3, draft 2020-12), checked with jsonschema-rs.

The schema is package data (``data/DCC.combined-schema.json``): the installed package
never reads the shared spec folder. Formats (``date``, ``date-time``) are checked by
default; a verifier reading foreign DCCs may turn that off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema_rs

__all__ = ["SCHEMA_VERSION", "Problem", "load_schema", "schema_problems"]

SCHEMA_VERSION = "1.3.3"
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


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/DCC.combined-schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=2)
def _validator(check_formats: bool) -> Any:
    return jsonschema_rs.Draft202012Validator(load_schema(), validate_formats=check_formats)


def schema_problems(dcc: Mapping[str, Any], *, check_formats: bool = True) -> list[Problem]:
    """Every schema violation, each with the JSON pointer of the offending value."""
    problems = []
    for err in _validator(check_formats).iter_errors(dict(dcc)):
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
