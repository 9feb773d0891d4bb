"""Is a DCC payload fit to sign? The EU schema and value sets (``formats.hcert.payload``),
plus what we demand of our own certificates:

* no property the schema does not define (the EU schema allows extras; we never emit
  them, so an unknown key is a typo to refuse, e.g. ``/v/0/dose``);
* a date of birth that is a real date (the schema's pattern lets ``1985-13-45`` through);
* a UVCI (``ci``) whose Luhn mod N checksum, when present, matches.

Every refusal is a ``PayloadError`` subclass whose ``path`` is the JSON pointer of the
field; for typed input the message also names the input field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from mohpromt_ca.issuer.dcc.mapping import INPUT_FIELD
from mohpromt_verifier.formats.hcert.errors import PayloadError, SchemaError, UvciError
from mohpromt_verifier.formats.hcert.payload import validate_dcc
from mohpromt_verifier.formats.hcert.schema import load_schema
from mohpromt_verifier.formats.hcert.uvci import parse_uvci

__all__ = ["check_dcc"]


@lru_cache(maxsize=1)
def _known_keys() -> dict[str, frozenset[str]]:
    schema = load_schema()
    defs = schema["$defs"]
    return {
        "": frozenset(schema["properties"]),
        "nam": frozenset(defs["person_name"]["properties"]),
        "v": frozenset(defs["vaccination_entry"]["properties"]),
        "t": frozenset(defs["test_entry"]["properties"]),
        "r": frozenset(defs["recovery_entry"]["properties"]),
    }


def _unknown_keys(dcc: Mapping[str, Any]) -> list[str]:
    known = _known_keys()
    paths = [f"/{k}" for k in dcc if k not in known[""]]
    nam = dcc.get("nam")
    if isinstance(nam, Mapping):
        paths += [f"/nam/{k}" for k in nam if k not in known["nam"]]
    for group in ("v", "t", "r"):
        entries = dcc.get(group)
        if isinstance(entries, list):
            for i, entry in enumerate(entries):
                if isinstance(entry, Mapping):
                    paths += [f"/{group}/{i}/{k}" for k in entry if k not in known[group]]
    return paths


def _with_field(exc: PayloadError, typed: bool) -> PayloadError:
    if not typed or exc.path not in INPUT_FIELD:
        return exc
    message = exc.message.split(": ", 1)[1] if exc.message.startswith(exc.path + ": ") else exc.message
    return type(exc)(f"{message} (input field {INPUT_FIELD[exc.path]})", path=exc.path, problems=exc.problems,
                     code=exc.code)


def _check_dob(dob: Any, typed: bool) -> None:
    if not isinstance(dob, str) or not dob:
        return  # the schema reports a wrong type; an empty dob is allowed
    parts = dob.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            dt.date(*numbers)
        elif len(numbers) == 2 and not 1 <= numbers[1] <= 12:
            raise ValueError
    except ValueError:
        raise _with_field(SchemaError(f"{dob[:12]!r} is not a date", path="/dob"), typed) from None


def check_dcc(dcc: Mapping[str, Any], *, typed: bool = False) -> str:
    """Refuse a payload we would not sign; return its group (v, t or r)."""
    unknown = _unknown_keys(dcc)
    if unknown:
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        raise SchemaError(f"the EU DCC schema defines no such property{more}", path=unknown[0])
    _check_dob(dcc.get("dob"), typed)
    try:
        group = validate_dcc(dcc)
    except PayloadError as exc:
        raise _with_field(exc, typed) from None
    entry = dcc[group][0]
    try:
        uvci = parse_uvci(entry["ci"])
    except UvciError as exc:
        raise _with_field(PayloadError(exc.message, path=f"/{group}/0/ci", code="uvci"), typed) from None
    if uvci.checksum_ok is False:
        raise _with_field(PayloadError("the UVCI checksum does not match (Luhn mod N)", path=f"/{group}/0/ci",
                                       code="uvci"), typed)
    return group
