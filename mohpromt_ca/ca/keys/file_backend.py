"""Encrypted PKCS#8 key files, written 0600, never overwritten."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

from mohpromt_ca.ca.keys.base import KeyBackend, KeyHandle, KeyRef, KeySpec, SignatureScheme
from mohpromt_ca.errors import AlreadyExists, KeyBackendError, NotFound, PassphraseError

_LABEL = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
PassphraseSource = Callable[[], bytes]


def _generate(spec: KeySpec) -> PrivateKeyTypes:
    if spec is KeySpec.EC_P256:
        return ec.generate_private_key(ec.SECP256R1())
    if spec is KeySpec.EC_P384:
        return ec.generate_private_key(ec.SECP384R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def sign_with_software_key(key: PrivateKeyTypes, data: bytes, scheme: SignatureScheme) -> bytes:
    """Sign with an in-memory key (the backend's own and the PKCS#11 dummy-free path)."""
    digest = scheme.hash_algorithm
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if scheme not in (SignatureScheme.ECDSA_SHA256, SignatureScheme.ECDSA_SHA384):
            raise KeyBackendError(f"an EC key cannot sign with {scheme.value}")
        return key.sign(data, ec.ECDSA(digest))
    if isinstance(key, rsa.RSAPrivateKey):
        if scheme is SignatureScheme.RSA_PKCS1_SHA256:
            return key.sign(data, padding.PKCS1v15(), digest)
        if scheme is SignatureScheme.RSA_PSS_SHA256:
            return key.sign(data, padding.PSS(padding.MGF1(hashes.SHA256()), 32), digest)
        raise KeyBackendError(f"an RSA key cannot sign with {scheme.value}")
    raise KeyBackendError("unsupported key type")


class FileKeyHandle(KeyHandle):
    def __init__(self, ref: KeyRef, key: PrivateKeyTypes) -> None:
        self.ref = ref
        self.__key = key
        self._public = key.public_key()

    @property
    def public_key(self) -> PublicKeyTypes:
        return self._public

    def sign(self, data: bytes, scheme: SignatureScheme | None = None) -> bytes:
        return sign_with_software_key(self.__key, data, scheme or SignatureScheme.default_for(self.spec))


class FileKeyBackend(KeyBackend):
    """Keys as passphrase-encrypted PKCS#8 PEM files in one directory."""

    name = "file"

    def __init__(self, directory: Path, passphrase: PassphraseSource) -> None:
        self.directory = directory
        self._passphrase = passphrase

    def _path(self, label: str) -> Path:
        if not _LABEL.match(label):
            raise KeyBackendError(f"invalid key label {label!r}")
        return self.directory / f"{label}.p8.pem"

    def exists(self, label: str) -> bool:
        return self._path(label).exists()

    def _secret(self) -> bytes:
        secret = self._passphrase()
        if not secret:
            raise PassphraseError("the key passphrase is empty: set MOHPROMT_KEY_PASSPHRASE")
        return secret

    def generate(self, label: str, spec: KeySpec) -> KeyHandle:
        path = self._path(label)
        key = _generate(spec)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._secret()),
        )
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise AlreadyExists(f"key {label!r} already exists; it is never overwritten") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        return FileKeyHandle(KeyRef(self.name, label, spec), key)

    def load(self, ref: KeyRef) -> KeyHandle:
        path = self._path(ref.ref)
        try:
            pem = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"key file for {ref.ref!r} is missing from {self.directory}") from None
        try:
            key = serialization.load_pem_private_key(pem, password=self._secret())
        except (ValueError, TypeError):
            raise PassphraseError(f"cannot decrypt key {ref.ref!r}: wrong passphrase or damaged file") from None
        if KeySpec.of_public_key(key.public_key()) is not ref.spec:
            raise KeyBackendError(f"key {ref.ref!r} is not the {ref.spec.value} key the register expects")
        return FileKeyHandle(ref, key)
