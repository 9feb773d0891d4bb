"""Serial numbers: positive, at most 20 octets, 127 bits from the OS CSPRNG (RFC 5280 4.1.2.2)."""

from __future__ import annotations

import secrets

SERIAL_RANDOM_BITS = 127  # >= 64 required; 127 keeps the DER INTEGER at 16 octets, always positive


def new_serial() -> int:
    # A leading 1-bit keeps every serial the same length, so none starts with 0x00 padding
    # beyond the sign octet and none is zero.
    return (1 << (SERIAL_RANDOM_BITS - 1)) | secrets.randbits(SERIAL_RANDOM_BITS - 1)


def serial_hex(serial: int) -> str:
    return format(serial, "x")


def parse_serial(text: str) -> int:
    """Accept hex with or without 0x, colons or spaces (as openssl and browsers print them)."""
    cleaned = text.strip().lower().removeprefix("0x").replace(":", "").replace(" ", "")
    if not cleaned or len(cleaned) > 40 or any(c not in "0123456789abcdef" for c in cleaned):
        from mohpromt_ca.errors import InputError

        raise InputError(f"not a hexadecimal serial number: {text[:60]!r}")
    return int(cleaned, 16)
