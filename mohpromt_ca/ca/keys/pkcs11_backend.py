"""Keys inside a PKCS#11 token (SoftHSM2 in tests), generated non-extractable.

SoftHSM with python-pkcs11 crashes when separate sessions are used from parallel
threads (see shared/spec/PKCS11-NOTES.md), and a login is per process: so one
logged-in session per process, guarded by one lock, re-opened after a fork.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from mohpromt_ca.ca.keys.base import KeyBackend, KeyHandle, KeyRef, KeySpec, SignatureScheme
from mohpromt_ca.errors import AlreadyExists, KeyBackendError, NotFound

_LOCK = threading.RLock()
_SESSIONS: dict[tuple[str, str, int], Any] = {}
_CURVES = {KeySpec.EC_P256: "secp256r1", KeySpec.EC_P384: "secp384r1"}


def _session(module: str, token_label: str, pin: str | None) -> Any:
    """The process's one logged-in session to ``token_label``."""
    import pkcs11
    from pkcs11 import exceptions as p11e

    key = (module, token_label, os.getpid())
    with _LOCK:
        session = _SESSIONS.get(key)
        if session is not None:
            return session
        try:
            lib = pkcs11.lib(module)
            token = lib.get_token(token_label=token_label)
            session = token.open(rw=True, user_pin=pin)
        except p11e.NoSuchToken:
            raise KeyBackendError(f"no PKCS#11 token labelled {token_label!r}") from None
        except p11e.PinIncorrect:
            raise KeyBackendError(f"wrong PIN for PKCS#11 token {token_label!r}") from None
        except (OSError, RuntimeError) as exc:
            raise KeyBackendError(f"cannot load PKCS#11 module {module}: {exc}") from None
        except p11e.PKCS11Error as exc:
            raise KeyBackendError(f"PKCS#11 error opening {token_label!r}: {type(exc).__name__}") from None
        _SESSIONS[key] = session
        return session


def _key_id(label: str) -> bytes:
    return hashlib.sha256(label.encode()).digest()[:16]


class Pkcs11KeyHandle(KeyHandle):
    def __init__(self, ref: KeyRef, private: Any, public_key: PublicKeyTypes) -> None:
        self.ref = ref
        self._private = private
        self._public = public_key

    @property
    def public_key(self) -> PublicKeyTypes:
        return self._public

    @property
    def token_key_id(self) -> bytes:
        return _key_id(self.ref.ref)

    def attribute(self, name: str) -> Any:
        """Read a non-secret attribute (e.g. ``EXTRACTABLE``) from the token."""
        from pkcs11 import Attribute

        with _LOCK:
            return self._private[getattr(Attribute, name)]

    def sign(self, data: bytes, scheme: SignatureScheme | None = None) -> bytes:
        from pkcs11 import MGF, Mechanism
        from pkcs11 import exceptions as p11e

        scheme = scheme or SignatureScheme.default_for(self.spec)
        try:
            if self.spec.is_ec:
                if scheme not in (SignatureScheme.ECDSA_SHA256, SignatureScheme.ECDSA_SHA384):
                    raise KeyBackendError(f"an EC key cannot sign with {scheme.value}")
                digest = (hashlib.sha384 if scheme is SignatureScheme.ECDSA_SHA384 else hashlib.sha256)(data).digest()
                with _LOCK:
                    raw = self._private.sign(digest, mechanism=Mechanism.ECDSA)
                half = len(raw) // 2
                return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
            if scheme is SignatureScheme.RSA_PKCS1_SHA256:
                with _LOCK:
                    return bytes(self._private.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS))
            if scheme is SignatureScheme.RSA_PSS_SHA256:
                with _LOCK:
                    return bytes(
                        self._private.sign(
                            data,
                            mechanism=Mechanism.SHA256_RSA_PKCS_PSS,
                            mechanism_param=(Mechanism.SHA256, MGF.SHA256, 32),
                        )
                    )
            raise KeyBackendError(f"an RSA key cannot sign with {scheme.value}")
        except p11e.PKCS11Error as exc:
            raise KeyBackendError(f"the token refused to sign: {type(exc).__name__}") from None


class Pkcs11KeyBackend(KeyBackend):
    name = "pkcs11"

    def __init__(self, module: str, token_label: str, pin: str | None) -> None:
        self.module = module
        self.token_label = token_label
        self._pin = pin

    def _session(self) -> Any:
        return _session(self.module, self.token_label, self._pin)

    def _find_private(self, label: str) -> Any | None:
        from pkcs11 import Attribute, ObjectClass

        with _LOCK:
            found = list(
                self._session().get_objects(
                    {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: _key_id(label)}
                )
            )
        if len(found) > 1:
            raise KeyBackendError(f"more than one private key with id of {label!r} on the token")
        return found[0] if found else None

    def _public_of(self, label: str, spec: KeySpec) -> PublicKeyTypes:
        from pkcs11 import Attribute, ObjectClass
        from pkcs11.util.ec import encode_ec_public_key
        from pkcs11.util.rsa import encode_rsa_public_key

        with _LOCK:
            found = list(
                self._session().get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY, Attribute.ID: _key_id(label)})
            )
            if not found:
                raise NotFound(f"public key {label!r} is missing from the token")
            if spec.is_ec:
                return serialization.load_der_public_key(encode_ec_public_key(found[0]))
            return serialization.load_der_public_key(_spki_from_pkcs1(encode_rsa_public_key(found[0])))

    def exists(self, label: str) -> bool:
        return self._find_private(label) is not None

    def generate(self, label: str, spec: KeySpec) -> KeyHandle:
        from pkcs11 import Attribute, KeyType
        from pkcs11.util.ec import encode_named_curve_parameters

        if self.exists(label):
            raise AlreadyExists(f"key {label!r} already exists on token {self.token_label!r}")
        private_template = {
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
        }
        session = self._session()
        with _LOCK:
            if spec.is_ec:
                params = session.create_domain_parameters(
                    KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters(_CURVES[spec])}, local=True
                )
                _pub, private = params.generate_keypair(
                    store=True, label=label, id=_key_id(label), private_template=private_template
                )
            else:
                _pub, private = session.generate_keypair(
                    KeyType.RSA, 3072, store=True, label=label, id=_key_id(label), private_template=private_template
                )
        return Pkcs11KeyHandle(KeyRef(self.name, label, spec), private, self._public_of(label, spec))

    def load(self, ref: KeyRef) -> KeyHandle:
        private = self._find_private(ref.ref)
        if private is None:
            raise NotFound(f"key {ref.ref!r} is not on token {self.token_label!r}")
        public = self._public_of(ref.ref, ref.spec)
        if KeySpec.of_public_key(public) is not ref.spec:
            raise KeyBackendError(f"key {ref.ref!r} is not the {ref.spec.value} key the register expects")
        return Pkcs11KeyHandle(ref, private, public)


def _spki_from_pkcs1(pkcs1: bytes) -> bytes:
    from asn1crypto import keys

    spki: bytes = keys.PublicKeyInfo(
        {"algorithm": {"algorithm": "rsa"}, "public_key": keys.RSAPublicKey.load(pkcs1)}
    ).dump()
    return spki


