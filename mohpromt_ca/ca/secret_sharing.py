"""Shamir's m-of-n secret sharing over GF(2^8), byte by byte (HashiCorp Vault's construction).

Each byte of the secret is the constant term of its own random polynomial of degree m-1 over
GF(256) (reduction polynomial x^8+x^4+x^3+x+1, AES's); share ``i`` holds every polynomial's
value at x = i (1..n). Any m shares give the polynomials back by Lagrange interpolation at 0;
m-1 shares are consistent with every possible secret, so they tell nothing about it.

A share is printed as one line an officer can copy by hand::

    mss1-<set>-<m>-<index>-<data hex>-<check>

``set`` (8 hex digits) names one split so that shares of different splits are never mixed,
``m`` is the threshold, ``check`` the first 8 hex digits of SHA-256 over the rest: a typo is
caught before combining. No PyPI package for this was maintained and reviewed enough to hold a
root key's PIN (the candidates are hobby packages or BIP-39-specific), hence this small module.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from mohpromt_ca.errors import InputError

__all__ = ["Share", "ShareError", "combine", "split"]

MAX_SHARES = 255
MAX_SECRET_BYTES = 1024
_PREFIX = "mss1"
_SHARE = re.compile(r"^mss1-([0-9a-f]{8})-([0-9]{1,3})-([0-9]{1,3})-([0-9a-f]{2,2048})-([0-9a-f]{8})$")


class ShareError(InputError):
    code = "secret-share"


def _tables() -> tuple[list[int], list[int]]:
    exp = [0] * 512
    log = [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        # multiply by the generator 3 (x + 1)
        doubled = value << 1
        if doubled & 0x100:
            doubled ^= 0x11B
        value = doubled ^ value
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


_EXP, _LOG = _tables()


def _mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def _div(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError("division by zero in GF(256)")
    if a == 0:
        return 0
    return _EXP[(_LOG[a] - _LOG[b]) % 255]


def _evaluate(coefficients: list[int], x: int) -> int:
    """Horner's rule; coefficients[0] is the constant term."""
    result = 0
    for coefficient in reversed(coefficients):
        result = _mul(result, x) ^ coefficient
    return result


def _interpolate_at_zero(points: list[tuple[int, int]]) -> int:
    result = 0
    for i, (x_i, y_i) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (x_j, _y) in enumerate(points):
            if i != j:
                numerator = _mul(numerator, x_j)  # (0 - x_j) = x_j in characteristic 2
                denominator = _mul(denominator, x_i ^ x_j)
        result ^= _mul(y_i, _div(numerator, denominator))
    return result


@dataclass(frozen=True)
class Share:
    set_id: str
    threshold: int
    index: int
    data: bytes

    def _body(self) -> str:
        return f"{_PREFIX}-{self.set_id}-{self.threshold}-{self.index}-{self.data.hex()}"

    def __str__(self) -> str:
        return f"{self._body()}-{hashlib.sha256(self._body().encode()).hexdigest()[:8]}"

    def __repr__(self) -> str:  # a share is secret material: never in logs
        return f"<Share {self.set_id} #{self.index} of {self.threshold}-of-n>"

    @classmethod
    def parse(cls, text: str) -> Share:
        cleaned = "".join(text.split()).lower()
        match = _SHARE.match(cleaned)
        if match is None:
            raise ShareError("this is not a secret share (expected mss1-SET-M-INDEX-HEX-CHECK)")
        set_id, threshold, index, data_hex, check = match.groups()
        share = cls(set_id, int(threshold), int(index), bytes.fromhex(data_hex))
        if str(share)[-8:] != check:
            raise ShareError(f"share #{index} of set {set_id} has a wrong checksum: it was copied with a typo")
        if not 1 <= share.index <= MAX_SHARES or not 2 <= share.threshold <= MAX_SHARES:
            raise ShareError(f"share #{index} has an index or threshold out of range")
        return share


def split(secret: bytes, threshold: int, shares: int) -> list[Share]:
    """Split ``secret`` into ``shares`` shares of which any ``threshold`` rebuild it."""
    if not secret:
        raise ShareError("there is no secret to split")
    if len(secret) > MAX_SECRET_BYTES:
        raise ShareError(f"a secret to split is at most {MAX_SECRET_BYTES} bytes")
    if not 2 <= threshold <= shares <= MAX_SHARES:
        raise ShareError(f"need 2 <= m <= n <= {MAX_SHARES}, not m={threshold}, n={shares}")
    set_id = secrets.token_hex(4)
    outputs = [bytearray() for _ in range(shares)]
    for byte in secret:
        coefficients = [byte] + [secrets.randbelow(256) for _ in range(threshold - 1)]
        for position, output in enumerate(outputs):
            output.append(_evaluate(coefficients, position + 1))
    return [Share(set_id, threshold, position + 1, bytes(output)) for position, output in enumerate(outputs)]


def combine(shares: list[Share | str]) -> bytes:
    """The secret from at least m shares of one split; refuses fewer, mixed sets or duplicates."""
    parsed = [share if isinstance(share, Share) else Share.parse(share) for share in shares]
    if not parsed:
        raise ShareError("no shares given")
    if len({(share.set_id, share.threshold, len(share.data)) for share in parsed}) != 1:
        raise ShareError("these shares come from different splits")
    unique = {share.index: share for share in parsed}
    if len(unique) != len(parsed):
        raise ShareError("the same share was given twice")
    threshold = parsed[0].threshold
    if len(unique) < threshold:
        raise ShareError(f"{len(unique)} share(s) given; this secret needs {threshold}")
    chosen = sorted(unique.values(), key=lambda share: share.index)[:threshold]
    return interpolate(chosen)


def interpolate(shares: list[Share]) -> bytes:
    """Lagrange interpolation at 0 of whatever shares are given (no threshold check)."""
    length = len(shares[0].data)
    return bytes(
        _interpolate_at_zero([(share.index, share.data[position]) for share in shares]) for position in range(length)
    )
