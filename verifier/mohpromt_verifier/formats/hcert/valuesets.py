"""EU DCC value sets: which coded fields take which codes.

Loaded from package data (release 2.12.0 of ehn-dcc-valuesets) or from another
directory with the same file names (e.g. a newer set synced from the gateway). A code
is valid when it is a key of the file's ``valueSetValues``; codes marked
``"active": false`` are deprecated and refused only when ``allow_inactive`` is False.
``test-manf-example.json`` is only an example of the rapid-test device list: load the
gateway's list with ``ValueSets.load(directory)`` when you have it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mohpromt_verifier.formats.hcert.schema import Problem

__all__ = ["FIELD_VALUE_SETS", "ValueSet", "ValueSets", "default_value_sets", "value_set_problems"]

# (group, field) -> (value-set file stem, what the field is, for messages)
FIELD_VALUE_SETS: dict[tuple[str, str], tuple[str, str]] = {
    ("v", "tg"): ("disease-agent-targeted", "disease or agent"),
    ("v", "vp"): ("vaccine-prophylaxis", "vaccine or prophylaxis"),
    ("v", "mp"): ("vaccine-medicinal-product", "medicinal product"),
    ("v", "ma"): ("vaccine-mah-manf", "marketing authorisation holder or manufacturer"),
    ("v", "co"): ("country-2-codes", "country"),
    ("t", "tg"): ("disease-agent-targeted", "disease or agent"),
    ("t", "tt"): ("test-type", "test type"),
    ("t", "tr"): ("test-result", "test result"),
    ("t", "ma"): ("test-manf-example", "test device"),
    ("t", "co"): ("country-2-codes", "country"),
    ("r", "tg"): ("disease-agent-targeted", "disease or agent"),
    ("r", "co"): ("country-2-codes", "country"),
}


@dataclass(frozen=True)
class ValueSet:
    id: str
    codes: frozenset[str]
    inactive: frozenset[str]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ValueSet:
        values = data.get("valueSetValues") or {}
        return cls(
            id=str(data.get("valueSetId", "")),
            codes=frozenset(values),
            inactive=frozenset(k for k, v in values.items() if isinstance(v, Mapping) and v.get("active") is False),
        )


@dataclass(frozen=True)
class ValueSets:
    sets: Mapping[str, ValueSet]

    @classmethod
    def load(cls, directory: Path | None = None) -> ValueSets:
        stems = {stem for stem, _ in FIELD_VALUE_SETS.values()}
        sets = {}
        for stem in sorted(stems):
            if directory is None:
                text = (Path(__file__).parent / "data" / "valuesets" / f"{stem}.json").read_text("utf-8")
            else:
                text = (Path(directory) / f"{stem}.json").read_text("utf-8")
            sets[stem] = ValueSet.from_json(json.loads(text))
        return cls(sets=sets)

    def with_codes(self, stem: str, extra: set[str] | frozenset[str]) -> ValueSets:
        """A copy that also accepts ``extra`` codes in one set (e.g. gateway devices)."""
        old = self.sets[stem]
        sets = dict(self.sets)
        sets[stem] = ValueSet(id=old.id, codes=old.codes | frozenset(extra), inactive=old.inactive)
        return ValueSets(sets=sets)


@lru_cache(maxsize=1)
def default_value_sets() -> ValueSets:
    return ValueSets.load()


def value_set_problems(
    dcc: Mapping[str, Any],
    *,
    value_sets: ValueSets | None = None,
    allow_inactive: bool = True,
) -> list[Problem]:
    """Coded fields whose value is not in its value set, e.g.
    ``/v/0/mp: unknown medicinal product 'X'``."""
    vs = value_sets or default_value_sets()
    problems: list[Problem] = []
    for group in ("v", "t", "r"):
        entries = dcc.get(group)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                continue
            for (g, fld), (stem, what) in FIELD_VALUE_SETS.items():
                if g != group or fld not in entry:
                    continue
                code = entry[fld]
                path = f"/{group}/{index}/{fld}"
                value_set = vs.sets[stem]
                if not isinstance(code, str) or code not in value_set.codes:
                    problems.append(Problem(path=path, message=f"unknown {what} {code!r}", code="valueset"))
                elif not allow_inactive and code in value_set.inactive:
                    problems.append(Problem(path=path, message=f"deprecated {what} {code!r}", code="valueset"))
    return problems
