"""DCC payload validation: schema 1.3.3, exactly one of v/t/r, value sets."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mohpromt_verifier.formats.hcert import dcc_problems, dcc_type, validate_dcc
from mohpromt_verifier.formats.hcert.errors import SchemaError, ValueSetError
from mohpromt_verifier.formats.hcert.schema import SCHEMA_VERSION, load_schema

from .conftest import SPEC, thai_vaccination

SCHEMA_DIR = SPEC / "dcc-schema"  # tests/data/spec (vendored), else ../shared/spec


def _files(sub: str) -> list[Path]:
    files = sorted((SCHEMA_DIR / sub).rglob("*.json"))
    assert files, f"no upstream schema files under {SCHEMA_DIR / sub}"
    return files


def test_vendored_schema_is_the_newest_13x() -> None:
    assert SCHEMA_VERSION in load_schema()["$comment"]
    assert load_schema() == json.loads((SCHEMA_DIR / "DCC.combined-schema.json").read_text("utf-8"))


@pytest.mark.parametrize("path", _files("examples"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_upstream_examples_validate(path: Path) -> None:
    dcc = json.loads(path.read_text("utf-8"))
    problems = dcc_problems(dcc)
    if "t" in dcc and problems:
        # Rapid-test device ids come from the gateway's list; the vendored
        # test-manf-example.json is only an example and lacks some (e.g. 532).
        assert [(p.path, p.message.split(" '")[0]) for p in problems] == [("/t/0/ma", "unknown test device")]
        return
    assert validate_dcc(dcc) == dcc_type(dcc)


@pytest.mark.parametrize("path", _files("test/valid"), ids=lambda p: p.stem)
def test_upstream_valid_vectors(path: Path) -> None:
    # Schema + structure only, formats not enforced: these vectors carry placeholder
    # codes and loose ISO 8601 forms ("+02", "+0200") that the schema's authors meant to
    # accept. We issue strict RFC 3339 (check_formats=True); a verifier may relax it.
    dcc = json.loads(path.read_text("utf-8"))
    assert [p for p in dcc_problems(dcc, check_formats=False) if p.code == "schema"] == []


@pytest.mark.parametrize("path", _files("test/invalid"), ids=lambda p: p.stem)
def test_upstream_invalid_vectors(path: Path) -> None:
    dcc = json.loads(path.read_text("utf-8"))
    with pytest.raises(SchemaError):
        validate_dcc(dcc)


def test_thai_sample_is_valid() -> None:
    assert validate_dcc(thai_vaccination()) == "v"


@pytest.mark.parametrize(
    ("mutate", "error", "path", "text"),
    [
        (lambda d: d["v"][0].update(mp="X"), ValueSetError, "/v/0/mp", "unknown medicinal product 'X'"),
        (lambda d: d["v"][0].update(ma="ACME"), ValueSetError, "/v/0/ma", "unknown marketing authorisation"),
        (lambda d: d["v"][0].update(vp="123"), ValueSetError, "/v/0/vp", "unknown vaccine or prophylaxis"),
        (lambda d: d["v"][0].update(co="XX"), ValueSetError, "/v/0/co", "unknown country 'XX'"),
        (lambda d: d["v"][0].update(tg="1"), ValueSetError, "/v/0/tg", "unknown disease"),
        (lambda d: d["v"][0].update(dn=0), SchemaError, "/v/0/dn", ""),
        (lambda d: d["v"][0].update(dt="30/08/2021"), SchemaError, "/v/0/dt", ""),
        (lambda d: d["nam"].update(fnt="Jaidee"), SchemaError, "/nam/fnt", ""),
        (lambda d: d.update(dob="85-04-12"), SchemaError, "/dob", ""),
        (lambda d: d["v"][0].update(ci="X" * 81), SchemaError, "/v/0/ci", ""),
        (lambda d: d.pop("ver"), SchemaError, "/", "must hold ver, nam, dob"),
    ],
)
def test_invalid_fields_are_named(mutate: Any, error: type[Exception], path: str, text: str) -> None:
    dcc = thai_vaccination()
    mutate(dcc)
    with pytest.raises(error) as info:
        validate_dcc(dcc)
    assert info.value.path == path  # type: ignore[attr-defined]
    assert str(info.value).startswith(f"{path}: ")
    assert text in str(info.value)


def test_test_and_recovery_value_sets() -> None:
    dcc = thai_vaccination()
    entry = dcc.pop("v")[0]
    dcc["t"] = [
        {
            "tg": "840539006", "tt": "LP217198-3", "ma": "NOPE", "sc": "2021-08-30T10:00:00Z",
            "tr": "260415000", "tc": "Bangkok Hospital", "co": "TH", "is": entry["is"], "ci": entry["ci"],
        }
    ]
    with pytest.raises(ValueSetError, match="/t/0/ma: unknown test device 'NOPE'"):
        validate_dcc(dcc)
    dcc["t"][0]["ma"] = "1232"
    dcc["t"][0]["tr"] = "1"
    with pytest.raises(ValueSetError, match="/t/0/tr: unknown test result"):
        validate_dcc(dcc)
    dcc["t"][0]["tr"] = "260415000"
    assert validate_dcc(dcc) == "t"


def test_exactly_one_group() -> None:
    both = thai_vaccination()
    both["r"] = [{"tg": "840539006", "fr": "2021-08-01", "co": "TH", "is": "MOPH", "df": "2021-08-11",
                  "du": "2022-01-28", "ci": "URN:UVCI:01:TH:X#A"}]
    with pytest.raises(SchemaError, match="exactly one of v, t, r"):
        validate_dcc(both)
    none = thai_vaccination()
    del none["v"]
    with pytest.raises(SchemaError, match="found none"):
        validate_dcc(none)
    two = thai_vaccination()
    two["v"].append(copy.deepcopy(two["v"][0]))
    with pytest.raises(SchemaError) as info:
        validate_dcc(two)
    assert info.value.path == "/v"


def test_all_problems_are_listed() -> None:
    dcc = thai_vaccination()
    dcc["v"][0].update(mp="X", co="XX")
    with pytest.raises(ValueSetError) as info:
        validate_dcc(dcc)
    paths = [p.path for p in info.value.problems]  # type: ignore[attr-defined]
    assert paths == ["/v/0/mp", "/v/0/co"]
    assert "and 1 more" in str(info.value)
