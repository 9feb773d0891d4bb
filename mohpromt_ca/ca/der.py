"""Just enough DER to splice signatures and assemble large structures without re-encoding them."""

from __future__ import annotations


def length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + length(len(content)) + content


def sequence(*parts: bytes) -> bytes:
    return tlv(0x30, b"".join(parts))


def bit_string(value: bytes) -> bytes:
    return tlv(0x03, b"\x00" + value)


def integer(value: int) -> bytes:
    if value < 0:
        raise ValueError("only non-negative integers are needed here")
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def read_header(der: bytes, offset: int) -> tuple[int, int]:
    """(header length, content length) of the DER element at ``offset``."""
    first = der[offset + 1]
    if first < 0x80:
        return 2, first
    count = first & 0x7F
    return 2 + count, int.from_bytes(der[offset + 2 : offset + 2 + count], "big")


def children(der: bytes) -> list[bytes]:
    """The encoded elements directly inside the constructed element ``der``."""
    header, size = read_header(der, 0)
    out, at, end = [], header, header + size
    while at < end:
        h, n = read_header(der, at)
        out.append(der[at : at + h + n])
        at += h + n
    return out
