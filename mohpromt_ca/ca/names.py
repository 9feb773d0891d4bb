"""Subject names for each kind of certificate."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.x509.oid import NameOID

from mohpromt_ca.errors import InputError

# Professional licence prefixes (shared/spec/CERTIFICATE-TYPES.md) and their ASCII tags,
# used in the subject serialNumber as ETSI EN 319 412-1 locally defined identifiers.
PROFESSION_LICENCE = {
    "physician": ("ว.", "MD", "Physician"),
    "dentist": ("ท.", "DT", "Dentist"),
    "pharmacist": ("ภ.", "PH", "Pharmacist"),
    "medical-technologist": ("ทน.", "MT", "Medical Technologist"),
}
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalise_licence(profession: str, licence: str) -> str:
    """Digits of a professional licence, whether given as 'ว.12345', '12345' or in Thai digits."""
    thai_prefix, _tag, _title = PROFESSION_LICENCE[profession]
    text = licence.strip().translate(_THAI_DIGITS)
    for prefix in sorted({p for p, _t, _n in PROFESSION_LICENCE.values()}, key=len, reverse=True):
        if text.startswith(prefix):
            if prefix != thai_prefix:
                raise InputError(f"licence {licence!r} has the prefix {prefix} of another profession")
            text = text[len(prefix) :].strip()
            break
    if not re.fullmatch(r"[0-9]{1,10}", text):
        raise InputError(f"licence number must be digits, optionally after {thai_prefix}: got {licence!r}")
    return text


def display_licence(profession: str, digits: str) -> str:
    return f"{PROFESSION_LICENCE[profession][0]}{digits}"


def ca_name(common_name: str, organisation: str, country: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def signer_name(
    *, name_en: str, profession: str, licence_digits: str, facility_en: str, country: str = "TH"
) -> x509.Name:
    """Natural person (ETSI EN 319 412-2 4.2.4): country, organisation (the facility),
    title (profession), given name and surname, serialNumber (the licence, locally
    defined 'TH:' semantics), CN."""
    _prefix, tag, title = PROFESSION_LICENCE[profession]
    given, surname = split_name(name_en)
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, facility_en),
            x509.NameAttribute(NameOID.TITLE, title),
            x509.NameAttribute(NameOID.GIVEN_NAME, given),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"{country}:{tag}-{licence_digits}"),
            x509.NameAttribute(NameOID.COMMON_NAME, name_en),
        ]
    )


def split_name(name_en: str) -> tuple[str, str]:
    """Thai names in Latin script are given name first: 'Somchai Jaidee' -> ('Somchai', 'Jaidee')."""
    parts = name_en.split()
    if len(parts) < 2:
        raise InputError(f"name-en must hold a given name and a family name: got {name_en!r}")
    return parts[0], " ".join(parts[1:])
