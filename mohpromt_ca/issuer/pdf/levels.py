"""PAdES baseline levels and what each asks of pyHanko."""

from __future__ import annotations

import enum

from mohpromt_ca.errors import InputError


class PadesLevel(str, enum.Enum):
    """B-B signature; B-T adds a signature timestamp; B-LT embeds validation data in the DSS
    ("level 3", the default); B-LTA adds a document (archive) timestamp over all of it."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def timestamped(self) -> bool:
        return self is not PadesLevel.B_B

    @property
    def long_term(self) -> bool:
        return self in (PadesLevel.B_LT, PadesLevel.B_LTA)

    @property
    def archival(self) -> bool:
        return self is PadesLevel.B_LTA

    @classmethod
    def parse(cls, text: str | PadesLevel) -> PadesLevel:
        if isinstance(text, PadesLevel):
            return text
        key = text.strip().upper().replace("_", "-")
        if not key.startswith("B-"):
            key = "B-" + key.removeprefix("B")
        for level in cls:
            if level.value == key:
                return level
        raise InputError(f"unknown PAdES level {text!r}; use one of {', '.join(level.value for level in cls)}")


DEFAULT_LEVEL = PadesLevel.B_LT
LEVELS = tuple(level.value for level in PadesLevel)
