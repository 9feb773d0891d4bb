"""Refusals of DCC requests: each names the JSON path of the field (and, for typed
input, the input field it came from)."""

from __future__ import annotations

from mohpromt_ca.errors import AlreadyExists
from mohpromt_verifier.formats.hcert.errors import PayloadError

__all__ = ["AlreadyIssued", "input_error"]


def input_error(path: str, message: str, *, code: str = "dcc-input") -> PayloadError:
    return PayloadError(message, path=path, code=code)


class AlreadyIssued(AlreadyExists):
    """The request's idempotency key is in the register already: it was issued once."""

    code = "already-issued"

    def __init__(self, message: str, *, uvci: str) -> None:
        super().__init__(message)
        self.uvci = uvci
