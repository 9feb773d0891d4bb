"""PDF trust anchors: the roots and intermediates a PAdES validator may chain to, as PEM."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_verifier.trust_lists.dsc_lists import country_of
from mohpromt_verifier.trust_lists.model import iso
from mohpromt_verifier.trust_lists.signing import der_of, load_pem_certificates


def anchor_entry(certificate: x509.Certificate, *, source: str, **extra: Any) -> dict[str, Any]:
    der = der_of(certificate)
    entry = {
        "subject": certificate.subject.rfc4514_string(),
        "country": country_of(certificate),
        "thumbprint": hashlib.sha256(der).hexdigest(),
        "notBefore": iso(certificate.not_valid_before_utc),
        "notAfter": iso(certificate.not_valid_after_utc),
        "source": source,
        "rawData": base64.b64encode(der).decode(),
    }
    entry.update({k: v for k, v in extra.items() if v is not None})
    return entry


def pem_bundle(certificates: Iterable[x509.Certificate]) -> bytes:
    out = []
    for certificate in certificates:
        out.append(f"# {certificate.subject.rfc4514_string()}\n".encode())
        out.append(certificate.public_bytes(Encoding.PEM))
    return b"".join(out)


def read_pem_bundle(data: bytes) -> list[x509.Certificate]:
    return load_pem_certificates(data)


def certificate_of(entry: dict[str, Any]) -> x509.Certificate:
    return x509.load_der_x509_certificate(base64.b64decode(entry["rawData"]))


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except (x509.ExtensionNotFound, ValueError):
        return False


