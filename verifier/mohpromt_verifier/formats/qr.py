"""QR codes for HC1 strings: ISO/IEC 18004, error correction Q, PNG and SVG.

zxing-cpp's writer builds the symbol (it picks alphanumeric mode by itself for HC1
text: base45's alphabet *is* the QR alphanumeric set). We take the module matrix
from it and write PNG and SVG ourselves, so no Pillow is needed:

* PNG: 1-bit greyscale, one IDAT via zlib, a ``pHYs`` chunk giving the print
  resolution so the symbol (with its 4-module quiet zone) prints at ``print_mm``;
* SVG: one ``<path>`` of horizontal runs, ``width``/``height`` in millimetres and a
  viewBox in modules, so it prints at ``print_mm`` at any resolution.

The HCERT guidance is 35-60 mm printed; 45 mm is the default. A typical vaccination
HC1 (~550 characters) is version 18 (89x89 modules) at level Q.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

import zxingcpp

from mohpromt_verifier.errors import InputError

__all__ = ["QrMatrix", "qr_matrix", "qr_png", "qr_svg"]

QUIET_ZONE = 4
MIN_PRINT_MM = 35.0
MAX_PRINT_MM = 60.0
DEFAULT_PRINT_MM = 45.0
DEFAULT_DPI = 300


@dataclass(frozen=True)
class QrMatrix:
    """The symbol's dark modules, row by row, without quiet zone."""

    size: int
    rows: tuple[bytes, ...]
    """Each row: ``size`` bytes, 1 for dark, 0 for light."""
    ec_level: str

    @property
    def version(self) -> int:
        return (self.size - 17) // 4


def qr_matrix(text: str, *, ec_level: str = "Q") -> QrMatrix:
    """Encode ``text`` as a QR symbol (model 2) at the given error-correction level."""
    try:
        barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    except Exception as exc:  # zxing raises plain errors for oversize content
        raise InputError(f"the text does not fit in a QR code at level {ec_level}: {exc}", code="qr") from None
    # zxing's Image has the buffer protocol; its type stub does not say so
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    height, width = image.shape  # type: ignore[misc]
    raw = image.tobytes()
    # zxing's image is 0 for dark, 255 for light
    dark = raw.translate(bytes([1] + [0] * 255))
    rows = tuple(dark[i * width:(i + 1) * width] for i in range(height))
    return QrMatrix(size=width, rows=rows, ec_level=barcode.ec_level or ec_level)


def _check_print(print_mm: float) -> None:
    if not MIN_PRINT_MM <= print_mm <= MAX_PRINT_MM:
        raise InputError(f"print size must be {MIN_PRINT_MM:g}-{MAX_PRINT_MM:g} mm, got {print_mm:g}", code="qr")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def qr_png(
    text: str,
    *,
    print_mm: float = DEFAULT_PRINT_MM,
    dpi: int = DEFAULT_DPI,
    ec_level: str = "Q",
) -> bytes:
    """PNG of the QR code, scaled to whole pixels per module for ``print_mm`` at ``dpi``."""
    _check_print(print_mm)
    matrix = qr_matrix(text, ec_level=ec_level)
    modules = matrix.size + 2 * QUIET_ZONE
    scale = max(1, round(print_mm / 25.4 * dpi / modules))
    side = modules * scale
    # build one packed 1-bit row per module row (light = 1 in greyscale)
    quiet = b"\x01" * (QUIET_ZONE * scale)
    blank_row = _pack(b"\x01" * side)
    lines: list[bytes] = []
    for _ in range(QUIET_ZONE * scale):
        lines.append(blank_row)
    expand = {0: b"\x01" * scale, 1: b"\x00" * scale}
    for row in matrix.rows:
        pixels = quiet + b"".join(map(expand.__getitem__, row)) + quiet
        packed = _pack(pixels)
        lines.extend([packed] * scale)
    for _ in range(QUIET_ZONE * scale):
        lines.append(blank_row)
    raw = b"".join(lines)
    pixels_per_metre = round(side / (print_mm / 1000.0))
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", pixels_per_metre, pixels_per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(raw, 9)),
            _chunk(b"IEND", b""),
        )
    )


def _pack(bits: bytes) -> bytes:
    """A PNG scanline: filter byte 0, then 0/1 bytes packed 8 per byte, MSB first."""
    pad = (-len(bits)) % 8
    as_text = bits.translate(_BITCHARS) + b"0" * pad
    nbytes = len(as_text) // 8
    return b"\x00" + int(as_text, 2).to_bytes(nbytes, "big")


_DARK_RUN = re.compile(b"\x01+")
_BITCHARS = bytes([0x30, 0x31] + [0x30] * 254)


def qr_svg(text: str, *, print_mm: float = DEFAULT_PRINT_MM, ec_level: str = "Q") -> str:
    """SVG of the QR code sized ``print_mm`` square, one path of dark runs."""
    _check_print(print_mm)
    matrix = qr_matrix(text, ec_level=ec_level)
    modules = matrix.size + 2 * QUIET_ZONE
    parts = []
    for y, row in enumerate(matrix.rows, QUIET_ZONE):
        for run in _DARK_RUN.finditer(row):
            start, width = run.start() + QUIET_ZONE, run.end() - run.start()
            parts.append(f"M{start} {y}h{width}v1h-{width}z")
    size = f"{print_mm:g}mm"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}" height="{size}" '
        f'viewBox="0 0 {modules} {modules}" shape-rendering="crispEdges">'
        f'<rect width="{modules}" height="{modules}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>\n'
    )

