"""UVCI: Unique Vaccination Certificate/assertion Identifier (eHN guideline, Annex 2).

Form: ``URN:UVCI:01:<CC>:<opaque>`` (or ``ISSUER/opaque``, ``ISSUER/VACCINE/opaque``
after the country), optionally followed by ``#`` and one Luhn mod N check character.

Checksum (the eHN DCC schema FAQ "UVCI checksum", Luhn mod N as in Wikipedia):
* code points: ``ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:`` (N = 38), letters first;
* computed over the **whole** UVCI before ``#``, ``URN:UVCI:`` prefix included,
  uppercased;
* from the rightmost character leftwards, factors 2, 1, 2, ...; each product's base-N
  digits are summed; check = (N - sum mod N) mod N.

This reproduces the checksums of the AT, DK and LT UVCIs in the EU test data. Other
issuers (FI, IE, RO, BE) used their own variants, so a *received* UVCI whose checksum
does not match is reported (``Uvci.checksum_ok`` False), not rejected, unless the caller
asks for ``strict``. UVCIs compare case-insensitively, without the checksum.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from mohpromt_verifier.formats.hcert.errors import UvciError

__all__ = ["LUHN_CHARSET", "Uvci", "generate_uvci", "luhn_mod_n", "parse_uvci", "same_uvci"]

LUHN_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:"
_N = len(LUHN_CHARSET)
_POINT = {ch: i for i, ch in enumerate(LUHN_CHARSET)}
URN_PREFIX = "URN:UVCI:"
MAX_LENGTH = 80
_OPAQUE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: readable by phone
_SHAPE = re.compile(r"^URN:UVCI:(\d\d):([A-Z]{2}):([A-Z0-9/]+)$")


# Each character's contribution with factor 1 and with factor 2 (sum of the base-N digits of
# factor * point), so the checksum is two table sums instead of a loop of divisions.
_ONCE = _POINT
_TWICE = {ch: (2 * p) // _N + (2 * p) % _N for ch, p in _POINT.items()}


def luhn_mod_n(text: str) -> str:
    """The check character for ``text`` (uppercased) over ``LUHN_CHARSET``.

    From the right, characters alternate factor 2, 1, 2, ...
    """
    backwards = text.upper()[::-1]
    try:
        total = sum(map(_TWICE.__getitem__, backwards[0::2])) + sum(map(_ONCE.__getitem__, backwards[1::2]))
    except KeyError as exc:
        raise UvciError(f"character {exc.args[0]!r} is not allowed in a UVCI (A-Z, 0-9, '/', ':')") from None
    return LUHN_CHARSET[(_N - total % _N) % _N]


@dataclass(frozen=True)
class Uvci:
    text: str
    """As given (case preserved)."""
    body: str
    """Uppercased, without ``#`` and checksum: what comparisons use."""
    version: str | None
    country: str | None
    opaque: str | None
    checksum: str | None
    checksum_ok: bool | None
    """None when no checksum was given."""


def parse_uvci(text: str, *, strict: bool = False) -> Uvci:
    """Split and check a UVCI. ``strict`` demands the URN shape and a correct checksum
    (what we require of our own); otherwise only length and charset are enforced."""
    if not isinstance(text, str) or not text:
        raise UvciError("a UVCI must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise UvciError(f"a UVCI is at most {MAX_LENGTH} characters, got {len(text)}")
    body, sep, check = text.partition("#")
    body_u = body.upper()
    checksum: str | None = check.upper() if sep else None
    if sep and (len(check) != 1 or check.upper() not in _POINT):
        if strict:
            raise UvciError(f"UVCI checksum must be one character of {LUHN_CHARSET!r}")
        checksum_ok: bool | None = False
    elif checksum is not None:
        try:
            checksum_ok = luhn_mod_n(body_u) == checksum
        except UvciError:
            if strict:
                raise
            checksum_ok = False
    else:
        checksum_ok = None
    match = _SHAPE.match(body_u)
    if strict:
        if match is None:
            raise UvciError("UVCI must look like URN:UVCI:01:CC:OPAQUE (A-Z, 0-9 and '/')")
        if checksum_ok is False:
            raise UvciError("UVCI checksum does not match (Luhn mod N)")
    return Uvci(
        text=text,
        body=body_u,
        version=match.group(1) if match else None,
        country=match.group(2) if match else None,
        opaque=match.group(3) if match else None,
        checksum=checksum,
        checksum_ok=checksum_ok,
    )


def generate_uvci(
    country: str = "TH",
    *,
    issuer: str | None = None,
    opaque: str | None = None,
    opaque_length: int = 26,
    version: str = "01",
) -> str:
    """``URN:UVCI:01:TH:[ISSUER/]<opaque>#<check>``.

    The random opaque part (26 characters of a 32-letter alphabet, 130 bits) makes
    collisions negligible; the register's unique constraint is still the guarantee.
    """
    country = country.upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise UvciError("UVCI country must be two letters (ISO 3166-1 alpha-2)")
    if not re.fullmatch(r"\d\d", version):
        raise UvciError("UVCI version must be two digits")
    if opaque is None:
        opaque = "".join(secrets.choice(_OPAQUE_ALPHABET) for _ in range(opaque_length))
    opaque = opaque.upper()
    parts = [issuer.upper(), opaque] if issuer else [opaque]
    for part in parts:
        if not re.fullmatch(r"[A-Z0-9]+", part):
            raise UvciError("UVCI issuer and opaque parts are A-Z and 0-9 only")
    body = f"{URN_PREFIX}{version}:{country}:{'/'.join(parts)}"
    text = f"{body}#{luhn_mod_n(body)}"
    if len(text) > MAX_LENGTH:
        raise UvciError(f"the UVCI would be {len(text)} characters, above {MAX_LENGTH}")
    return text


def same_uvci(a: str, b: str) -> bool:
    """Case-insensitive comparison ignoring the ``#`` checksum."""
    return a.partition("#")[0].upper() == b.partition("#")[0].upper()
