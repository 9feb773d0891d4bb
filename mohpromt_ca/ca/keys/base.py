"""The key-backend interface: every private key lives behind a ``KeyHandle``.

A handle signs and tells its public key; it never hands out key bytes. Backends
(encrypted PKCS#8 files, PKCS#11 tokens) register a constructor by name, in the
shape of step-ca's KMS registry.
"""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes


class KeySpec(str, enum.Enum):
    """The key types the CA makes."""

    EC_P256 = "ec-p256"
    EC_P384 = "ec-p384"
    RSA_3072 = "rsa-3072"

    @property
    def is_ec(self) -> bool:
        return self in (KeySpec.EC_P256, KeySpec.EC_P384)

    @property
    def default_hash(self) -> hashes.HashAlgorithm:
        return hashes.SHA384() if self is KeySpec.EC_P384 else hashes.SHA256()

    @classmethod
    def of_public_key(cls, key: PublicKeyTypes) -> KeySpec:
        if isinstance(key, ec.EllipticCurvePublicKey):
            if isinstance(key.curve, ec.SECP256R1):
                return cls.EC_P256
            if isinstance(key.curve, ec.SECP384R1):
                return cls.EC_P384
        if isinstance(key, rsa.RSAPublicKey) and key.key_size == 3072:
            return cls.RSA_3072
        raise ValueError("unsupported key: use EC P-256, EC P-384 or RSA-3072")


class SignatureScheme(str, enum.Enum):
    """How a handle signs. ECDSA results are DER (X.509/CMS form); HCERT converts to r||s."""

    ECDSA_SHA256 = "ecdsa-sha256"
    ECDSA_SHA384 = "ecdsa-sha384"
    RSA_PKCS1_SHA256 = "rsa-pkcs1-sha256"
    RSA_PSS_SHA256 = "rsa-pss-sha256"

    @property
    def hash_algorithm(self) -> hashes.HashAlgorithm:
        return hashes.SHA384() if self is SignatureScheme.ECDSA_SHA384 else hashes.SHA256()

    @classmethod
    def default_for(cls, spec: KeySpec) -> SignatureScheme:
        if spec is KeySpec.EC_P256:
            return cls.ECDSA_SHA256
        if spec is KeySpec.EC_P384:
            return cls.ECDSA_SHA384
        return cls.RSA_PKCS1_SHA256


@dataclass(frozen=True)
class KeyRef:
    """Where a key lives: backend name and a backend-specific reference (file name, token label)."""

    backend: str
    ref: str
    spec: KeySpec


class KeyHandle(abc.ABC):
    """A private key that can sign but never be read."""

    ref: KeyRef

    @property
    def spec(self) -> KeySpec:
        return self.ref.spec

    @property
    @abc.abstractmethod
    def public_key(self) -> PublicKeyTypes: ...

    @abc.abstractmethod
    def sign(self, data: bytes, scheme: SignatureScheme | None = None) -> bytes:
        """Sign ``data`` (hashing it first). ECDSA results are DER-encoded."""

    def __repr__(self) -> str:  # never anything about the key but where it lives
        return f"<{type(self).__name__} {self.ref.backend}:{self.ref.ref} {self.ref.spec.value}>"


class KeyBackend(abc.ABC):
    """Generates and loads keys. Generating never overwrites an existing key."""

    name: str

    @abc.abstractmethod
    def generate(self, label: str, spec: KeySpec) -> KeyHandle: ...

    @abc.abstractmethod
    def load(self, ref: KeyRef) -> KeyHandle: ...

    @abc.abstractmethod
    def exists(self, label: str) -> bool: ...
