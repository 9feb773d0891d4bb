"""ICAO Doc 9303 (Part 3, section 6) transliteration for the DCC's ``fnt`` / ``gnt``.

Output: ``A``-``Z`` and ``<`` only, at most 80 characters (the DCC schema's limit; ICAO
allows truncation, and we truncate at a ``<`` boundary when one is close).

* Latin letters with diacritics follow the ICAO table: most drop the mark (É -> E,
  Ł -> L, Ñ -> N), and the table's multi-letter entries are honoured: Ä/Æ -> AE,
  Ö/Ø/Œ -> OE, Ü -> UE, Å -> AA, ß -> SS, Þ -> TH, Ĳ -> IJ.
  ("Musterfrau-Gößinger" -> "MUSTERFRAU<GOESSINGER", as in the EU test data.)
* Spaces, hyphens and commas become ``<`` (runs collapse to one); apostrophes and
  other punctuation are dropped (O'Brien -> OBRIEN).
* **Thai script**: ICAO 9303 has no table for Thai, and machine romanisation (RTGS) of
  Thai names is not reliable: the spelling in a person's passport is a personal,
  officially registered choice. So this function refuses Thai (and any other
  non-Latin) script with ``TransliterationError``; the caller must supply the
  Latin-script name as written in the holder's passport (MOPH Promt holds it for
  travellers) and pass that here. ``fn``/``gn`` may stay in Thai.
"""

from __future__ import annotations

import re
import unicodedata

from mohpromt_verifier.formats.hcert.errors import TransliterationError

__all__ = ["MAX_LENGTH", "transliterate"]

MAX_LENGTH = 80

# ICAO 9303 Part 3 multi-letter and non-decomposable entries (uppercase keys).
_SPECIAL = {
    "Ä": "AE", "Æ": "AE", "Ö": "OE", "Ø": "OE", "Œ": "OE", "Ü": "UE", "Å": "AA",
    "ß": "SS", "ẞ": "SS", "Þ": "TH", "Ĳ": "IJ", "Ð": "D", "Đ": "D", "Ł": "L",
    "Ħ": "H", "Ŧ": "T", "Ŀ": "L", "Ŋ": "N", "ı": "I", "ĸ": "K",
}
_FILLER_CHARS = " -,\u00a0\u2010\u2011\u2012\u2013\u2014\t"
_DROP_CHARS = "'’‘`´.\""
_FILLERS = re.compile("<+")


def _letter(ch: str) -> str:
    upper = ch.upper() if ch != "ß" else "ß"
    if upper in _SPECIAL:
        return _SPECIAL[upper]
    if "A" <= upper <= "Z":
        return upper
    base = "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))
    if base and all("A" <= c <= "Z" for c in base):
        return base
    script = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    if script == "THAI":
        raise TransliterationError(
            "Thai script has no ICAO 9303 transliteration: supply the Latin-script name as written in the passport"
        )
    raise TransliterationError(f"character {ch!r} ({unicodedata.name(ch, 'unknown')}) cannot be transliterated")


def transliterate(name: str, *, max_length: int = MAX_LENGTH) -> str:
    """``name`` -> ICAO 9303 machine-readable form (A-Z and '<')."""
    if not isinstance(name, str):
        raise TransliterationError("a name must be text")
    out = []
    for ch in unicodedata.normalize("NFC", name.strip()):
        if ch in _FILLER_CHARS or ch == "<":
            out.append("<")
        elif ch in _DROP_CHARS:
            continue
        elif ch.isdigit():
            raise TransliterationError(f"digits are not allowed in a name ({ch!r})")
        else:
            out.append(_letter(ch))
    text = _FILLERS.sub("<", "".join(out)).strip("<")
    if not text:
        raise TransliterationError("the name has no transliterable letters")
    if len(text) > max_length:
        cut = text[:max_length]
        boundary = cut.rfind("<")
        text = cut[:boundary] if boundary >= max_length - 10 else cut
    return text
