"""Values as people read them in a terminal, never as Python reprs.

``plain(value)`` gives one line for a scalar, a list of scalars (comma-separated) or a flat
mapping (``key: value, key: value``); ``field_lines(key, value)`` gives the lines of one
``key: value`` entry, with a list of mappings (a PDF's signers) as one indented ``- ...`` line
each. Booleans read yes / no; None reads as a dash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["field_lines", "plain"]


def plain(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def field_lines(key: str, value: Any, indent: str = "") -> list[str]:
    """``key: value`` as lines; a list of mappings becomes one ``- a: x, b: y`` line per item."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Mapping) for v in value):
        return [f"{indent}{key}:"] + [f"{indent}  - {plain(v)}" for v in value]
    return [f"{indent}{key}: {plain(value)}"]
