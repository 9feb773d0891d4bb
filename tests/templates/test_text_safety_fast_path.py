"""The common-text fast path of text_safety refuses exactly what the per-character rule refuses."""

from __future__ import annotations

import random

from mohpromt_ca.templates.text_safety import dangerous_character, unsafe_text, unsafe_text_reason

# common characters, the Thai block's unassigned points, and every kind of dangerous one
ALPHABET = ["a", "Z", " ", "é", "ß", "ก", "ใ", "่", "\u0e3b", "\u0e7f", "\t", "\n", "\r", "\x00", "\x1b", "\x7f",
            "\x85", "\u00ad", "\u200b", "\u202e", "\u2066", "\ufeff", "\ue000", "\ud800", "😀", "中"]


def _reference(text: str) -> str | None:
    for ch in text:
        reason = dangerous_character(ch)
        if reason is not None:
            return reason
    return None


def test_fast_path_agrees_with_the_character_rule() -> None:
    rng = random.Random(16)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
        assert unsafe_text_reason(text, printable=False) == _reference(text), repr(text)
    for code in [*range(0x00, 0x100), *range(0x0E00, 0x0E80), *range(0x2000, 0x2070)]:
        assert unsafe_text_reason(chr(code), printable=False) == dangerous_character(chr(code)), hex(code)


def test_dcc_names_with_hidden_characters_are_still_refused() -> None:
    bad = {"holder": {"family_name": "ใจดี\u202e", "given_name": "Som\u200bchai", "nick": "ok"}}
    paths = [path for path, _reason in unsafe_text(bad, printable=False)]
    assert paths == [("holder", "family_name"), ("holder", "given_name")]
