"""base45 codec: RFC 9285 vectors, parity with the base45 package, strictness."""

from __future__ import annotations

import base45 as base45_pkg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mohpromt_ca.errors import InputError
from mohpromt_verifier.formats.hcert.base45 import ALPHABET, b45decode, b45encode
from mohpromt_verifier.formats.hcert.errors import (
    Base45CharacterError,
    Base45Error,
    Base45LengthError,
    Base45ValueError,
)

RFC_VECTORS = [
    (b"AB", "BB8"),
    (b"Hello!!", "%69 VD92EX0"),
    (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"),
    (b"", ""),
]


@pytest.mark.parametrize(("raw", "text"), RFC_VECTORS)
def test_rfc9285_vectors(raw: bytes, text: str) -> None:
    assert b45encode(raw) == text
    assert b45decode(text) == raw
    assert b45decode(text.encode("ascii")) == raw


def test_edge_values() -> None:
    assert b45encode(b"\xff\xff") == "FGW"  # 65535 = 30 + 45*26 + 2025*32... the largest triplet
    assert b45decode("FGW") == b"\xff\xff"
    assert b45encode(b"\x00") == "00"
    assert b45encode(b"\xff") == "U5"
    assert b45decode("U5") == b"\xff"


@given(st.binary(max_size=2048))
@settings(max_examples=400)
def test_roundtrip_and_package_parity(data: bytes) -> None:
    text = b45encode(data)
    assert text == base45_pkg.b45encode(data).decode("ascii")
    assert set(text) <= set(ALPHABET)
    assert b45decode(text) == data


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_decoder_agrees_with_package_on_any_alphabet_text(text: str) -> None:
    try:
        expected = base45_pkg.b45decode(text)
    except ValueError:
        with pytest.raises(Base45Error):
            b45decode(text)
    else:
        assert b45decode(text) == expected


@pytest.mark.parametrize("text", ["BB8a", "bb8", "BB8~~~", "ÄB8", "BB\n"])
def test_invalid_characters(text: str) -> None:
    if len(text) % 3 == 1:
        with pytest.raises(Base45LengthError):
            b45decode(text)
        return
    with pytest.raises(Base45CharacterError) as info:
        b45decode(text)
    assert info.value.code == "base45"
    assert isinstance(info.value, InputError)


def test_triplet_above_65535() -> None:
    with pytest.raises(Base45ValueError, match="65536"):
        b45decode("GGW")  # 16 + 16*45 + 32*2025 = 65536
    with pytest.raises(Base45ValueError, match="offset 3"):
        b45decode("BB8:::")


def test_final_pair_above_255() -> None:
    with pytest.raises(Base45ValueError, match="above 255"):
        b45decode("BB8::")


def test_length_one_modulo_three() -> None:
    with pytest.raises(Base45LengthError):
        b45decode("BB8B")
