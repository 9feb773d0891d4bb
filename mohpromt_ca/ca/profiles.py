"""Certificate profiles as frozen data, one per kind (RFC 5280; ETSI EN 319 412-2 for signers).

A profile says what a certificate of its kind carries; ``issuing`` turns a profile,
a subject and a public key into a to-be-signed certificate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mohpromt_ca.ca.keys.base import KeySpec

# Extended key usages (dotted strings, so profiles stay plain data).
EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9"
EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8"
EKU_DCC_TEST = "1.3.6.1.4.1.1847.2021.1.1"
EKU_DCC_VACCINATION = "1.3.6.1.4.1.1847.2021.1.2"
EKU_DCC_RECOVERY = "1.3.6.1.4.1.1847.2021.1.3"
DCC_TYPE_EKUS = {"test": EKU_DCC_TEST, "vaccination": EKU_DCC_VACCINATION, "recovery": EKU_DCC_RECOVERY}

# ETSI EN 319 411-1 normalized certificate policy for natural persons (NCP).
POLICY_ETSI_NCP = "0.4.0.2042.1.1"

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class CertificateProfile:
    name: str
    validity: dt.timedelta
    key_usage: frozenset[str]  # names of cryptography KeyUsage fields set to True
    key_specs: frozenset[KeySpec]
    is_ca: bool = False
    path_length: int | None = None
    extended_key_usage: tuple[str, ...] = ()
    eku_critical: bool = False
    policies: tuple[str, ...] = ()  # fixed OIDs; the configured CA policy OID is added where ``own_policy``
    own_policy: bool = False
    aia: bool = False  # OCSP + caIssuers URLs of the issuer
    crl_distribution_point: bool = False
    ocsp_nocheck: bool = False
    lint: str = "pkix"  # which pkilint validator set: "pkix" or "etsi-natural-person"


ROOT = CertificateProfile(
    name="root",
    validity=20 * 365 * DAY + 5 * DAY,
    key_usage=frozenset({"key_cert_sign", "crl_sign"}),
    key_specs=frozenset({KeySpec.EC_P384}),
    is_ca=True,
)

INTERMEDIATE = CertificateProfile(
    name="intermediate",
    validity=10 * 365 * DAY + 3 * DAY,
    key_usage=frozenset({"key_cert_sign", "crl_sign"}),
    key_specs=frozenset({KeySpec.EC_P384, KeySpec.EC_P256, KeySpec.RSA_3072}),
    is_ca=True,
    path_length=0,
    aia=True,
    crl_distribution_point=True,
    own_policy=True,
)

SIGNER = CertificateProfile(
    name="signer",
    validity=2 * 365 * DAY,
    key_usage=frozenset({"digital_signature", "content_commitment"}),
    key_specs=frozenset({KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.RSA_3072}),
    policies=(POLICY_ETSI_NCP,),
    own_policy=True,
    aia=True,
    crl_distribution_point=True,
    lint="etsi-natural-person",
)


def _dsc(name: str, ekus: tuple[str, ...]) -> CertificateProfile:
    return CertificateProfile(
        name=name,
        validity=2 * 365 * DAY,
        key_usage=frozenset({"digital_signature"}),
        key_specs=frozenset({KeySpec.EC_P256, KeySpec.RSA_3072}),
        extended_key_usage=ekus,
        own_policy=True,
        aia=True,
        crl_distribution_point=True,
    )


DSC = _dsc("dsc", ())
DSC_TEST = _dsc("dsc-test", (EKU_DCC_TEST,))
DSC_VACCINATION = _dsc("dsc-vaccination", (EKU_DCC_VACCINATION,))
DSC_RECOVERY = _dsc("dsc-recovery", (EKU_DCC_RECOVERY,))

OCSP_RESPONDER = CertificateProfile(
    name="ocsp",
    validity=365 * DAY,
    key_usage=frozenset({"digital_signature"}),
    key_specs=frozenset({KeySpec.EC_P256, KeySpec.EC_P384}),
    extended_key_usage=(EKU_OCSP_SIGNING,),
    ocsp_nocheck=True,
    aia=False,
)

TSA = CertificateProfile(
    name="tsa",
    validity=5 * 365 * DAY,
    key_usage=frozenset({"digital_signature"}),
    key_specs=frozenset({KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.RSA_3072}),
    extended_key_usage=(EKU_TIME_STAMPING,),
    eku_critical=True,
    own_policy=True,
    aia=True,
    crl_distribution_point=True,
)

PROFILES: dict[str, CertificateProfile] = {
    p.name: p for p in (ROOT, INTERMEDIATE, SIGNER, DSC, DSC_TEST, DSC_VACCINATION, DSC_RECOVERY, OCSP_RESPONDER, TSA)
}


def dsc_profile(restrict_to: str | None) -> CertificateProfile:
    """The DSC profile for a DCC type (``test``/``vaccination``/``recovery``), or unrestricted."""
    if restrict_to is None:
        return DSC
    return PROFILES[f"dsc-{restrict_to}"]
