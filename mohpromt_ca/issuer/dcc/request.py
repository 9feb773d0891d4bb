"""What a caller hands in -> one ``DccRequest``: typed input, or a ready EU-shape DCC.

DATA is either the typed input (``{"holder": ..., "vaccination": ...}``, see ``inputs``)
or a DCC JSON payload as the EU schema has it (``{"ver", "nam", "dob", "v"|"t"|"r"}``);
integrators often hold the latter already, and the type is then read from it. A ready
payload may leave out ``ci``: a UVCI is generated as for typed input; and ``fnt``/``gnt``:
they are the ICAO 9303 transliteration of ``fn``/``gn``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from mohpromt_ca.issuer.dcc.errors import input_error
from mohpromt_ca.issuer.dcc.inputs import DccInput
from mohpromt_ca.issuer.dcc.mapping import GROUP_OF_TYPE, TYPE_OF_GROUP, to_dcc
from mohpromt_ca.templates.text_safety import unsafe_text

__all__ = ["DCC_TYPES", "DccRequest", "DdccExtras", "parse_request"]

DCC_TYPES = tuple(GROUP_OF_TYPE)


@dataclass(frozen=True)
class DdccExtras:
    """What the WHO DDCC:VS carries beyond the EU DCC (``th-dhp`` only)."""

    sex: str | None = None
    identifier: str | None = None
    lot: str | None = None
    centre: str | None = None
    practitioner: str | None = None
    next_dose: str | None = None


@dataclass(frozen=True)
class DccRequest:
    dcc: dict[str, Any]
    dcc_type: str
    """vaccination, test or recovery."""
    expires_at: dt.datetime | None = None
    extras: DdccExtras = field(default_factory=DdccExtras)
    typed: bool = False
    """True when built from typed input (errors then also name the input field)."""

    @property
    def group(self) -> str:
        return GROUP_OF_TYPE[self.dcc_type]

    @property
    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = self.dcc[self.group][0]
        return entry


def _pointer(loc: tuple[Any, ...]) -> str:
    return "/" + "/".join(str(p) for p in loc) if loc else "/"


def _from_typed(data: Mapping[str, Any], dcc_type: str | None) -> DccRequest:
    try:
        parsed = DccInput.model_validate(dict(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        first = errors[0]
        message = first["msg"]
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more: " + "; ".join(
                f"{_pointer(e['loc'])}: {e['msg']}" for e in errors[1:4]) + ")"
        raise input_error(_pointer(tuple(first["loc"])), message) from None
    if dcc_type is not None and parsed.dcc_type != dcc_type:
        raise input_error("/", f"--type {dcc_type} but the input holds a {parsed.dcc_type} event")
    event = parsed.event
    holder = parsed.holder
    extras = DdccExtras(
        sex=holder.sex,
        identifier=holder.identifier,
        lot=getattr(event, "lot", None),
        centre=getattr(event, "centre", None),
        practitioner=getattr(event, "practitioner", None),
        next_dose=event.next_dose.isoformat() if getattr(event, "next_dose", None) else None,
    )
    return DccRequest(dcc=to_dcc(parsed), dcc_type=parsed.dcc_type, expires_at=parsed.expires_at, extras=extras,
                      typed=True)


def _from_dcc(data: Mapping[str, Any], dcc_type: str | None) -> DccRequest:
    groups = [g for g in ("v", "t", "r") if g in data]
    if len(groups) != 1:
        raise input_error("/", f"exactly one of v, t, r is required (found {', '.join(groups) or 'none'})",
                          code="schema")
    kind = TYPE_OF_GROUP[groups[0]]
    if dcc_type is not None and dcc_type != kind:
        raise input_error("/", f"--type {dcc_type} but the DCC holds a {kind} entry ({groups[0]})")
    entries = data[groups[0]]
    if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], Mapping):
        raise input_error(f"/{groups[0]}", "must be an array of exactly one entry", code="schema")
    dcc = {k: v for k, v in data.items()}
    dcc[groups[0]] = [dict(entries[0])]
    if isinstance(dcc.get("nam"), Mapping):
        dcc["nam"] = _with_icao_names(dcc["nam"])
    return DccRequest(dcc=dcc, dcc_type=kind)


def _with_icao_names(nam: Mapping[str, Any]) -> dict[str, Any]:
    """``fnt``/``gnt`` the payload leaves out: the ICAO 9303 transliteration of ``fn``/``gn``
    (as for typed input). A name in a script ICAO cannot transliterate (Thai) is refused
    naming the ``*t`` field to give."""
    from mohpromt_verifier.formats.hcert.errors import TransliterationError
    from mohpromt_verifier.formats.hcert.icao import transliterate

    out = dict(nam)
    for written, standard in (("fn", "fnt"), ("gn", "gnt")):
        if out.get(standard) is None and isinstance(out.get(written), str) and out[written].strip():
            try:
                out[standard] = transliterate(out[written])
            except TransliterationError as exc:
                raise input_error(f"/nam/{standard}", f"/nam/{written} is not in Latin script: give {standard} "
                                  f"as spelled in the passport ({exc.message})", code="icao") from None
    return out


def parse_request(data: Any, *, dcc_type: str | None = None) -> DccRequest:
    """Typed input or EU-shape DCC JSON -> ``DccRequest``; refusals name the JSON path."""
    if dcc_type is not None and dcc_type not in DCC_TYPES:
        raise input_error("/", f"unknown DCC type {dcc_type!r}; use one of {', '.join(DCC_TYPES)}")
    if not isinstance(data, Mapping):
        raise input_error("/", "DATA must be a JSON object")
    unsafe = unsafe_text(dict(data), printable=False)
    if unsafe:
        path, why = unsafe[0]
        raise input_error(_pointer(path), why, code="unsafe-text")
    if "holder" in data:
        return _from_typed(data, dcc_type)
    if {"nam", "ver", "dob"} & set(data) or {"v", "t", "r"} & set(data):
        return _from_dcc(data, dcc_type)
    raise input_error("/", "DATA is neither typed input (with \"holder\") nor a DCC payload (with \"nam\", \"dob\" "
                           "and one of \"v\", \"t\", \"r\")")
