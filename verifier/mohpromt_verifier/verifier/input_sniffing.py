"""What did the user hand us? PDF bytes, an image holding a QR, or QR text."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from mohpromt_verifier.errors import InputError, InputTooLarge

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
Kind = Literal["pdf", "hcert", "summary", "voucher", "image"]
SUMMARY_PREFIXES = ("MPC1:",)
VOUCHER_PREFIXES = ("MPV1:",)  # volunteer-reward vouchers (formats.voucher)


@dataclass(frozen=True)
class SniffedInput:
    kind: Kind
    data: bytes
    text: str | None = None


def sniff(data: bytes) -> SniffedInput:
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return SniffedInput("pdf", data)
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return SniffedInput("image", data)
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise InputError("the input is not a PDF, a PNG/JPEG image or QR text") from None
    return classify_text(text)


def classify_text(text: str) -> SniffedInput:
    upper = text[:8].upper()
    if upper.startswith("HC1:"):
        return SniffedInput("hcert", text.encode(), text)
    if any(text.startswith(prefix) for prefix in SUMMARY_PREFIXES):
        return SniffedInput("summary", text.encode(), text)
    if any(text.startswith(prefix) for prefix in VOUCHER_PREFIXES):
        return SniffedInput("voucher", text.encode(), text)
    raise InputError("the text is neither an HC1: health certificate, a certificate-summary QR nor an MPV1: voucher")


def qr_texts_from_image(data: bytes) -> list[str]:
    """Every QR code's text in a PNG or JPEG (photo or scan)."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # decompression-bomb guard
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            gray = image.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise InputError(f"cannot read the image: {type(exc).__name__}") from None
    wanted = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return [b.text for b in zxingcpp.read_barcodes(gray, formats=wanted) if b.text]
