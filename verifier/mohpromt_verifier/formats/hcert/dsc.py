"""What a Document Signer Certificate may sign: the HCERT extended-key-usage rule.

OIDs ``1.3.6.1.4.1.1847.2021.1.{1,2,3}`` restrict a DSC to test / vaccination /
recovery certificates; the older form ``1.3.6.1.4.1.0.1847.2021.1.x`` (most real DSCs)
counts the same. A DSC without an extendedKeyUsage extension, with an empty one, or whose
EKU names anyExtendedKeyUsage (2.5.29.37.0) and no DCC OID, may sign every type (HCERT spec
A.4: "in absence of any key usage extension ... any type of HCERT"). An EKU that names only
other purposes (e.g. ICAO document signing, TLS) restricts the key to those purposes
(RFC 5280 4.2.1.12): such a DSC signs no DCC. Some real DSCs carry extensions that recent ``cryptography``
refuses to parse (explicit cA=FALSE, an empty EKU sequence): we then read the EKU with
asn1crypto, which is lenient.
"""

from __future__ import annotations

from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

__all__ = ["ANY_EXTENDED_KEY_USAGE", "DCC_TYPE_OIDS", "DccType", "allowed_types", "type_allowed"]

DccType = Literal["t", "v", "r"]

ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0"

DCC_TYPE_OIDS: dict[str, DccType] = {
    "1.3.6.1.4.1.1847.2021.1.1": "t",
    "1.3.6.1.4.1.1847.2021.1.2": "v",
    "1.3.6.1.4.1.1847.2021.1.3": "r",
    "1.3.6.1.4.1.0.1847.2021.1.1": "t",
    "1.3.6.1.4.1.0.1847.2021.1.2": "v",
    "1.3.6.1.4.1.0.1847.2021.1.3": "r",
}


def _eku_oids(certificate: x509.Certificate) -> list[str] | None:
    """The EKU OIDs as dotted strings; None when the certificate has no EKU extension."""
    try:
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        return [oid.dotted_string for oid in eku]
    except x509.ExtensionNotFound:
        return None
    except ValueError:
        pass
    from asn1crypto import x509 as asn1_x509  # lenient fallback, imported only when needed

    parsed = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    for ext in parsed["tbs_certificate"]["extensions"] or []:
        if ext["extn_id"].dotted == "2.5.29.37":
            try:
                return [purpose.dotted for purpose in ext["extn_value"].parsed]
            except ValueError:
                return []
    return None


def allowed_types(certificate: x509.Certificate) -> frozenset[DccType] | None:
    """The DCC types this DSC may sign, None when it is unrestricted, an empty set when its
    extended key usage allows other purposes only."""
    oids = _eku_oids(certificate)
    if not oids:
        return None
    types = frozenset(DCC_TYPE_OIDS[o] for o in oids if o in DCC_TYPE_OIDS)
    if types:
        return types
    return None if ANY_EXTENDED_KEY_USAGE in oids else frozenset()


def type_allowed(certificate: x509.Certificate, dcc_type: DccType) -> bool:
    types = allowed_types(certificate)
    return types is None or dcc_type in types
