"""Is this DCC payload acceptable? Schema, exactly one of v/t/r, value sets.

``validate_dcc`` raises on the first kind of failure with every problem of that kind
listed (``SchemaError`` / ``ValueSetError``, each naming JSON pointers such as
``/v/0/mp``); ``dcc_problems`` returns them all for reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mohpromt_verifier.formats.hcert.dsc import DccType
from mohpromt_verifier.formats.hcert.errors import SchemaError, ValueSetError
from mohpromt_verifier.formats.hcert.schema import SCHEMA_VERSION, Problem, schema_problems
from mohpromt_verifier.formats.hcert.valuesets import ValueSets, value_set_problems

__all__ = ["dcc_problems", "dcc_type", "validate_dcc"]


def dcc_type(dcc: Mapping[str, Any]) -> DccType | None:
    """'v', 't' or 'r' when exactly one group is present, else None."""
    present = [g for g in ("v", "t", "r") if g in dcc]
    return present[0] if len(present) == 1 else None  # type: ignore[return-value]


def _structure_problems(dcc: Mapping[str, Any]) -> list[Problem]:
    present = [g for g in ("v", "t", "r") if g in dcc]
    if len(present) != 1:
        found = ", ".join(present) or "none"
        return [Problem(path="/", message=f"exactly one of v, t, r is required (found {found})", code="schema")]
    group = present[0]
    entries = dcc[group]
    if isinstance(entries, list) and len(entries) != 1:
        message = f"exactly one entry is required, found {len(entries)}"
        return [Problem(path=f"/{group}", message=message, code="schema")]
    return []


def dcc_problems(
    dcc: Mapping[str, Any],
    *,
    value_sets: ValueSets | None = None,
    check_formats: bool = True,
    allow_inactive: bool = True,
    release: str = SCHEMA_VERSION,
    check_value_sets: bool = True,
) -> list[Problem]:
    """All problems: structure and schema (of ``release``) first, then value sets."""
    if not isinstance(dcc, Mapping):
        return [Problem(path="/", message="the DCC must be a JSON object", code="schema")]
    problems = _structure_problems(dcc) + schema_problems(dcc, check_formats=check_formats, release=release)
    if check_value_sets:
        problems += value_set_problems(dcc, value_sets=value_sets, allow_inactive=allow_inactive)
    return problems


def validate_dcc(
    dcc: Mapping[str, Any],
    *,
    value_sets: ValueSets | None = None,
    check_formats: bool = True,
    allow_inactive: bool = True,
) -> DccType:
    """Raise ``SchemaError`` or ``ValueSetError`` naming the bad field; else the type."""
    problems = dcc_problems(dcc, value_sets=value_sets, check_formats=check_formats, allow_inactive=allow_inactive)
    if problems:
        first = problems[0]
        cls = ValueSetError if first.code == "valueset" else SchemaError
        same = [p for p in problems if p.code == first.code]
        message = first.message
        if len(same) > 1:
            others = "; ".join(str(p) for p in same[1:4])
            message += f" (and {len(same) - 1} more: {others})"
        raise cls(message, path=first.path, problems=tuple(problems))
    kind = dcc_type(dcc)
    assert kind is not None
    return kind
