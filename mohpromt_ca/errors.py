"""One exception hierarchy for the whole product.

Every error carries a stable machine ``code`` and a human sentence. The CLI maps
them to exit codes and one line on stderr; the HTTP apps map them to
``application/problem+json``. Messages must never contain key material.
"""

from __future__ import annotations

from mohpromt_verifier.errors import (
    InputError,
    InputTooLarge,
    MohpromtError,
    UsageError,
    VerificationError,
)

__all__ = [
    "AlreadyExists", "AuditChainBroken", "ConfigError", "InputError", "InputTooLarge", "KeyBackendError",
    "LintError", "MohpromtError", "NotFound", "PassphraseError", "PolicyError", "StateError",
    "StorageError", "UsageError", "VerificationError",
]


class ConfigError(MohpromtError):
    code = "config"
    exit_code = 3


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


