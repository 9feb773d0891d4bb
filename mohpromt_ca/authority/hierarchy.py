"""`mohpromt-ca init`: create the root, the two issuing CAs and the service keys."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509

from mohpromt_ca.authority.certificate_files import write_certificate_files
from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.authority.trust_list_signer import TRUST_LIST_KEY, TRUST_LIST_SIGNER
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.names import ca_name
from mohpromt_ca.ca.profiles import INTERMEDIATE, OCSP_RESPONDER, ROOT, TSA, CertificateProfile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import AlreadyExists
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import authority_keys


@dataclass(frozen=True)
class KeyPlan:
    name: str
    kind: str  # "ca" or "service"
    issuer: str | None
    profile: CertificateProfile
    spec: KeySpec
    common_name: str


def plan(organisation: str) -> tuple[KeyPlan, ...]:
    return (
        KeyPlan("root", "ca", None, ROOT, KeySpec.EC_P384, f"{organisation} Root CA"),
        KeyPlan("document-signing", "ca", "root", INTERMEDIATE, KeySpec.EC_P384, f"{organisation} Document Signing CA"),
        KeyPlan("dcc-csca", "ca", "root", INTERMEDIATE, KeySpec.EC_P384, f"{organisation} DCC Country Signing CA"),
        KeyPlan("ocsp-root", "service", "root", OCSP_RESPONDER, KeySpec.EC_P256,
                f"{organisation} OCSP Responder (Root CA)"),
        KeyPlan("ocsp-document-signing", "service", "document-signing", OCSP_RESPONDER, KeySpec.EC_P256,
                f"{organisation} OCSP Responder (Document Signing CA)"),
        KeyPlan("ocsp-dcc-csca", "service", "dcc-csca", OCSP_RESPONDER, KeySpec.EC_P256,
                f"{organisation} OCSP Responder (DCC CSCA)"),
        KeyPlan("tsa", "service", "document-signing", TSA, KeySpec.EC_P256, f"{organisation} Time-Stamping Authority"),
        KeyPlan(TRUST_LIST_KEY, "service", "root", TRUST_LIST_SIGNER, KeySpec.EC_P256,
                f"{organisation} Trust List Signer"),
    )


def _existing(authority: Authority, names: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    with authority.register.transaction() as session:
        if authority.is_initialised_in(session):
            found.append(f"the register at {authority.settings.resolved_database_url.split('://')[0]}")
    for name in names:
        backend = authority.keys.backend(authority.settings.backend_for(name))
        if backend.exists(name):
            found.append(f"key {name!r} in the {backend.name} backend")
    return found


def initialise(authority: Authority, *, organisation: str, country: str) -> dict[str, x509.Certificate]:
    """Create every key and certificate of the hierarchy. Refuses if any already exists."""
    steps = plan(organisation)
    existing = _existing(authority, tuple(step.name for step in steps))
    if existing:
        raise AlreadyExists(
            f"the authority already exists in {authority.settings.data_dir} ({'; '.join(existing)}); "
            "nothing was changed"
        )
    made: dict[str, IssuingKey] = {}
    for step in steps:
        backend_name = authority.settings.backend_for(step.name)
        handle = authority.keys.generate(backend_name, step.name, step.spec)
        with authority.register.transaction() as session:
            audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{step.name}",
                         details={"backend": backend_name, "spec": step.spec.value}, clock=authority.clock)
        certificate = issue_certificate(
            authority,
            issuer=made[step.issuer] if step.issuer else None,
            profile=step.profile,
            subject=ca_name(step.common_name, organisation, country),
            public_key=handle.public_key,
            self_signing_handle=handle if step.issuer is None else None,
        )
        with authority.register.transaction() as session:
            authority_keys.add(
                session,
                name=step.name,
                kind=step.kind,
                key_backend=backend_name,
                key_ref=handle.ref.ref,
                key_spec=step.spec.value,
                certificate_serial=serial_hex(certificate.serial_number),
                created_at=authority.clock.now(),
            )
            audit.append(session, actor=authority.actor, action="authority.create", target=f"authority:{step.name}",
                         details={"serial": serial_hex(certificate.serial_number), "kind": step.kind},
                         clock=authority.clock)
        made[step.name] = IssuingKey(step.name, step.kind, certificate, handle)
    write_certificate_files(authority)
    return {name: key.certificate for name, key in made.items()}
