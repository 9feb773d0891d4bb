"""WHO DDCC:VS core data set under ``hcert`` key 2 (our encoding; the WHO draft does not
pin one down).

Encoding choice, documented here because no spec fixes it:

* a CBOR map with **text keys** named exactly as the WHO DDCC:VS logical model
  elements (``name``, ``birthDate``, ``identifier``, ``sex``, ``vaccination``,
  ``certificate``), so any DDCC reader maps them by name, and the payload stays
  JSON-compatible (it is validated and stored as JSON like the EU DCC);
* coded values (``vaccine``, ``brand``, ``manufacturer``, ``maholder``, ``disease``,
  ``country``, ``sex``) are maps ``{"system": <URI>, "code": <text>}``; a bare text
  code is also accepted;
* dates are ISO 8601 text (``YYYY-MM-DD``), numbers (``dose``, ``totalDoses``) are
  unsigned integers, ``certificate.period`` is ``{"start", "end"}`` in date text;
* key 3 (DDCC:TR) is reserved and not produced.

The ``th-dhp`` profile carries this next to the EU DCC (key 1); the ``eu-dcc`` profile
never does. ``validate_ddcc_vs`` checks the shape (known keys, value types), not the
code systems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mohpromt_verifier.formats.hcert.errors import PayloadError

__all__ = ["DDCC_VS_FIELDS", "validate_ddcc_vs"]

_TEXT = "text"
_CODE = "code"
_DATE = "date"
_INT = "int"

DDCC_VS_FIELDS: dict[str, Any] = {
    "name": _TEXT,
    "birthDate": _DATE,
    "identifier": _TEXT,
    "sex": _CODE,
    "vaccination": {
        "vaccine": _CODE,
        "brand": _CODE,
        "manufacturer": _CODE,
        "maholder": _CODE,
        "lot": _TEXT,
        "date": _DATE,
        "validFrom": _DATE,
        "dose": _INT,
        "totalDoses": _INT,
        "country": _CODE,
        "centre": _TEXT,
        "signature": _TEXT,
        "practitioner": _TEXT,
        "disease": _CODE,
        "nextDose": _DATE,
    },
    "certificate": {
        "issuer": _TEXT,
        "kid": _TEXT,
        "hcid": _TEXT,
        "ddccid": _TEXT,
        "version": _TEXT,
        "period": {"start": _DATE, "end": _DATE},
    },
}


def _check(value: Any, spec: Any, path: str) -> None:
    if isinstance(spec, dict):
        if not isinstance(value, Mapping):
            raise PayloadError("must be a map", path=path, code="ddcc")
        for key, item in value.items():
            if key not in spec:
                raise PayloadError(f"unknown DDCC:VS element {key!r}", path=f"{path}/{key}", code="ddcc")
            _check(item, spec[key], f"{path}/{key}")
        return
    if spec == _INT:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif spec == _CODE:
        ok = isinstance(value, str) or (
            isinstance(value, Mapping)
            and set(value) <= {"system", "code", "display", "version"}
            and isinstance(value.get("code"), str)
            and all(isinstance(v, str) for v in value.values())
        )
    else:
        ok = isinstance(value, str) and len(value) <= 256
    if not ok:
        raise PayloadError(f"DDCC:VS element must be {spec}", path=path, code="ddcc")


def validate_ddcc_vs(data: Mapping[str, Any]) -> None:
    """Raise ``PayloadError`` (code ``ddcc``) naming the first bad element."""
    _check(data, DDCC_VS_FIELDS, "")
    if "name" not in data and "identifier" not in data:
        raise PayloadError("DDCC:VS needs a name or an identifier", path="/", code="ddcc")
