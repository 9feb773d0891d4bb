"""Service keys the root certifies on first use (the trust-list signer, the voucher signer).

``init`` makes the hierarchy; a key added to the product later is made the first time it
is needed by :func:`root_certified_key`: generated in the backend configured for its name,
certified by the root with its profile (pkilint-checked like every certificate), recorded as
a service key and audited, and its certificate written with the other public ones. Two
processes asking at once end with one key: the backend refuses a second key of that name
and the register a second row.
"""

from __future__ import annotations

from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.names import ca_name
from mohpromt_ca.ca.profiles import CertificateProfile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import AlreadyExists, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import authority_keys

__all__ = ["root_certified_key", "root_subject_parts"]


def root_subject_parts(authority: Authority) -> tuple[str, str]:
    """Organisation and country as the root certificate names them."""
    from cryptography.x509.oid import NameOID

    subject = authority.certificate_of("root").subject
    org = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    country = subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return (str(org[0].value) if org else "Ministry of Public Health", str(country[0].value) if country else "TH")


def root_certified_key(authority: Authority, name: str, profile: CertificateProfile, title: str) -> IssuingKey:
    """The service key ``name`` with its certificate (subject ``<organisation> <title>``), made
    on first use if the authority is initialised."""
    try:
        return authority.issuing_key(name)
    except NotFound:
        if not authority.is_initialised():
            raise
    organisation, country = root_subject_parts(authority)
    backend_name = authority.settings.backend_for(name)
    try:
        handle = authority.keys.generate(backend_name, name, KeySpec.EC_P256)
    except AlreadyExists:
        try:  # another process made it a moment ago
            return authority.issuing_key(name)
        except NotFound:
            raise StateError(f"key {name!r} exists in the {backend_name} backend but not in the register; "
                             "an earlier creation was interrupted: move the key aside and retry") from None
    with authority.register.transaction() as session:
        audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{name}",
                     details={"backend": backend_name, "spec": KeySpec.EC_P256.value, "lazily": True},
                     clock=authority.clock)
    certificate = issue_certificate(authority, issuer=authority.issuing_key("root"), profile=profile,
                                    subject=ca_name(f"{organisation} {title}", organisation, country),
                                    public_key=handle.public_key)
    try:
        with authority.register.transaction() as session:
            authority_keys.add(session, name=name, kind="service", key_backend=backend_name, key_ref=handle.ref.ref,
                               key_spec=KeySpec.EC_P256.value, certificate_serial=serial_hex(certificate.serial_number),
                               created_at=authority.clock.now())
            audit.append(session, actor=authority.actor, action="authority.create", target=f"authority:{name}",
                         details={"serial": serial_hex(certificate.serial_number), "kind": "service"},
                         clock=authority.clock)
    except AlreadyExists:
        pass  # another process recorded it first
    from mohpromt_ca.authority.certificate_files import write_certificate_files

    write_certificate_files(authority)
    return authority.issuing_key(name)
