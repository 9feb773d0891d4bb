"""Key backends behind one interface, chosen by name (step-ca's registry shape)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable

from mohpromt_ca.ca.keys.base import KeyBackend, KeyHandle, KeyRef, KeySpec, SignatureScheme
from mohpromt_ca.config import Settings
from mohpromt_ca.errors import ConfigError, PassphraseError

BackendConstructor = Callable[[Settings], KeyBackend]
_REGISTRY: dict[str, BackendConstructor] = {}


def register(name: str, constructor: BackendConstructor) -> None:
    _REGISTRY[name] = constructor


def passphrase_source(settings: Settings, *, confirm: bool = False) -> Callable[[], bytes]:
    """MOHPROMT_KEY_PASSPHRASE, else a prompt on a terminal (asked once per process)."""
    cache: list[bytes] = []

    def source() -> bytes:
        if cache:
            return cache[0]
        if settings.key_passphrase is not None:
            secret = settings.key_passphrase.get_secret_value().encode()
        elif sys.stdin is not None and sys.stdin.isatty():
            secret = getpass.getpass("Key passphrase: ").encode()
            if confirm and getpass.getpass("Again: ").encode() != secret:
                raise PassphraseError("the two passphrases differ")
        else:
            raise PassphraseError("no key passphrase: set MOHPROMT_KEY_PASSPHRASE or run on a terminal")
        cache.append(secret)
        return secret

    return source


def _file_backend(settings: Settings) -> KeyBackend:
    from mohpromt_ca.ca.keys.file_backend import FileKeyBackend

    return FileKeyBackend(settings.keys_dir, passphrase_source(settings, confirm=True))


def _pkcs11_backend(settings: Settings) -> KeyBackend:
    from mohpromt_ca.ca.keys.pkcs11_backend import Pkcs11KeyBackend

    pin = settings.pkcs11_pin.get_secret_value() if settings.pkcs11_pin else None
    return Pkcs11KeyBackend(settings.pkcs11_module, settings.pkcs11_token_label, pin)


register("file", _file_backend)
register("pkcs11", _pkcs11_backend)


def backend(name: str, settings: Settings) -> KeyBackend:
    try:
        constructor = _REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unknown key backend {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None
    return constructor(settings)


class KeyStore:
    """Backends built once per process and handles loaded once per key (never per document)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._backends: dict[str, KeyBackend] = {}
        self._handles: dict[KeyRef, KeyHandle] = {}

    def backend(self, name: str) -> KeyBackend:
        if name not in self._backends:
            self._backends[name] = backend(name, self.settings)
        return self._backends[name]

    def generate(self, backend_name: str, label: str, spec: KeySpec) -> KeyHandle:
        handle = self.backend(backend_name).generate(label, spec)
        self._handles[handle.ref] = handle
        return handle

    def load(self, ref: KeyRef) -> KeyHandle:
        handle = self._handles.get(ref)
        if handle is None:
            handle = self.backend(ref.backend).load(ref)
            self._handles[ref] = handle
        return handle


__all__ = ["KeyBackend", "KeyHandle", "KeyRef", "KeySpec", "KeyStore", "SignatureScheme", "backend", "register"]
