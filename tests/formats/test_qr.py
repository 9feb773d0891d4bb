"""QR output: level Q, alphanumeric, PNG and SVG that decode back to the HC1 string."""

from __future__ import annotations

import datetime as dt
import re
import struct

import pytest
import zxingcpp

from mohpromt_ca.errors import InputError
from mohpromt_verifier.formats.hcert import encode_hc1
from mohpromt_verifier.formats.qr import QUIET_ZONE, qr_matrix, qr_png, qr_svg

from .conftest import Dsc
from .pngread import read_gray1

IAT = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
EXP = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def hc1(ec_dsc: Dsc) -> str:
    from .conftest import thai_vaccination

    return encode_hc1(thai_vaccination(), signer=ec_dsc.signer, iat=IAT, exp=EXP)


def _read(width: int, height: int, pixels: bytes) -> zxingcpp.Barcode:
    result = zxingcpp.read_barcode(memoryview(pixels).cast("B", (height, width)))
    assert result is not None and result.valid
    return result


@pytest.mark.parametrize("print_mm", [35.0, 45.0, 60.0])
def test_png_decodes_back_exactly(hc1: str, print_mm: float) -> None:
    png = qr_png(hc1, print_mm=print_mm)
    width, height, pixels = read_gray1(png)
    result = _read(width, height, pixels)
    assert result.text == hc1
    assert result.ec_level == "Q"
    # pHYs says how large it prints: width / pixels-per-metre = print_mm
    index = png.index(b"pHYs")
    ppm_x, _, unit = struct.unpack(">IIB", png[index + 4:index + 13])
    assert unit == 1
    assert abs(width / ppm_x * 1000 - print_mm) < 0.5


def test_symbol_is_level_q_alphanumeric(hc1: str) -> None:
    matrix = qr_matrix(hc1)
    assert matrix.ec_level == "Q"
    # Mode check: the same length of text outside the alphanumeric set (lowercase forces
    # byte mode) needs a clearly larger symbol, so ours must be in alphanumeric mode.
    byte_mode = qr_matrix(hc1.lower())
    assert byte_mode.version >= matrix.version + 3
    assert matrix.version <= 20  # ~550 characters -> version 18 at level Q (HCERT-NOTES)
    result = _read(matrix.size + 8, matrix.size + 8, _with_quiet(matrix.rows))
    assert result.extra.get("Version") == str(matrix.version)


def _with_quiet(rows: tuple[bytes, ...]) -> bytes:
    size = len(rows) + 2 * QUIET_ZONE
    blank = b"\xff" * size
    out = [blank] * QUIET_ZONE
    for row in rows:
        px = row.translate(bytes([255, 0] + [0] * 254))
        out.append(b"\xff" * QUIET_ZONE + px + b"\xff" * QUIET_ZONE)
    out += [blank] * QUIET_ZONE
    return b"".join(out)


def test_svg_matches_the_matrix(hc1: str) -> None:
    svg = qr_svg(hc1, print_mm=40)
    matrix = qr_matrix(hc1)
    modules = matrix.size + 2 * QUIET_ZONE
    assert 'width="40mm"' in svg and f'viewBox="0 0 {modules} {modules}"' in svg
    # rasterise the path's runs and read it back
    grid = [bytearray(b"\xff" * modules) for _ in range(modules)]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for i in range(int(w)):
            grid[int(y)][int(x) + i] = 0
    pixels = b"".join(bytes(r) for r in grid)
    rows = (pixels[i:i + modules] for i in range(0, len(pixels), modules))
    scaled = b"".join(bytes(b for b in row for _ in range(4)) * 4 for row in rows)
    assert _read(modules * 4, modules * 4, scaled).text == hc1


def test_print_size_bounds(hc1: str) -> None:
    with pytest.raises(InputError):
        qr_png(hc1, print_mm=20)
    with pytest.raises(InputError):
        qr_svg(hc1, print_mm=80)


def test_too_long_for_a_qr_code() -> None:
    with pytest.raises(InputError):
        qr_matrix("HC1:" + "A" * 5000)
