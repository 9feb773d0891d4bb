"""Typed input -> DCC JSON 1.3.x (the EU schema's shape).

``fn``/``gn`` are taken as written; ``fnt``/``gnt`` are the ICAO 9303 transliteration
of the passport's Latin spelling (``formats.hcert.icao``; Thai script is refused there,
and the refusal here names the input field to fill in). The UVCI is left out when the
input has none: the issuer puts a fresh one in (``ci``) just before validation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mohpromt_ca.issuer.dcc.inputs import DccInput, Holder, RecoveryEvent, TestEvent, VaccinationEvent
from mohpromt_verifier.formats.hcert.errors import TransliterationError
from mohpromt_verifier.formats.hcert.icao import transliterate

__all__ = ["DCC_VERSION", "GROUP_OF_TYPE", "INPUT_FIELD", "TYPE_OF_GROUP", "to_dcc"]

DCC_VERSION = "1.3.0"
"""What ``ver`` says: 1.3.0, as Thailand's EU quality-assurance samples (schema 1.3.x
patch releases changed no content; we validate against the vendored 1.3.3)."""

GROUP_OF_TYPE = {"vaccination": "v", "test": "t", "recovery": "r"}
TYPE_OF_GROUP = {g: t for t, g in GROUP_OF_TYPE.items()}

# DCC JSON pointer -> the typed-input field it came from (for error messages)
INPUT_FIELD: dict[str, str] = {
    "/nam/fn": "holder.family_name", "/nam/gn": "holder.given_name",
    "/nam/fnt": "holder.family_name_latin", "/nam/gnt": "holder.given_name_latin",
    "/dob": "holder.date_of_birth",
}
for _group, _type, _fields in (
    ("v", "vaccination", {"tg": "disease", "vp": "vaccine", "mp": "product", "ma": "manufacturer",
                          "dn": "dose_number", "sd": "total_doses", "dt": "date", "co": "country",
                          "is": "issuer", "ci": "uvci"}),
    ("t", "test", {"tg": "disease", "tt": "test_type", "nm": "name", "ma": "device", "sc": "sample_collected_at",
                   "tr": "result", "tc": "centre", "co": "country", "is": "issuer", "ci": "uvci"}),
    ("r", "recovery", {"tg": "disease", "fr": "first_positive", "df": "valid_from", "du": "valid_until",
                       "co": "country", "is": "issuer", "ci": "uvci"}),
):
    for _key, _name in _fields.items():
        INPUT_FIELD[f"/{_group}/0/{_key}"] = f"{_type}.{_name}"


def _icao(latin: str | None, written: str, field: str) -> str:
    try:
        return transliterate(latin if latin is not None else written)
    except TransliterationError as exc:
        from mohpromt_ca.issuer.dcc.errors import input_error

        if latin is None:
            raise input_error(f"/holder/{field}_latin",
                              f"{field} is not in Latin script: give {field}_latin as spelled in the passport "
                              f"({exc.message})", code="icao") from None
        raise input_error(f"/holder/{field}_latin", exc.message, code="icao") from None


def names(holder: Holder) -> dict[str, str]:
    nam = {"fn": holder.family_name, "fnt": _icao(holder.family_name_latin, holder.family_name, "family_name")}
    if holder.given_name is not None or holder.given_name_latin is not None:
        if holder.given_name is not None:
            nam["gn"] = holder.given_name
        nam["gnt"] = _icao(holder.given_name_latin, holder.given_name or "", "given_name")
    return nam


def _vaccination(e: VaccinationEvent) -> dict[str, Any]:
    return {"tg": e.disease, "vp": e.vaccine, "mp": e.product, "ma": e.manufacturer, "dn": e.dose_number,
            "sd": e.total_doses, "dt": e.date.isoformat(), "co": e.country, "is": e.issuer}


def _test(e: TestEvent) -> dict[str, Any]:
    entry: dict[str, Any] = {"tg": e.disease, "tt": e.test_type}
    if e.name is not None:
        entry["nm"] = e.name
    if e.device is not None:
        entry["ma"] = e.device
    entry["sc"] = e.sample_collected_at.isoformat().replace("+00:00", "Z")
    entry["tr"] = e.result
    if e.centre is not None:
        entry["tc"] = e.centre
    entry.update({"co": e.country, "is": e.issuer})
    return entry


def _recovery(e: RecoveryEvent) -> dict[str, Any]:
    return {"tg": e.disease, "fr": e.first_positive.isoformat(), "co": e.country, "is": e.issuer,
            "df": e.valid_from.isoformat(), "du": e.valid_until.isoformat()}


_EVENT: dict[str, Callable[[Any], dict[str, Any]]] = {"vaccination": _vaccination, "test": _test,
                                                       "recovery": _recovery}


def to_dcc(data: DccInput) -> dict[str, Any]:
    """The DCC JSON object (``ci`` only when the input gave a UVCI)."""
    kind = data.dcc_type
    event = data.event
    entry = _EVENT[kind](event)
    if event.uvci:
        entry["ci"] = event.uvci
    return {"ver": DCC_VERSION, "nam": names(data.holder), "dob": data.holder.date_of_birth,
            GROUP_OF_TYPE[kind]: [entry]}
