"""Base45 (RFC 9285), fast and strict.

Two bytes become three characters (``n = c + 45*d + 45*45*e``, least significant
first); a trailing single byte becomes two. The speed comes from lookup tables built
once, on first use, so the loops run in C:

* encoding looks every big-endian 16-bit word up in a 65,536-entry list of 3-character
  strings (``array('H')`` splits the input into words without a Python loop);
* decoding splits the text into triplets with one regular expression and looks each up
  in a dict of the 65,536 *valid* triplets. A failed lookup falls back to a slow path
  that says exactly what is wrong (a character outside the alphabet, or a triplet above
  65535), so strictness costs nothing on valid input.

About 4-5x faster than the ``base45`` package when encoding and 2-3x when decoding
(measured by ``tests/formats/test_base45.py``'s timing helper and ``mohpromt-ca bench``).
"""

from __future__ import annotations

import re
import sys
from array import array
from functools import lru_cache

from mohpromt_verifier.formats.hcert.errors import Base45CharacterError, Base45LengthError, Base45ValueError

__all__ = ["ALPHABET", "b45encode", "b45decode"]

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_TRIPLETS = re.compile(b"...", re.DOTALL)


@lru_cache(maxsize=1)
def _encode_tables() -> tuple[list[str], list[str]]:
    a = ALPHABET
    words = [a[n % 45] + a[(n // 45) % 45] + a[n // 2025] for n in range(65536)]
    single = [a[n % 45] + a[n // 45] for n in range(256)]
    return words, single


@lru_cache(maxsize=1)
def _decode_table() -> dict[bytes, bytes]:
    a = ALPHABET.encode("ascii")
    return {
        bytes((a[n % 45], a[(n // 45) % 45], a[n // 2025])): n.to_bytes(2, "big")
        for n in range(65536)
    }


def b45encode(data: bytes | bytearray | memoryview) -> str:
    """Encode bytes as base45 text."""
    data = bytes(data)
    words, single = _encode_tables()
    even = len(data) & ~1
    arr = array("H")
    arr.frombytes(data[:even])
    if sys.byteorder == "little":
        arr.byteswap()
    text = "".join(map(words.__getitem__, arr))
    if len(data) & 1:
        text += single[data[-1]]
    return text


def b45decode(text: str | bytes) -> bytes:
    """Decode base45 text, strictly.

    Raises ``Base45CharacterError`` (a character outside the alphabet, lowercase
    included), ``Base45ValueError`` (a triplet above 65535 or a final pair above 255) or
    ``Base45LengthError`` (length 1 modulo 3).
    """
    if isinstance(text, str):
        try:
            raw = text.encode("ascii")
        except UnicodeEncodeError:
            _raise_bad_char(text)
            raise  # unreachable: _raise_bad_char always raises
    else:
        raw = bytes(text)
    rest = len(raw) % 3
    if rest == 1:
        raise Base45LengthError(
            f"base45 text of length {len(raw)} is invalid (a length of 1 modulo 3 is never produced)"
        )
    full = len(raw) - rest
    table = _decode_table()
    try:
        out = b"".join(map(table.__getitem__, _TRIPLETS.findall(raw, 0, full)))
    except KeyError:
        _diagnose(raw[:full])
        raise  # unreachable
    if rest == 2:
        c, d = raw[full:]
        value = _char_value(c, full) + 45 * _char_value(d, full + 1)
        if value > 255:
            raise Base45ValueError(
                f"base45 final pair at offset {full} has value {value}, above 255"
            )
        out += bytes((value,))
    return out


def _char_value(byte: int, offset: int) -> int:
    value = _VALUE.get(chr(byte))
    if value is None:
        raise Base45CharacterError(
            f"base45 text has an invalid character {chr(byte)!r} at offset {offset}"
        )
    return value


def _raise_bad_char(text: str) -> None:
    for offset, ch in enumerate(text):
        if ch not in _VALUE:
            raise Base45CharacterError(
                f"base45 text has an invalid character {ch!r} at offset {offset}"
            )


def _diagnose(raw: bytes) -> None:
    """Slow path after a failed table lookup: name the first offending position."""
    for start in range(0, len(raw), 3):
        c, d, e = (_char_value(raw[start + i], start + i) for i in range(3))
        value = c + 45 * d + 2025 * e
        if value > 65535:
            raise Base45ValueError(
                f"base45 triplet at offset {start} has value {value}, above 65535"
            )
    raise Base45ValueError("base45 text could not be decoded")  # pragma: no cover
