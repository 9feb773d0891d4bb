"""Settings, from the environment (prefix ``MOHPROMT_``) and command-line overrides.

A ``MOHPROMT_*`` variable that is neither a setting nor one of the few variables read
outside :class:`Settings` (:data:`OTHER_VARIABLES`) is refused with a
:class:`~mohpromt_ca.errors.ConfigError` naming the nearest known one: a mistyped passphrase
variable must not leave the operator wondering why the key stays locked.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mohpromt_ca.errors import ConfigError

CA_NAMES = ("root", "document-signing", "dcc-csca")
KEY_BACKENDS = ("file", "pkcs11")
ENV_PREFIX = "MOHPROMT_"

#: ``MOHPROMT_*`` variables that are not settings, and who reads them. A new one must be
#: added here, or every command that opens the settings refuses to start while it is set
#: (tests/test_settings_env.py fails until it is).
OTHER_VARIABLES: Mapping[str, str] = {
    "MOHPROMT_DEBUG": "cli.context and mohpromt_verifier.cli: show tracebacks of internal errors",
    "MOHPROMT_NEW_PASSWORD": "cli.service_commands (`user add`): the new account's password",
    "MOHPROMT_ADMIN_USERNAME": "cli.service_commands (first start, `pki init`): the RA officer's username",
    "MOHPROMT_ADMIN_PASSWORD": "cli.service_commands (first start, `pki init`): the RA officer's password",
    "MOHPROMT_BENCH_POSTGRES_URL": "bench.service_http, bench.scale: benchmark against PostgreSQL",
    "MOHPROMT_TEST_POSTGRES_URL": "tests/conftest.py: the PostgreSQL server the tests use",
    "MOHPROMT_TEST_PKCS11_MODULE": "tests/conftest.py: the SoftHSM2 module the tests use",
    "MOHPROMT_TEST_SCALE_RECORDS": "tests/test_scale_out.py: DCC records in the two-node, two-worker test",
    "MOHPROMT_TEST_CHROMIUM": "tests/verifier/test_verifier_app.py: the browser for the offline page",
    "MOHPROMT_TEST_ARTEFACTS": "tests/verifier/test_verifier_app.py: where screenshots go",
    "MOHPROMT_E2E_ARTIFACTS": "tests/e2e/test_web_flow.py: where page captures go",
}


def known_variables() -> list[str]:
    """Every ``MOHPROMT_*`` name this project reads: the settings' and :data:`OTHER_VARIABLES`."""
    return sorted({ENV_PREFIX + name.upper() for name in Settings.model_fields} | set(OTHER_VARIABLES))


def check_environment(environ: Mapping[str, str] | None = None) -> None:
    """Refuse a ``MOHPROMT_*`` variable nobody reads (a typo), naming the nearest known one."""
    environ = os.environ if environ is None else environ
    known = known_variables()
    # pydantic-settings reads names case-insensitively: so does this check
    unknown = sorted(name for name in environ if name.upper().startswith(ENV_PREFIX) and name.upper() not in known)
    if not unknown:
        return
    hints = {name: _nearest(name.upper(), known) for name in unknown}
    if len(unknown) == 1:
        name = unknown[0]
        raise ConfigError(f"unknown setting {name}; {hints[name]}", code="unknown-setting")
    listed = ", ".join(f"{name} ({hints[name]})" for name in unknown)
    raise ConfigError(f"unknown settings {listed}", code="unknown-setting")


def _nearest(name: str, known: list[str]) -> str:
    # compared without the shared prefix, which would make every name look alike
    suffixes = {k[len(ENV_PREFIX):]: k for k in known}
    near = difflib.get_close_matches(name[len(ENV_PREFIX):], list(suffixes), n=1, cutoff=0.6)
    if near:
        return f"did you mean {suffixes[near[0]]}?"
    return f"known settings: {', '.join(_settings_names())}"


def _settings_names() -> list[str]:
    return sorted(ENV_PREFIX + name.upper() for name in Settings.model_fields)


class Settings(BaseSettings):
    """Everything an operator can configure. An unknown ``MOHPROMT_*`` variable is refused
    (:func:`check_environment`): :class:`~mohpromt_ca.errors.ConfigError` on construction."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    def __init__(self, **values: Any) -> None:
        check_environment()
        super().__init__(**values)

    data_dir: Path = Field(default=Path("mohpromt-data"))
    database_url: str | None = None
    base_url: str = "http://127.0.0.1:8000"

    # Key backends: a default for every CA and service key, overridable per CA name
    # (JSON in MOHPROMT_CA_KEY_BACKENDS, e.g. '{"root": "pkcs11"}'), and one for signers.
    key_backend: str = "file"
    ca_key_backends: dict[str, str] = Field(default_factory=dict)
    signer_key_backend: str = "file"
    key_passphrase: SecretStr | None = None
    #: the passphrase that encrypts `mohpromt-ca backup` archives (scrypt + AES-256-GCM); without
    #: it, backup and restore prompt. Keep it apart from the backups (and from the key passphrase).
    backup_passphrase: SecretStr | None = None

    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"
    pkcs11_token_label: str = "mohpromt-ca"
    pkcs11_pin: SecretStr | None = None

    actor: str | None = None

    crl_validity_hours: int = Field(default=24, ge=1, le=24 * 31)
    ocsp_validity_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    #: documents signed at once per service process; more requests wait their turn in order
    #: (signing is CPU work under one GIL: letting 32 requests interleave only stretches each)
    issue_concurrency: int = Field(default=2, ge=1, le=64)
    #: records per bulk chunk task (a task is what one worker takes at a time; smaller spreads a job wider)
    bulk_chunk_records: int = Field(default=500, ge=1, le=500)
    tsa_accuracy_ms: int = Field(default=1000, ge=1, le=60_000)
    tsa_policy_oid: str = "1.3.6.1.4.1.64812.1.3.1"
    certificate_policy_oid: str = "1.3.6.1.4.1.64812.1.2.1"

    # PAdES issuance (issuer/pdf): a remote RFC 3161 TSA instead of the in-process one, and
    # whether B-LT validation data is fetched over HTTP (AIA/CDP URLs) instead of in-process.
    tsa_url: str | None = None
    pades_fetch_revocation: bool = False
    pades_level: str = "B-LT"

    # The ETSI TS 119 612 trusted list (`trust-list export --format tsl`): the scheme operator's
    # names and postal address in English and Thai, a contact URI (mailto: or https:; default the
    # service's /trust-lists/ page) and how long an issue is valid (its NextUpdate).
    tsl_operator_name_en: str = "Ministry of Public Health"
    tsl_operator_name_th: str = "กระทรวงสาธารณสุข"
    tsl_street_en: str = "88/22 Tiwanon Road, Talat Khwan, Mueang Nonthaburi"
    tsl_street_th: str = "88/22 ถนนติวานนท์ ตำบลตลาดขวัญ อำเภอเมืองนนทบุรี"
    tsl_locality_en: str = "Nonthaburi"
    tsl_locality_th: str = "นนทบุรี"
    tsl_postal_code: str = "11000"
    tsl_contact_uri: str | None = None
    tsl_validity_days: int = Field(default=30, ge=1, le=366)
    # The did:web our GDHCN DID trust list is published under (`--format gdhcn-did`); default
    # did:web:<host of base_url>:trustlist. The list's own DID adds :DCC:THA:DSC.
    gdhcn_did: str | None = None
    #: proxies whose X-Forwarded-For is believed (comma-separated addresses or networks, e.g.
    #: "10.0.0.5,192.168.10.0/24"); default none: the TCP peer is the client for throttles and logs
    trusted_proxies: str = ""

    #: token-bucket rate limits on the API, per API key and per facility (all its keys together):
    #: calls per minute and the burst allowed at once (default: the per-minute figure); unset: none.
    #: Kept in the register's database, so every node behind it applies the same limit.
    rate_limit_api_key_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)
    rate_limit_api_key_burst: int | None = Field(default=None, ge=1, le=1_000_000)
    rate_limit_facility_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)
    rate_limit_facility_burst: int | None = Field(default=None, ge=1, le=1_000_000)

    @field_validator("key_backend", "signer_key_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value not in KEY_BACKENDS:
            raise ValueError(f"unknown key backend {value!r}; choose one of {', '.join(KEY_BACKENDS)}")
        return value

    @field_validator("ca_key_backends")
    @classmethod
    def _known_ca_backends(cls, value: dict[str, str]) -> dict[str, str]:
        for name, backend in value.items():
            if backend not in KEY_BACKENDS:
                raise ValueError(f"unknown key backend {backend!r} for {name!r}")
        return value

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        for entry in (e.strip() for e in value.split(",")):
            if entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError:
                    raise ValueError(f"{entry!r} is not an IP address or network") from None
        return value

    @property
    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(e.strip(), strict=False) for e in self.trusted_proxies.split(",") if e.strip()]

    def backend_for(self, key_name: str) -> str:
        return self.ca_key_backends.get(key_name, self.key_backend)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'register.sqlite3').resolve()}"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"
