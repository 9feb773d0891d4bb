"""zlib for HCERT: compress with zlib-ng at level 9, inflate with a hard size cap.

A decompression bomb (a few hundred bytes of QR that inflate to gigabytes) is refused
with ``DecompressionBomb`` as soon as the output would pass ``max_size``: inflation runs
through a ``decompressobj`` with ``max_length``, so no more than the cap is ever held.
"""

from __future__ import annotations

import zlib as _stdlib_zlib
from typing import cast

from zlib_ng import zlib_ng

from mohpromt_verifier.formats.hcert.errors import DecompressionBomb, ZlibError

# zlib-ng's error class is untyped in its stubs; both are exceptions at run time
_ZLIB_ERRORS: tuple[type[BaseException], ...] = (cast("type[BaseException]", zlib_ng.error), _stdlib_zlib.error)

__all__ = ["DEFAULT_MAX_INFLATED", "compress", "inflate", "looks_compressed"]

DEFAULT_MAX_INFLATED = 64 * 1024
"""Default cap on the inflated COSE size. Real DCCs are 300-1,500 bytes."""


def compress(data: bytes, level: int = 9) -> bytes:
    """zlib-wrapped deflate (RFC 1950), as HCERT issuers must produce."""
    return zlib_ng.compress(data, level)


def looks_compressed(data: bytes) -> bool:
    """True when ``data`` starts with a plausible zlib header (CMF/FLG check)."""
    if len(data) < 2:
        return False
    cmf, flg = data[0], data[1]
    return (cmf & 0x0F) == 8 and (cmf >> 4) <= 7 and ((cmf << 8) | flg) % 31 == 0


def inflate(data: bytes, *, max_size: int = DEFAULT_MAX_INFLATED) -> bytes:
    """Inflate zlib data, refusing output beyond ``max_size`` bytes.

    Raises ``ZlibError`` for a corrupt or truncated stream and ``DecompressionBomb`` when
    the output would exceed the cap.
    """
    d = zlib_ng.decompressobj()
    try:
        out = d.decompress(data, max_size + 1)
    except _ZLIB_ERRORS as exc:
        raise ZlibError(f"zlib data is corrupt: {exc}") from None
    if len(out) > max_size or d.unconsumed_tail:
        raise DecompressionBomb(f"zlib data inflates beyond the {max_size}-byte cap")
    if not d.eof:
        raise ZlibError("zlib data is truncated (no end of stream)")
    return out
