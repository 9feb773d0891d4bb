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

__all__ = ["check_dates", "check_dcc"]


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


#: the date of the event each group certifies: vaccination date, sample collection, first positive test
_EVENT_DATE = {"v": "dt", "t": "sc", "r": "fr"}


def _earliest(dob: str) -> dt.date | None:
    """The earliest day a DCC ``dob`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) can mean."""
    try:
        numbers = [int(p) for p in dob.split("-")[:3]]
        return dt.date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _event_day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def check_dates(dcc: Mapping[str, Any], *, now: dt.datetime, typed: bool = False) -> None:
    """A date of birth is never in the future (at ``now``, the issue time) and never after the
    event the certificate certifies; the event is never in the future either. Refusals name
    the JSON path (and, for typed input, the input field) in Thai and English."""
    today = now.astimezone(dt.UTC).date() + dt.timedelta(days=1)  # any time zone's today
    event_path: str | None = None
    event: dt.date | None = None
    for group, key in _EVENT_DATE.items():
        entries = dcc.get(group)
        if isinstance(entries, list) and entries and isinstance(entries[0], Mapping):
            event_path, event = f"/{group}/0/{key}", _event_day(entries[0].get(key))
            break
    if event is not None and event > today and event_path is not None:
        raise _with_field(PayloadError(f"วันที่ {event.isoformat()} อยู่ในอนาคต / {event.isoformat()} is in the "
                                       "future: a certificate states what has happened", path=event_path,
                                       code="future-date"), typed)
    raw = dcc.get("dob")
    dob = raw if isinstance(raw, str) else ""
    born = _earliest(dob) if dob else None
    if born is None:
        return
    if born > today:
        raise _with_field(PayloadError(f"วันเกิด {dob[:10]} อยู่ในอนาคต / the date of birth {dob[:10]} is in the "
                                       "future", path="/dob", code="future-date"), typed)
    if event is not None and born > event:
        raise _with_field(PayloadError(f"วันเกิด {dob[:10]} อยู่หลังวันที่ {event.isoformat()} ({event_path}) / the "
                                       f"date of birth {dob[:10]} is after {event_path} ({event.isoformat()})",
                                       path="/dob", code="future-date"), typed)


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
