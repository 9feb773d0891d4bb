"""Shamir m-of-n over GF(256): any m shares rebuild the secret, m-1 do not."""

from __future__ import annotations

import itertools
import secrets

import pytest

from mohpromt_ca.ca import secret_sharing
from mohpromt_ca.ca.secret_sharing import Share, ShareError, combine, interpolate, split


def test_field_matches_fips197_examples() -> None:
    # FIPS-197 §4.2: {57} • {83} = {c1}; {53} and {ca} are inverses in AES's field
    assert secret_sharing._mul(0x57, 0x83) == 0xC1
    assert secret_sharing._mul(0x53, 0xCA) == 0x01


def test_any_m_of_n_shares_rebuild_the_secret_and_m_minus_1_do_not() -> None:
    secret = secrets.token_bytes(32)
    shares = split(secret, 3, 5)
    assert len({share.set_id for share in shares}) == 1
    assert [share.index for share in shares] == [1, 2, 3, 4, 5]
    for chosen in itertools.combinations(shares, 3):
        assert combine([str(share) for share in chosen]) == secret
    assert combine(shares) == secret  # more than m is fine
    for chosen in itertools.combinations(shares, 2):
        with pytest.raises(ShareError, match="needs 3"):
            combine(list(chosen))
        # and forcing the interpolation with m-1 points gives some other value
        assert interpolate(list(chosen)) != secret


def test_a_passphrase_round_trips_as_printed_lines() -> None:
    passphrase = "ผู้ดูแล root 2026 ✓".encode()
    lines = [str(share) for share in split(passphrase, 2, 3)]
    assert all(line.startswith("mss1-") for line in lines)
    assert combine([lines[2].upper(), " " + lines[0] + "\n"]) == passphrase
    assert passphrase.hex() not in "".join(lines)
    assert "mss1" not in repr(Share.parse(lines[0]))  # a share's repr never shows its data


def test_typos_mixed_sets_and_duplicates_are_refused() -> None:
    first, second = split(b"pin-1234", 2, 3), split(b"pin-1234", 2, 3)
    line = str(first[0])
    typo = line[:-12] + ("0" if line[-12] != "0" else "1") + line[-11:]
    with pytest.raises(ShareError, match="checksum"):
        combine([typo, str(first[1])])
    with pytest.raises(ShareError, match="different splits"):
        combine([first[0], second[1]])
    with pytest.raises(ShareError, match="twice"):
        combine([first[0], first[0]])
    with pytest.raises(ShareError, match="not a secret share"):
        combine(["hello"])
    with pytest.raises(ShareError):
        split(b"x", 1, 3)
    with pytest.raises(ShareError):
        split(b"x", 4, 3)
    with pytest.raises(ShareError):
        split(b"", 2, 3)
