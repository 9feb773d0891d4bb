"""The trust-list signing key: one EC P-256 key, certified by the root, that signs every
list we publish (gateway entries' CMS, the national two-line lists, revocation lists, the
TS 119 612 trusted list). Receivers pin its certificate (``mohpromt-ca trust-list signer``).

``init`` makes it with the rest of the hierarchy; an authority initialised before it
existed gets it the first time it is needed (generated, certified and audited here).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..errors import AlreadyExists, NotFound, StateError
from ..storage.models import AuthorityKey
from . import audit
from .authority import Authority, IssuingKey
from .issuance import issue_certificate
from .keys import KeySpec
from .keys.base import SignatureScheme
from .names import ca_name
from .profiles import DAY, CertificateProfile
from .serials import serial_hex

TRUST_LIST_KEY = "trust-list"
EKU_TSL_SIGNING = "0.4.0.2231.3.0"  # ETSI TS 119 612 id-tsl-kp-tslSigning

TRUST_LIST_SIGNER = CertificateProfile(
    name="trust-list-signer",
    validity=5 * 365 * DAY,
    key_usage=frozenset({"digital_signature"}),
    key_specs=frozenset({KeySpec.EC_P256}),
    extended_key_usage=(EKU_TSL_SIGNING,),
    own_policy=True,
    aia=True,
    crl_distribution_point=True,
)


def _subject_parts(authority: Authority) -> tuple[str, str]:
    """Organisation and country as the root certificate names them."""
    from cryptography.x509.oid import NameOID

    subject = authority.certificate_of("root").subject
    org = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    country = subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return (str(org[0].value) if org else "Ministry of Public Health", str(country[0].value) if country else "TH")


def trust_list_key(authority: Authority) -> IssuingKey:
    """The trust-list key and certificate, made (and audited) on first use if missing."""
    try:
        return authority.issuing_key(TRUST_LIST_KEY)
    except NotFound:
        if not authority.is_initialised():
            raise
    organisation, country = _subject_parts(authority)
    backend_name = authority.settings.backend_for(TRUST_LIST_KEY)
    try:
        handle = authority.keys.generate(backend_name, TRUST_LIST_KEY, KeySpec.EC_P256)
    except AlreadyExists:
        try:  # another process made it a moment ago
            return authority.issuing_key(TRUST_LIST_KEY)
        except NotFound:
            raise StateError(f"key {TRUST_LIST_KEY!r} exists in the {backend_name} backend but not in the register; "
                             "an earlier creation was interrupted: move the key aside and retry") from None
    with authority.register.transaction() as session:
        audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{TRUST_LIST_KEY}",
                     details={"backend": backend_name, "spec": KeySpec.EC_P256.value, "lazily": True},
                     clock=authority.clock)
    certificate = issue_certificate(
        authority,
        issuer=authority.issuing_key("root"),
        profile=TRUST_LIST_SIGNER,
        subject=ca_name(f"{organisation} Trust List Signer", organisation, country),
        public_key=handle.public_key,
    )
    try:
        with authority.register.transaction() as session:
            session.add(AuthorityKey(name=TRUST_LIST_KEY, kind="service", key_backend=backend_name,
                                     key_ref=handle.ref.ref, key_spec=KeySpec.EC_P256.value,
                                     certificate_serial=serial_hex(certificate.serial_number),
                                     created_at=authority.clock.now()))
            audit.append(session, actor=authority.actor, action="authority.create", target=f"authority:{TRUST_LIST_KEY}",
                         details={"serial": serial_hex(certificate.serial_number), "kind": "service"},
                         clock=authority.clock)
    except IntegrityError:
        pass
    from .hierarchy import write_certificate_files

    write_certificate_files(authority)
    return authority.issuing_key(TRUST_LIST_KEY)


def list_signer(authority: Authority):  # type: ignore[no-untyped-def]
    """A ``trust_lists.signing.ListSigner`` on the trust-list key (ECDSA P-256, SHA-256, DER)."""
    from ..trust_lists.signing import ListSigner

    key = trust_list_key(authority)
    handle = key.handle

    def sign(data: bytes) -> bytes:
        return handle.sign(data, SignatureScheme.ECDSA_SHA256)

    return ListSigner(certificate=key.certificate, sign=sign)


def has_trust_list_key(authority: Authority) -> bool:
    with authority.register.reading() as session:
        return session.execute(select(AuthorityKey.id).where(AuthorityKey.name == TRUST_LIST_KEY)).first() is not None
