"""The authority's working context: settings, register, key store, clock and actor.

It only opens things and loads CA material; issuing, registration and revocation
live in their own modules and take an ``Authority``.
"""

from __future__ import annotations

import getpass
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography import x509

from mohpromt_ca.ca.certificate_builder import IssuerInfo, PublicUrls
from mohpromt_ca.ca.crl import LintedEntries
from mohpromt_ca.ca.keys import KeyRef, KeySpec, KeyStore
from mohpromt_ca.ca.keys.base import KeyHandle
from mohpromt_ca.clock import SYSTEM_CLOCK, Clock
from mohpromt_ca.config import Settings
from mohpromt_ca.errors import NotFound
from mohpromt_ca.storage.database import Register
from mohpromt_ca.storage.private_files import check_data_dir
from mohpromt_ca.storage.repositories import authority_keys

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class IssuingKey:
    """A key the CA operates and its current certificate."""

    name: str
    kind: str
    certificate: x509.Certificate
    handle: KeyHandle

    def issuer_info(self) -> IssuerInfo:
        return IssuerInfo(
            ca_name=self.name,
            subject=self.certificate.subject,
            public_key=self.certificate.public_key(),
            not_after=self.certificate.not_valid_after_utc,
        )


@dataclass
class Authority:
    settings: Settings
    register: Register
    keys: KeyStore
    clock: Clock = SYSTEM_CLOCK
    actor: str = field(default_factory=lambda: _default_actor())
    _loaded: dict[str, IssuingKey] = field(default_factory=dict, repr=False)
    #: CRL entries pkilint passed in this process: a rebuild lints only the envelope and new entries
    crl_lint_memory: LintedEntries = field(default_factory=LintedEntries, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, clock: Clock = SYSTEM_CLOCK, actor: str | None = None) -> Authority:
        # refuse a data directory or key files others may write (or read, for keys) before using them
        check_data_dir(settings.data_dir, settings.keys_dir)
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        register = Register.open(settings.resolved_database_url)
        return cls(
            settings=settings,
            register=register,
            keys=KeyStore(settings),
            clock=clock,
            actor=actor or settings.actor or _default_actor(),
        )

    @property
    def urls(self) -> PublicUrls:
        return PublicUrls(self.settings.base_url)

    def is_initialised(self) -> bool:
        with self.register.reading() as session:
            return self.is_initialised_in(session)

    def issuing_key(self, name: str) -> IssuingKey:
        """The named CA or service key with its certificate, loaded once per process."""
        with self._lock:
            if name in self._loaded:
                return self._loaded[name]
        with self.register.reading() as session:
            found = authority_keys.with_certificate(session, name)
            if found is None:
                if not self.is_initialised_in(session):
                    raise NotFound("the authority is not initialised here: run `mohpromt-ca init` first")
                raise NotFound(f"no CA or service key named {name!r}")
            row, der = found
            ref = KeyRef(row.key_backend, row.key_ref, KeySpec(row.key_spec))
            kind = row.kind
        loaded = IssuingKey(name, kind, x509.load_der_x509_certificate(der), self.keys.load(ref))
        with self._lock:
            self._loaded[name] = loaded
        return loaded

    @staticmethod
    def is_initialised_in(session: Session) -> bool:
        return authority_keys.is_initialised(session)

    def certificate_of(self, name: str) -> x509.Certificate:
        return self.issuing_key(name).certificate

    def forget_loaded(self) -> None:
        """Drop the loaded keys and certificates (after a rollover changed which one is current)."""
        with self._lock:
            self._loaded.clear()

    def close(self) -> None:
        self.register.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
