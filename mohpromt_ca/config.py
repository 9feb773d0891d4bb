"""Settings, from the environment (prefix ``MOHPROMT_``) and command-line overrides."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

CA_NAMES = ("root", "document-signing", "dcc-csca")
KEY_BACKENDS = ("file", "pkcs11")


class Settings(BaseSettings):
    """Everything an operator can configure. Unknown ``MOHPROMT_*`` variables are ignored."""

    model_config = SettingsConfigDict(env_prefix="MOHPROMT_", extra="ignore")

    data_dir: Path = Field(default=Path("mohpromt-data"))
    database_url: str | None = None
    base_url: str = "http://127.0.0.1:8000"

    # Key backends: a default for every CA and service key, overridable per CA name
    # (JSON in MOHPROMT_CA_KEY_BACKENDS, e.g. '{"root": "pkcs11"}'), and one for signers.
    key_backend: str = "file"
    ca_key_backends: dict[str, str] = Field(default_factory=dict)
    signer_key_backend: str = "file"
    key_passphrase: SecretStr | None = None

    pkcs11_module: str = "/usr/lib/softhsm/libsofthsm2.so"
    pkcs11_token_label: str = "mohpromt-ca"
    pkcs11_pin: SecretStr | None = None

    actor: str | None = None

    crl_validity_hours: int = Field(default=24, ge=1, le=24 * 31)
    ocsp_validity_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    #: documents signed at once per service process; more requests wait their turn in order
    #: (signing is CPU work under one GIL: letting 32 requests interleave only stretches each)
    issue_concurrency: int = Field(default=2, ge=1, le=64)
    tsa_accuracy_ms: int = Field(default=1000, ge=1, le=60_000)
    tsa_policy_oid: str = "1.3.6.1.4.1.64812.1.3.1"
    certificate_policy_oid: str = "1.3.6.1.4.1.64812.1.2.1"

    # PAdES issuance (issuer/pdf): a remote RFC 3161 TSA instead of the in-process one, and
    # whether B-LT validation data is fetched over HTTP (AIA/CDP URLs) instead of in-process.
    tsa_url: str | None = None
    pades_fetch_revocation: bool = False
    pades_level: str = "B-LT"

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
