"""The two Digital Health Pass profiles. Both use the same container (CWT in COSE_Sign1,
zlib, base45, ``HC1:``), the same DSCs and keys, and the same strictly validated EU DCC
under hcert key 1:

``eu-dcc``  for travel: hcert -260 holds only ``{1: EU DCC}``, exactly what every EU
            gateway verifier expects.
``th-dhp``  the domestic Digital Health Pass: for vaccinations it adds the WHO DDCC:VS
            core data set under hcert key 2 (``ddcc.build_ddcc_vs``) for verifiers that
            read DDCC; EU verifiers ignore key 2. Test and recovery passes carry key 1 only
            (DDCC:TR, key 3, is not produced).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "Profile", "get_profile"]


@dataclass(frozen=True)
class Profile:
    name: str
    ddcc_vs: bool
    """Add the WHO DDCC:VS under hcert key 2 (vaccinations only)."""
    description: str


PROFILES: dict[str, Profile] = {
    "eu-dcc": Profile("eu-dcc", False, "EU DCC 1.3 only (hcert key 1), for travel"),
    "th-dhp": Profile("th-dhp", True, "EU DCC (key 1) + WHO DDCC:VS (key 2) for vaccinations, domestic pass"),
}


def get_profile(name: str) -> Profile:
    from mohpromt_ca.errors import InputError

    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(f"unknown profile {name!r}; use one of {', '.join(PROFILES)}") from None
