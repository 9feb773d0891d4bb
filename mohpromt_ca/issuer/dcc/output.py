"""Write an HC1 string as a QR PNG, a QR SVG (level Q, sized for 35-60 mm print) or the
text itself, chosen by the file name's suffix. Writes are atomic (temporary file,
fsync, rename): a reader or a restarted bulk run never sees half a file."""

from __future__ import annotations

from pathlib import Path

from mohpromt_ca.errors import InputError
from mohpromt_ca.storage.private_files import write_private

__all__ = ["FORMATS", "render", "write_atomic", "write_output"]

FORMATS = ("png", "svg", "txt")


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"the output must end in .png, .svg or .txt, not {path.name!r}")
    return suffix


def render(hc1: str, fmt: str, *, print_mm: float = 45.0) -> bytes:
    if fmt == "png":
        from mohpromt_verifier.formats.qr import qr_png

        return qr_png(hc1, print_mm=print_mm)
    if fmt == "svg":
        from mohpromt_verifier.formats.qr import qr_svg

        return qr_svg(hc1, print_mm=print_mm).encode()
    if fmt == "txt":
        return (hc1 + "\n").encode("ascii")
    raise InputError(f"unknown output format {fmt!r}; use png, svg or txt")


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """All or nothing, 0600: an HC1 (or its QR) holds medical content (``storage.private_files``)."""
    write_private(path, data, sync=sync, own_folder=False)


def write_output(path: Path, hc1: str, *, print_mm: float = 45.0) -> None:
    write_atomic(path, render(hc1, format_of(path), print_mm=print_mm))
