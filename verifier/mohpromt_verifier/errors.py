"""The exception hierarchy the verifier shares with the CA.

Every error carries a stable machine ``code`` and a human sentence. Command lines map
them to exit codes and one line on stderr; HTTP apps map them to
``application/problem+json``. Messages never contain key material.

``mohpromt_ca.errors`` builds the rest of the product's errors on these classes, so
one ``except MohpromtError`` catches both.
"""

from __future__ import annotations


class MohpromtError(Exception):
    """Base class: ``code`` is stable (scripts match on it), the message is for people."""

    code = "error"
    http_status = 400
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class UsageError(MohpromtError):
    code = "usage"
    exit_code = 3


class InputError(MohpromtError):
    """Input from outside is malformed, too large or out of bounds."""

    code = "bad-input"
    exit_code = 3


class InputTooLarge(InputError):
    code = "input-too-large"
    http_status = 413


class VerificationError(MohpromtError):
    code = "verification"
