"""The holder's EU DCC / Digital Health Pass from a vaccination record's own data.

``mohpromt-ca sign --template vaccination ... --with-dcc`` issues a DCC for the record's
**latest dose** and prints its QR on the record next to (not instead of) the verification
QR. The record must carry what the DCC needs; anything missing is refused naming the
*record's* field (``patient.family_name_en``, ``doses.2.product_code``), never guessed:

=====================  =================================================================
DCC                    vaccination record
=====================  =================================================================
``nam.fn``/``fnt``     ``patient.family_name_en`` (Latin, as in the passport; ICAO 9303)
``nam.gn``/``gnt``     ``patient.given_name_en`` (optional)
``dob``                ``patient.date_of_birth``
``v.tg``               ``disease`` (COVID-19 only)
``v.vp/mp/ma``         ``doses.N.vaccine_code/product_code/manufacturer_code``; left out,
                       they are coded from ``doses.N.vaccine`` for the products below
``v.dn``/``sd``        ``doses.N.dose_number`` / ``total_doses`` (at most 9)
``v.dt``, ``v.co``     ``doses.N.date``, ``doses.N.country``
=====================  =================================================================

The Thai names are not split into family and given name (that would be a guess): the DCC
carries the passport spelling in both ``fn`` and ``fnt``. The ``th-dhp`` profile's WHO
DDCC:VS extras come from the record too: sex, batch (lot), centre, administered by
(practitioner) and the next dose due.
"""

from __future__ import annotations

import re
from typing import Any

from mohpromt_ca.errors import InputError

__all__ = ["KNOWN_PRODUCTS", "DccFromRecordError", "dcc_input_from_record", "record_field"]

#: product name (as written on Thai vaccination records) -> (vp, mp, ma), EU value sets 2.12.0
KNOWN_PRODUCTS: dict[str, tuple[str, str, str]] = {
    "comirnaty": ("1119349007", "EU/1/20/1528", "ORG-100030215"),
    "spikevax": ("1119349007", "EU/1/20/1507", "ORG-100031184"),
    "vaxzevria": ("29061000087103", "EU/1/21/1529", "ORG-100001699"),
    "jcovden": ("29061000087103", "EU/1/20/1525", "ORG-100001417"),
    "nuvaxovid": ("1162643001", "EU/1/21/1618", "ORG-100032020"),
    "coronavac": ("1157024006", "CoronaVac", "Sinovac-Biotech"),
    "bbibpcorv": ("1157024006", "BBIBP-CorV", "ORG-100020693"),
    "covishield": ("29061000087103", "Covishield", "ORG-100001981"),
    "covaxin": ("1157024006", "Covaxin", "Bharat-Biotech"),
    "sputnikv": ("29061000087103", "Sputnik-V", "Gamaleya-Research-Institute"),
}
_BY_PRODUCT_CODE = {mp: (vp, mp, ma) for vp, mp, ma in KNOWN_PRODUCTS.values()}
_COVID = {"covid19", "sarscov2", "840539006"}


class DccFromRecordError(InputError):
    """The vaccination record lacks something the DCC needs; ``field`` is the record's path."""

    code = "dcc-from-record"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _codes(dose: Any, where: str) -> tuple[str, str, str]:
    if dose.product_code:
        known = _BY_PRODUCT_CODE.get(dose.product_code)
    else:
        known = KNOWN_PRODUCTS.get(_key(dose.vaccine))
    vp = dose.vaccine_code or (known[0] if known else None)
    mp = dose.product_code or (known[1] if known else None)
    ma = dose.manufacturer_code or (known[2] if known else None)
    for name, value in (("product_code", mp), ("vaccine_code", vp), ("manufacturer_code", ma)):
        if value is None:
            raise DccFromRecordError(
                f"{where}.{name}",
                f"the DCC needs EU value-set codes and {dose.vaccine!r} is not a product we can code: "
                f"give {where}.product_code, vaccine_code and manufacturer_code "
                f"(e.g. EU/1/20/1528, 1119349007, ORG-100030215)")
    return vp, mp, ma  # type: ignore[return-value]


def dcc_input_from_record(model: Any) -> dict[str, Any]:
    """Typed DCC input (``issuer.dcc.inputs.DccInput`` shape) for the record's latest dose."""
    patient = model.patient
    if not patient.family_name_en:
        raise DccFromRecordError("patient.family_name_en",
                                 "the DCC needs the holder's family name in Latin script as in the passport "
                                 "(it is not split from name_en, that would be a guess)")
    if _key(model.disease) not in _COVID:
        raise DccFromRecordError("disease", f"an EU DCC can only certify COVID-19, not {model.disease!r}")
    index = len(model.doses) - 1
    dose = model.doses[index]
    where = f"doses.{index}"
    for name in ("dose_number", "total_doses"):
        if getattr(dose, name) > 9:
            raise DccFromRecordError(f"{where}.{name}", "the EU DCC schema allows at most 9")
    vp, mp, ma = _codes(dose, where)
    holder: dict[str, Any] = {"family_name": patient.family_name_en,
                              "date_of_birth": patient.date_of_birth.isoformat()}
    if patient.given_name_en:
        holder["given_name"] = patient.given_name_en
    if patient.sex:
        holder["sex"] = patient.sex
    vaccination: dict[str, Any] = {
        "vaccine": vp, "product": mp, "manufacturer": ma, "dose_number": dose.dose_number,
        "total_doses": dose.total_doses, "date": dose.date.isoformat(), "country": dose.country,
        "lot": dose.batch, "centre": dose.centre[:80],
    }
    if dose.administered_by:
        vaccination["practitioner"] = dose.administered_by[:80]
    if model.next_dose_due:
        vaccination["next_dose"] = model.next_dose_due.isoformat()
    return {"holder": holder, "vaccination": vaccination}


def record_field(path: str, index: int) -> str | None:
    """The vaccination-record field behind a DCC refusal's JSON path, if one is."""
    d = f"doses.{index}"
    return {
        "/nam/fn": "patient.family_name_en", "/nam/fnt": "patient.family_name_en",
        "/nam/gn": "patient.given_name_en", "/nam/gnt": "patient.given_name_en",
        "/holder/family_name_latin": "patient.family_name_en", "/holder/given_name_latin": "patient.given_name_en",
        "/dob": "patient.date_of_birth", "/v/0/tg": "disease", "/v/0/vp": f"{d}.vaccine_code",
        "/v/0/mp": f"{d}.product_code", "/v/0/ma": f"{d}.manufacturer_code", "/v/0/dn": f"{d}.dose_number",
        "/v/0/sd": f"{d}.total_doses", "/v/0/dt": f"{d}.date", "/v/0/co": f"{d}.country",
        "/holder/family_name": "patient.family_name_en", "/holder/given_name": "patient.given_name_en",
        "/holder/date_of_birth": "patient.date_of_birth", "/vaccination/vaccine": f"{d}.vaccine_code",
        "/vaccination/product": f"{d}.product_code", "/vaccination/manufacturer": f"{d}.manufacturer_code",
        "/vaccination/country": f"{d}.country", "/vaccination/lot": f"{d}.batch",
        "/vaccination/centre": f"{d}.centre", "/vaccination/practitioner": f"{d}.administered_by",
    }.get(path)
