"""The face of a document comes from the register: who signs, for which facility, and when.

With a signer id (``--signer N``, ``signer_id``, the logged-in signer) the issuer fills the
data's ``signer`` block (profession, title, Thai and English names, licence) and
``facility`` block (names, licence, address, phone) from the register, and ``issued_at``
from its clock (the signing time). The data may leave them out; data that names something
else (another facility, another licence, another name) is refused naming the field.

What the register does not hold stays the caller's: the signer's English title
(``title_en``) and position; the facility's address or phone while the register has none.
The signer's Thai title is the one the register's Thai name starts with ("นายแพทย์ สมชาย
ใจดี" prints as title นายแพทย์, name สมชาย ใจดี, never "นายแพทย์ นายแพทย์"); a register name
without one takes the data's title, or the profession's neutral title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mohpromt_ca.authority.signer_keys import SignerMaterial
from mohpromt_ca.templates.common import BANGKOK, NEUTRAL_TITLES, PROFESSIONS, TemplateInputError, split_title

__all__ = ["face_from_register"]

def _same(a: Any, b: Any) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _licence_digits(value: Any) -> str:
    text = str(value).replace(" ", "")
    for prefix in sorted((p.licence_prefix for p in PROFESSIONS.values()), key=len, reverse=True):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _mismatch(path: str, given: Any, registered: Any, whose: tuple[str, str]) -> tuple[str, str]:
    shown = str(given)[:80]
    return (path, f"ข้อมูลระบุ {shown!r} แต่ทะเบียนของ{whose[0]}ระบุ {registered!r} / the data names {shown!r} but "
                  f"the register's {whose[1]} says {registered!r}: leave it out and the register's is printed")


def face_from_register(type_key: str, data: dict[str, Any], material: SignerMaterial,
                       now: dt.datetime) -> dict[str, Any]:
    """``data`` with its ``signer``, ``facility`` and ``issued_at`` taken from the register and
    the clock; ``TemplateInputError`` names every field that contradicts the register."""
    errors: list[tuple[str, str]] = []
    filled = dict(data)
    filled["signer"] = _signer_block(data.get("signer"), material, errors)
    filled["facility"] = _facility_block(data.get("facility"), material, errors)
    filled["issued_at"] = now.astimezone(BANGKOK).replace(microsecond=0).isoformat()
    if errors:
        raise TemplateInputError(type_key, errors)
    return filled


def _signer_block(given: Any, m: SignerMaterial, errors: list[tuple[str, str]]) -> dict[str, Any]:
    whose = ("ผู้ลงนาม", f"signer {m.signer_id}")
    given = given if isinstance(given, dict) else {}
    title, bare_name = split_title(m.profession, m.name_th)
    block: dict[str, Any] = {k: v for k, v in given.items()
                             if k not in ("profession", "licence_no", "name_th", "name_en", "title")}
    if given.get("profession") is not None and given["profession"] != m.profession:
        errors.append(_mismatch("signer.profession", given["profession"], m.profession, whose))
    if given.get("licence_no") is not None and _licence_digits(given["licence_no"]) != m.licence_digits:
        errors.append(_mismatch("signer.licence_no", given["licence_no"], m.licence_display, whose))
    name_th = given.get("name_th")
    if name_th is not None and not (_same(name_th, bare_name) or _same(name_th, m.name_th)):
        errors.append(_mismatch("signer.name_th", name_th, m.name_th, whose))
    if given.get("name_en") is not None and not _same(given["name_en"], m.name_en):
        errors.append(_mismatch("signer.name_en", given["name_en"], m.name_en, whose))
    given_title = given.get("title")
    if title is not None:
        if given_title is not None and str(given_title).strip() and not _same(given_title, title):
            errors.append(_mismatch("signer.title", given_title, title, whose))
    else:
        title = str(given_title).strip() if given_title is not None and str(given_title).strip() else \
            NEUTRAL_TITLES.get(m.profession, "")
    block.update(profession=m.profession, licence_no=m.licence_digits, name_th=bare_name, name_en=m.name_en,
                 title=title)
    return block


def _facility_block(given: Any, m: SignerMaterial, errors: list[tuple[str, str]]) -> dict[str, Any]:
    whose = ("สถานพยาบาล", f"facility {m.facility_id}")
    given = given if isinstance(given, dict) else {}
    registered: dict[str, str | None] = {
        "name_th": m.facility_name_th, "name_en": m.facility_name_en, "licence": m.facility_licence,
        "address": m.facility_address, "address_en": m.facility_address_en, "phone": m.facility_phone,
    }
    block: dict[str, Any] = {k: v for k, v in given.items() if k not in registered}  # the schema refuses extras
    for name, value in registered.items():
        wanted = given.get(name)
        if value is None:  # the register has none yet: the data's, if any
            if wanted is not None:
                block[name] = wanted
            continue
        if wanted is not None and not _same(wanted, value):
            errors.append(_mismatch(f"facility.{name}", wanted, value, whose))
        block[name] = value
    if not block.get("address"):
        errors.append(("facility.address",
                       f"ทะเบียนยังไม่มีที่อยู่ของสถานพยาบาล {m.facility_id}: ผู้ดูแลสถานพยาบาลต้องบันทึกที่อยู่ก่อน / "
                       f"the register has no address for facility {m.facility_id}: its administrator sets it "
                       f"(mohpromt-ca facility update {m.facility_id} --address ...)"))
    return block
