"""The errors a plugin raises and catches (re-exported by :mod:`mohpromt_ca.plugins`).

The CA's error classes (``InputError`` → 400/422, ``NotFound`` → 404, ``AlreadyExists`` and
``StateError`` → 409, ...) are the same objects as in :mod:`mohpromt_ca.errors`, so a
plugin's route that raises one gets the service's problem answer; :class:`Forbidden` and
:class:`CapabilityError` are the SDK's own.
"""

from __future__ import annotations

from mohpromt_ca.errors import (
    AlreadyExists,
    ConfigError,
    InputError,
    MohpromtError,
    NotFound,
    PolicyError,
    StateError,
    VerificationError,
)

__all__ = ["AlreadyExists", "CapabilityError", "ConfigError", "Forbidden", "InputError", "MohpromtError",
           "NotFound", "PolicyError", "StateError", "VerificationError"]


class Forbidden(MohpromtError):
    """The caller is known but may not do this (a plugin's route scoping a caller)."""

    code = "forbidden"
    http_status = 403
    exit_code = 4


class CapabilityError(Forbidden, PermissionError):
    """A plugin called a CA operation it did not declare in ``requires`` (or a certificate type
    outside the ones it declared). Logged; the call never reaches the CA."""

    code = "plugin-capability"
