"""CWT claims of an HCERT: iss (1), iat (6), exp (4) and hcert (-260).

``hcert`` is a map: key 1 holds the EU DCC object; key 2 may hold the WHO DDCC:VS core
data set (see ``ddcc.py`` for how we encode it). Decoding accepts floats for iat/exp
(Spanish and Hungarian issuers emit them); encoding always writes integers.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import cbor2

from mohpromt_verifier.formats.hcert.cbor import thaw
from mohpromt_verifier.formats.hcert.errors import ClaimsError

__all__ = [
    "CLAIM_EXP",
    "CLAIM_HCERT",
    "CLAIM_IAT",
    "CLAIM_ISS",
    "HCERT_DCC",
    "HCERT_DDCC_VS",
    "HcertClaims",
    "parse_claims",
    "to_epoch",
]

CLAIM_ISS = 1
CLAIM_EXP = 4
CLAIM_IAT = 6
CLAIM_HCERT = -260
HCERT_DCC = 1
HCERT_DDCC_VS = 2


def to_epoch(value: _dt.datetime | int) -> int:
    """Seconds since the epoch; a datetime must be timezone-aware."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("iat/exp datetimes must be timezone-aware")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("iat/exp must be an int (epoch seconds) or an aware datetime")
    return value


@dataclass(frozen=True)
class HcertClaims:
    """The decoded claims. Numeric dates are epoch seconds (int, or float as sent)."""

    issuer: str | None
    issued_at: int | float | None
    expires_at: int | float | None
    dcc: Mapping[str, Any] | None
    ddcc_vs: Mapping[str, Any] | None = None
    other: Mapping[Any, Any] = field(default_factory=dict)
    """Claims other than iss/iat/exp/hcert, as sent."""

    @property
    def issued_at_dt(self) -> _dt.datetime | None:
        return _epoch_dt(self.issued_at)

    @property
    def expires_at_dt(self) -> _dt.datetime | None:
        return _epoch_dt(self.expires_at)

    def to_cbor_map(self) -> dict[int, Any]:
        """The claims map as issued (integers for iat/exp)."""
        if self.dcc is None:
            raise ClaimsError("an HCERT needs a DCC object under hcert key 1")
        claims: dict[int, Any] = {}
        if self.issuer is not None:
            claims[CLAIM_ISS] = self.issuer
        if self.issued_at is not None:
            claims[CLAIM_IAT] = int(self.issued_at)
        if self.expires_at is not None:
            claims[CLAIM_EXP] = int(self.expires_at)
        hcert: dict[int, Any] = {HCERT_DCC: dict(self.dcc)}
        if self.ddcc_vs is not None:
            hcert[HCERT_DDCC_VS] = dict(self.ddcc_vs)
        claims[CLAIM_HCERT] = hcert
        return claims

    def to_cbor(self) -> bytes:
        return cbor2.dumps(self.to_cbor_map())


def _epoch_dt(value: int | float | None) -> _dt.datetime | None:
    if value is None:
        return None
    try:
        return _dt.datetime.fromtimestamp(value, _dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _numeric_date(claims: Mapping[Any, Any], key: int, name: str) -> int | float | None:
    value = claims.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ClaimsError(f"CWT claim {name} ({key}) must be a number, got {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ClaimsError(f"CWT claim {name} ({key}) is not a finite number")
    return value


def parse_claims(item: Any) -> HcertClaims:
    """Check the shape of a decoded CWT claims map and pull out the HCERT parts."""
    if not isinstance(item, Mapping):
        raise ClaimsError("CWT payload must be a CBOR map of claims")
    iss = item.get(CLAIM_ISS)
    if iss is not None and not isinstance(iss, str):
        raise ClaimsError("CWT claim iss (1) must be a text string")
    iat = _numeric_date(item, CLAIM_IAT, "iat")
    exp = _numeric_date(item, CLAIM_EXP, "exp")
    hcert = item.get(CLAIM_HCERT)
    if hcert is None:
        raise ClaimsError("CWT has no hcert claim (-260)")
    if not isinstance(hcert, Mapping):
        raise ClaimsError("CWT claim hcert (-260) must be a map")
    dcc = hcert.get(HCERT_DCC)
    ddcc = hcert.get(HCERT_DDCC_VS)
    if dcc is None and ddcc is None:
        raise ClaimsError("hcert claim holds neither an EU DCC (key 1) nor a DDCC:VS (key 2)")
    if dcc is not None and not isinstance(dcc, Mapping):
        raise ClaimsError("hcert key 1 (EU DCC) must be a map")
    if ddcc is not None and not isinstance(ddcc, Mapping):
        raise ClaimsError("hcert key 2 (DDCC:VS) must be a map")
    other = {k: v for k, v in item.items() if k not in (CLAIM_ISS, CLAIM_IAT, CLAIM_EXP, CLAIM_HCERT)}
    return HcertClaims(
        issuer=iss,
        issued_at=iat,
        expires_at=exp,
        dcc=thaw(dcc) if dcc is not None else None,
        ddcc_vs=thaw(ddcc) if ddcc is not None else None,
        other=thaw(other),
    )
