"""One exception hierarchy for the whole product.

Every error carries a stable machine ``code`` and a human sentence. The CLI maps
them to exit codes and one line on stderr; the HTTP apps map them to
``application/problem+json``. Messages must never contain key material.
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


class ConfigError(MohpromtError):
    code = "config"
    exit_code = 3


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


class NotFound(MohpromtError):
    code = "not-found"
    http_status = 404


class AlreadyExists(MohpromtError):
    code = "already-exists"
    http_status = 409


class StateError(MohpromtError):
    """The object is in a state that forbids the operation (unapproved, suspended, revoked)."""

    code = "invalid-state"
    http_status = 409


class PolicyError(MohpromtError):
    """Registration policy refuses the request."""

    code = "policy"
    http_status = 422


class LintError(MohpromtError):
    """pkilint found an error-level finding in a to-be-issued certificate."""

    code = "lint"
    http_status = 500


class KeyBackendError(MohpromtError):
    code = "key-backend"
    http_status = 500


class PassphraseError(KeyBackendError):
    code = "passphrase"
    exit_code = 3


class StorageError(MohpromtError):
    code = "storage"
    http_status = 500


class AuditChainBroken(MohpromtError):
    code = "audit-chain-broken"


class VerificationError(MohpromtError):
    code = "verification"
