"""Turn a profile, a subject and a public key into a to-be-signed certificate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.x509.oid import AuthorityInformationAccessOID, ObjectIdentifier

from mohpromt_ca.ca.profiles import CertificateProfile

_KEY_USAGE_FIELDS = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


@dataclass(frozen=True)
class IssuerInfo:
    """What a certificate needs to know of its issuer."""

    ca_name: str  # "root", "document-signing", "dcc-csca": used in the AIA/CDP URLs
    subject: x509.Name
    public_key: PublicKeyTypes
    not_after: dt.datetime


@dataclass(frozen=True)
class PublicUrls:
    base_url: str

    @property
    def ocsp(self) -> str:
        return f"{self.base_url}/pki/ocsp"

    def ca_certificate(self, ca_name: str) -> str:
        return f"{self.base_url}/pki/certs/{ca_name}.crt"

    def crl(self, ca_name: str) -> str:
        return f"{self.base_url}/pki/crl/{ca_name}.crl"


def key_usage(names: frozenset[str]) -> x509.KeyUsage:
    unknown = names - set(_KEY_USAGE_FIELDS)
    if unknown:
        raise ValueError(f"unknown key usage {sorted(unknown)}")
    return x509.KeyUsage(**{field: field in names for field in _KEY_USAGE_FIELDS})


def build_certificate(
    profile: CertificateProfile,
    *,
    subject: x509.Name,
    public_key: PublicKeyTypes,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    issuer: IssuerInfo | None,
    urls: PublicUrls,
    policy_oid: str,
) -> x509.CertificateBuilder:
    """``issuer=None`` makes a self-signed certificate (the root)."""
    issuer_name = subject if issuer is None else issuer.subject
    issuer_key = public_key if issuer is None else issuer.public_key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)  # type: ignore[arg-type]
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.BasicConstraints(ca=profile.is_ca, path_length=profile.path_length if profile.is_ca else None),
            critical=True,
        )
        .add_extension(key_usage(profile.key_usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)  # type: ignore[arg-type]
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key),  # type: ignore[arg-type]
            critical=False,
        )
    if profile.extended_key_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ObjectIdentifier(oid) for oid in profile.extended_key_usage]),
            critical=profile.eku_critical,
        )
    policies = list(profile.policies) + ([policy_oid] if profile.own_policy else [])
    if policies:
        builder = builder.add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(ObjectIdentifier(oid), None) for oid in policies]),
            critical=False,
        )
    if issuer is not None and profile.aia:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                           x509.UniformResourceIdentifier(urls.ocsp)),
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier(urls.ca_certificate(issuer.ca_name)),
                    ),
                ]
            ),
            critical=False,
        )
    if issuer is not None and profile.crl_distribution_point:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(urls.crl(issuer.ca_name))], None, None, None)]
            ),
            critical=False,
        )
    if profile.ocsp_nocheck:
        builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
    return builder
