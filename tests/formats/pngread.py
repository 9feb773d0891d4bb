"""A minimal PNG reader for tests: 1-bit greyscale, non-interlaced (what our QR writer
and most dgc-testdata QR images produce). Colour PNGs need an image library, which is
not a dependency of this layer; callers skip them."""

from __future__ import annotations

import struct
import zlib


class UnsupportedPng(Exception):
    pass


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_gray1(png: bytes) -> tuple[int, int, bytes]:
    """(width, height, pixels) with one byte per pixel, 0 dark and 255 light."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    header = None
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    if (depth, colour, interlace) != (1, 0, 0):
        raise UnsupportedPng(f"bit depth {depth}, colour type {colour}, interlace {interlace}")
    raw = zlib.decompress(idat)
    stride = (width + 7) // 8
    prev = bytearray(stride)
    pixels = bytearray()
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, cur = line[0], bytearray(line[1:])
        for i in range(stride):
            left = cur[i - 1] if i else 0
            up, upleft = prev[i], (prev[i - 1] if i else 0)
            if kind == 1:
                cur[i] = (cur[i] + left) & 0xFF
            elif kind == 2:
                cur[i] = (cur[i] + up) & 0xFF
            elif kind == 3:
                cur[i] = (cur[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                cur[i] = (cur[i] + _paeth(left, up, upleft)) & 0xFF
        prev = cur
        bits = bin(int.from_bytes(bytes([1]) + bytes(cur), "big"))[3:][:width]
        pixels += bits.encode("ascii").translate(bytes.maketrans(b"01", b"\x00\xff"))
    return width, height, bytes(pixels)
