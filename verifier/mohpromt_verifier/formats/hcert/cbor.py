"""Bounded CBOR decoding for untrusted HCERT bytes.

Bounds: the input length (``max_size``), the container nesting depth (``max_depth``,
enforced by cbor2 itself) and no trailing bytes after the one item. Tag 0 (RFC 3339
date-time text) is kept as its text and tag 1 (epoch) becomes RFC 3339 text, so a
decoded DCC payload is plain JSON data and compares equal to the issuer's JSON (the
Thai test certificate encodes ``sc`` as a tag-0 date-time).
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Mapping
from typing import Any

import cbor2

from mohpromt_verifier.formats.hcert.errors import CborError, HcertDecodeError, HcertTooLarge

__all__ = ["DEFAULT_MAX_CBOR_DEPTH", "DEFAULT_MAX_CBOR_SIZE", "loads_bounded", "thaw"]

DEFAULT_MAX_CBOR_DEPTH = 16
DEFAULT_MAX_CBOR_SIZE = 64 * 1024


def _tag0(value: Any, _immutable: bool) -> Any:
    return value


def _tag1(value: Any, _immutable: bool) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            moment = _dt.datetime.fromtimestamp(value, _dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise CborError(f"CBOR epoch date-time {value!r} is out of range") from None
        return moment.isoformat().replace("+00:00", "Z")
    return value


_SEMANTIC = {0: _tag0, 1: _tag1}


def loads_bounded(
    data: bytes,
    *,
    what: str = "CBOR",
    max_size: int = DEFAULT_MAX_CBOR_SIZE,
    max_depth: int = DEFAULT_MAX_CBOR_DEPTH,
    error: type[HcertDecodeError] = CborError,
) -> Any:
    """Decode exactly one CBOR item from ``data`` within the bounds, or raise ``error``."""
    if len(data) > max_size:
        raise HcertTooLarge(f"{what} is {len(data)} bytes, above the {max_size}-byte limit")
    fp = io.BytesIO(data)
    try:
        decoder = cbor2.CBORDecoder(fp, max_depth=max_depth, semantic_decoders=_SEMANTIC)
        item = decoder.decode()
    except HcertDecodeError:
        raise
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise error(f"{what} is not valid CBOR: {exc}") from None
    if fp.tell() != len(data):
        raise error(f"{what} has {len(data) - fp.tell()} trailing bytes after the CBOR item")
    return item


_SCALARS = frozenset((str, int, bool, float, bytes, type(None)))


def thaw(obj: Any) -> Any:
    """Turn cbor2's immutable containers (frozendict, tuple) into dict and list."""
    kind = type(obj)
    if kind in _SCALARS:  # the usual leaves: no isinstance() walk through the ABCs
        return obj
    if kind is dict:
        return {k if type(k) in _SCALARS else thaw(k): v if type(v) in _SCALARS else thaw(v)
                for k, v in obj.items()}
    if kind is list:
        return [v if type(v) in _SCALARS else thaw(v) for v in obj]
    if isinstance(obj, Mapping):
        return {thaw(k): thaw(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [thaw(v) for v in obj]
    return obj
