"""The records module's one secret, and what it derives: the citizen-ID hash and the seal for
lab results waiting to be certified.

A citizen ID is never stored in clear. The record is keyed by ``HMAC-SHA256(k_hash, ID)``:
a plain SHA-256 of a 13-digit number with a check digit could be reversed by trying the
~10^12 candidates, a keyed hash cannot without the secret. The secret is 32 random bytes,
created once in the plugin's data directory (``citizen-hash.key``, 0600) or passed in by
an out-of-process host that keeps it elsewhere. Two sub-keys are derived from it
(HMAC with a label each) so hashing and sealing never share a key:

- ``citizen_hash(id)`` -> 64 hex characters;
- ``seal(data, aad)`` / ``open(blob, aad)`` -> AES-256-GCM (12-byte random nonce first), for
  a recorded lab result's data until it is certified (see :mod:`.store` for how long).

Nothing here logs, and no error message repeats a citizen ID or the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from mohpromt_ca.plugins import ConfigError, InputError, validate_citizen_id

__all__ = ["KEY_FILE", "RecordsKeys", "normalise_citizen_id"]

KEY_FILE = "citizen-hash.key"


def normalise_citizen_id(value: object) -> str:
    """The 13 digits of a valid Thai citizen ID (``1-2345-67890-12-1`` and spaces accepted).

    Raises :class:`~mohpromt_ca.errors.InputError` saying what is wrong, never echoing the value.
    """
    if not isinstance(value, str) or len(value) > 40:
        raise InputError("citizen_id: a 13-digit Thai citizen ID", code="bad-citizen-id")
    try:
        return validate_citizen_id(value)
    except ValueError as exc:  # its sentences never include the value
        raise InputError(f"citizen_id: {exc}", code="bad-citizen-id") from None


class RecordsKeys:
    """Keys derived from the module's secret. ``repr`` shows a fingerprint, never the secret."""

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes | bytearray) or len(secret) < 32:
            raise ConfigError("the records secret must be at least 32 bytes")
        secret = bytes(secret)
        self._hash_key = hmac.new(secret, b"mohpromt-records/citizen-hash/v1", hashlib.sha256).digest()
        self._seal_key = hmac.new(secret, b"mohpromt-records/lab-result-seal/v1", hashlib.sha256).digest()
        #: safe to store and show: tells whether a database was keyed with this secret
        self.fingerprint = hmac.new(secret, b"mohpromt-records/fingerprint/v1", hashlib.sha256).hexdigest()[:32]

    def __repr__(self) -> str:
        return f"RecordsKeys(fingerprint={self.fingerprint[:12]}...)"

    @classmethod
    def from_context(cls, context: Any) -> RecordsKeys:
        """The secret in the plugin's data directory (``citizen-hash.key``), made (0600) on first
        use by the host (``context.secret``), atomically: two processes starting together end up
        with the same secret."""
        return cls(context.secret(KEY_FILE))

    def citizen_hash(self, citizen_id: object) -> str:
        """``HMAC-SHA256`` of the ID's 13 digits, hex. Refuses an invalid ID (without echoing it)."""
        digits = normalise_citizen_id(citizen_id)
        return hmac.new(self._hash_key, digits.encode("ascii"), hashlib.sha256).hexdigest()

    def seal(self, plaintext: bytes, *, aad: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(self._seal_key).encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, *, aad: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(self._seal_key).decrypt(bytes(blob[:12]), bytes(blob[12:]), aad)
        except (InvalidTag, ValueError):
            raise ConfigError("a sealed lab result does not open with this secret", code="records-seal") from None
