"""zlib: level-9 compression and the bounded inflate."""

from __future__ import annotations

import os
import zlib

import pytest

from mohpromt_ca.errors import InputTooLarge
from mohpromt_verifier.formats.hcert.compression import (
    DEFAULT_MAX_INFLATED,
    compress,
    inflate,
    looks_compressed,
)
from mohpromt_verifier.formats.hcert.errors import DecompressionBomb, ZlibError


def test_roundtrip_and_stdlib_compatible() -> None:
    data = os.urandom(300) + b"A" * 700
    packed = compress(data)
    assert zlib.decompress(packed) == data
    assert inflate(packed) == data
    assert inflate(zlib.compress(data, 9)) == data
    assert looks_compressed(packed)


def test_bomb_is_refused_at_the_default_cap() -> None:
    bomb = zlib.compress(b"\x00" * (10 * 1024 * 1024), 9)
    assert len(bomb) < 11_000
    with pytest.raises(DecompressionBomb) as info:
        inflate(bomb)
    assert info.value.code == "zlib"
    assert isinstance(info.value, InputTooLarge)
    assert str(DEFAULT_MAX_INFLATED) in str(info.value)


def test_cap_is_a_parameter_and_exact() -> None:
    packed = compress(b"x" * 1000)
    assert inflate(packed, max_size=1000) == b"x" * 1000
    with pytest.raises(DecompressionBomb):
        inflate(packed, max_size=999)


def test_corrupt_and_truncated() -> None:
    packed = compress(b"hello world " * 20)
    with pytest.raises(ZlibError, match="truncated"):
        inflate(packed[: len(packed) // 2])
    with pytest.raises(ZlibError, match="corrupt"):
        inflate(b"\x78\xda" + b"\xff" * 20)
    with pytest.raises(ZlibError):
        inflate(b"\xd2\x84\x43\xa1")  # raw COSE, not zlib
    assert not looks_compressed(b"\xd2\x84\x43\xa1")
