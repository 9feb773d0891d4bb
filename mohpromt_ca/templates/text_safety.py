"""Text that may go on a certificate: refused, naming the field, before anything is signed.

Two rules, applied to every string of a request (keys and values alike are walked; the
path of each bad value is reported):

* **dangerous**: control characters (NUL and the rest of Unicode's Cc, except tab, line
  feed and carriage return) and the bidirectional overrides and isolates (U+202A-U+202E,
  U+2066-U+2069), which make the displayed text differ from the signed text; other
  invisible format characters (Cf: zero-width space, word joiner, BOM ...), surrogates
  and private-use characters too;
* **not printable** (documents only): a character the Sarabun typeface has no glyph for
  (emoji, dingbats, most symbols). Typst renders with Sarabun alone, so such text would
  print as nothing (or fail to render): it is refused instead.

DCC payloads get the first rule only (their text goes into a QR code, not on a page).
Every sentence is Thai, then English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["MAX_REPORTED", "dangerous_character", "printable_codepoints", "unsafe_text", "unsafe_text_reason"]

#: at most this many bad fields are reported per request
MAX_REPORTED = 20

_ALLOWED_CONTROLS = frozenset("\t\n\r")
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def dangerous_character(ch: str) -> str | None:
    """Why ``ch`` may never be signed (a Thai + English sentence), or None."""
    code = ord(ch)
    if code in _BIDI:
        return (f"มีอักขระควบคุมทิศทางข้อความ (U+{code:04X}) ซึ่งทำให้ข้อความที่แสดงต่างจากที่ลงนาม / "
                f"contains a bidirectional override (U+{code:04X}), which makes the text shown differ from "
                "the text signed")
    if ch in _ALLOWED_CONTROLS:
        return None
    category = unicodedata.category(ch)
    if category == "Cc":
        return (f"มีอักขระควบคุม (U+{code:04X}) ซึ่งไม่อนุญาต / "
                f"contains a control character (U+{code:04X}), which is not allowed")
    if category in ("Cf", "Cs", "Co"):
        return (f"มีอักขระที่มองไม่เห็น (U+{code:04X}) ซึ่งไม่อนุญาต / "
                f"contains an invisible or private character (U+{code:04X}), which is not allowed")
    return None


def _common_safe_pattern() -> re.Pattern[str]:
    """A regular expression matching text made only of common characters (ASCII, Latin-1 and
    the Thai block) that :func:`dangerous_character` accepts: such text needs no per-character
    check. The class is built from :func:`dangerous_character` itself, so the two never differ."""
    candidates = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x0E00, 0x0E80)]
    safe = "".join(chr(code) for code in candidates if dangerous_character(chr(code)) is None)
    return re.compile("[\t\n\r" + re.escape(safe) + "]*")


_COMMON_SAFE = _common_safe_pattern()


@functools.cache
def printable_codepoints() -> frozenset[int]:
    """The code points every Sarabun face used by the templates can show (read once)."""
    import fontpkg_sarabun
    from fontTools.ttLib import TTFont

    folder = Path(fontpkg_sarabun.ROOT) / "files"
    faces = [folder / name for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf") if (folder / name).is_file()]
    if not faces:  # no fonts: the renderer says so itself; refuse nothing here
        return frozenset()
    covered: set[int] | None = None
    for face in faces:
        cmap = set(TTFont(face, lazy=True).getBestCmap())
        covered = cmap if covered is None else covered & cmap
    return frozenset(covered or ())


def unsafe_text_reason(text: str, *, printable: bool = True) -> str | None:
    """Why ``text`` may not be signed (Thai + English), or None when it may."""
    covered = printable_codepoints() if printable else frozenset()
    common = _COMMON_SAFE.fullmatch(text) is not None  # none dangerous (the usual case, one C loop)
    if common and not covered:
        return None
    for ch in text:
        reason = None if common else dangerous_character(ch)
        if reason is not None:
            return reason
        if covered and ord(ch) not in covered and ch not in _ALLOWED_CONTROLS and ch != " ":
            code = ord(ch)
            return (f"มีอักขระที่พิมพ์บนเอกสารไม่ได้ (U+{code:04X} {ch!r}) เช่น อีโมจิ / "
                    f"contains a character the certificate's typeface cannot print (U+{code:04X} {ch!r}), "
                    "such as an emoji")
    return None


def _walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield path + (key,), key
            yield from _walk(item, path + (str(key),))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))


def _gather(value: Any, out: list[str]) -> None:
    """Every string :func:`_walk` yields (keys included), without the paths."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                out.append(key)
            _gather(item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _gather(item, out)


def unsafe_text(data: Any, *, printable: bool = True) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string of ``data`` that may not be signed: ``(path, Thai + English sentence)``,
    the path as a tuple of keys and list indexes (at most :data:`MAX_REPORTED`)."""
    if not printable:
        texts: list[str] = []
        _gather(data, texts)
        if _COMMON_SAFE.fullmatch("".join(texts)) is not None:  # each text is, so the whole is
            return []
    found: list[tuple[tuple[str | int, ...], str]] = []
    for path, text in _walk(data, ()):
        reason = unsafe_text_reason(text, printable=printable)
        if reason is not None:
            found.append((path, reason))
            if len(found) >= MAX_REPORTED:
                break
    return found
