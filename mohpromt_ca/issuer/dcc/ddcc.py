"""The WHO DDCC:VS core data set for a vaccination DCC (``th-dhp`` profile, hcert key 2).

Encoding as documented in ``formats.hcert.ddcc``: text keys named as the WHO logical
model, coded values as ``{"system", "code"}`` with the code system taken from the EU
value set the code belongs to (SNOMED CT, ATC, the EMA SPOR organisation list, the
Union register of medicinal products, ISO 3166), dates as ISO text.

Mapping from the EU DCC: name = gn + fn as written; birthDate = dob; vaccine = vp;
brand = mp; manufacturer and maholder = ma; date = dt; dose = dn; totalDoses = sd;
country = co; disease = tg; centre = the input's centre, else ``is``;
certificate = {issuer: is, hcid: the UVCI, kid: the DSC's kid (base64),
version: ``RC-2.0.0`` (the DDCC guide release followed), period: iat..exp dates}.
sex, identifier, lot, practitioner and nextDose come from the typed input when given.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from mohpromt_ca.issuer.dcc.request import DccRequest

__all__ = ["DDCC_VERSION", "build_ddcc_vs"]

DDCC_VERSION = "RC-2.0.0"
_ISO_3166 = "urn:iso:std:iso:3166"
_GENDER = "http://hl7.org/fhir/administrative-gender"
_FILES = {"vp": "vaccine-prophylaxis", "mp": "vaccine-medicinal-product", "ma": "vaccine-mah-manf",
          "tg": "disease-agent-targeted"}


@cache
def _systems(stem: str) -> dict[str, str]:
    text = resources.files("mohpromt_verifier.formats.hcert").joinpath(f"data/valuesets/{stem}.json").read_text("utf-8")
    values = json.loads(text).get("valueSetValues", {})
    return {code: str(v.get("system", "")) for code, v in values.items() if isinstance(v, dict)}


def _coded(field: str, code: str) -> dict[str, str]:
    system = _systems(_FILES[field]).get(code)
    return {"system": system, "code": code} if system else {"code": code}


def build_ddcc_vs(request: DccRequest, *, kid_b64: str, iat: dt.datetime, exp: dt.datetime) -> dict[str, Any]:
    dcc = request.dcc
    entry = request.entry
    nam = dcc.get("nam", {})
    name = " ".join(p for p in (nam.get("gn"), nam.get("fn")) if p) or " ".join(
        p for p in (nam.get("gnt"), nam.get("fnt")) if p)
    extras = request.extras
    vaccination: dict[str, Any] = {
        "vaccine": _coded("vp", entry["vp"]),
        "brand": _coded("mp", entry["mp"]),
        "manufacturer": _coded("ma", entry["ma"]),
        "maholder": _coded("ma", entry["ma"]),
        "date": entry["dt"],
        "dose": entry["dn"],
        "totalDoses": entry["sd"],
        "country": {"system": _ISO_3166, "code": entry["co"]},
        "centre": extras.centre or entry["is"],
        "disease": _coded("tg", entry["tg"]),
    }
    if extras.lot:
        vaccination["lot"] = extras.lot
    if extras.practitioner:
        vaccination["practitioner"] = extras.practitioner
    if extras.next_dose:
        vaccination["nextDose"] = extras.next_dose
    out: dict[str, Any] = {"name": name, "birthDate": dcc["dob"]}
    if extras.identifier:
        out["identifier"] = extras.identifier
    if extras.sex:
        out["sex"] = {"system": _GENDER, "code": extras.sex}
    out["vaccination"] = vaccination
    out["certificate"] = {
        "issuer": entry["is"],
        "kid": kid_b64,
        "hcid": entry["ci"],
        "version": DDCC_VERSION,
        "period": {"start": iat.date().isoformat(), "end": exp.date().isoformat()},
    }
    return out
