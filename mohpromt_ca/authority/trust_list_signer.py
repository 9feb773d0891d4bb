"""The trust-list signing key: one EC P-256 key, certified by the root, that signs every
list we publish (gateway entries' CMS, the national two-line lists, revocation lists, the
TS 119 612 trusted list). Receivers pin its certificate (``mohpromt-ca trust-list signer``).

``init`` makes it with the rest of the hierarchy; an authority initialised before it
existed gets it the first time it is needed (generated, certified and audited here).
"""

from __future__ import annotations

from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.service_keys import root_certified_key
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.ca.profiles import DAY, CertificateProfile
from mohpromt_ca.storage.repositories import authority_keys

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


def trust_list_key(authority: Authority) -> IssuingKey:
    """The trust-list key and certificate, made (and audited) on first use if missing."""
    return root_certified_key(authority, TRUST_LIST_KEY, TRUST_LIST_SIGNER, "Trust List Signer")


def list_signer(authority: Authority):
    """A ``trust_lists.signing.ListSigner`` on the trust-list key (ECDSA P-256, SHA-256, DER)."""
    from mohpromt_verifier.trust_lists.signing import ListSigner

    key = trust_list_key(authority)
    handle = key.handle

    def sign(data: bytes) -> bytes:
        return handle.sign(data, SignatureScheme.ECDSA_SHA256)

    return ListSigner(certificate=key.certificate, sign=sign)


def has_trust_list_key(authority: Authority) -> bool:
    with authority.register.reading() as session:
        return authority_keys.exists(session, TRUST_LIST_KEY)
