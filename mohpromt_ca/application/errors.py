"""The service's own refusals (HTTP 401 / 403 / 429), in the product's one hierarchy."""

from __future__ import annotations

from mohpromt_ca.errors import InputError, MohpromtError


class Unauthenticated(MohpromtError):
    """No credential, or one that does not check out (wrong password, unknown or revoked key)."""

    code = "unauthenticated"
    http_status = 401
    exit_code = 4


class Forbidden(MohpromtError):
    """The principal is known but may not do this (another facility's document, another signer's key)."""

    code = "forbidden"
    http_status = 403
    exit_code = 4


class Throttled(MohpromtError):
    """Too many failed logins for this account or from this client in the window."""

    code = "throttled"
    http_status = 429
    exit_code = 4


class IdempotencyKeyReused(InputError):
    """The Idempotency-Key was used before for a different request (draft-ietf-httpapi-idempotency-key: 422)."""

    code = "idempotency-key-reused"
    http_status = 422
