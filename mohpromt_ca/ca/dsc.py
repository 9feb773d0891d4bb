"""Document Signer Certificates for HCERT, issued by the DCC Country Signing CA.

kid = the first 8 bytes of SHA-256 over the DSC's DER. The key is made in the
configured backend and recorded as an authority key of kind "dsc".
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from ..errors import InputError
from ..storage.models import AuthorityKey
from . import audit
from .authority import Authority
from .issuance import issue_certificate
from .keys import KeySpec
from .names import ca_name
from .profiles import DCC_TYPE_EKUS, dsc_profile
from .serials import serial_hex

DSC_ALGORITHMS = {"ES256": KeySpec.EC_P256, "PS256": KeySpec.RSA_3072}


@dataclass(frozen=True)
class IssuedDsc:
    name: str
    kid: bytes
    certificate: x509.Certificate


def kid_of(certificate: x509.Certificate) -> bytes:
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).digest()[:8]


def issue_dsc(authority: Authority, *, restrict_to: str | None = None, algorithm: str = "ES256",
              organisation: str = "Ministry of Public Health", country: str = "TH") -> IssuedDsc:
    if restrict_to is not None and restrict_to not in DCC_TYPE_EKUS:
        raise InputError(f"unknown DCC type {restrict_to!r}; use one of {', '.join(DCC_TYPE_EKUS)}")
    if algorithm not in DSC_ALGORITHMS:
        raise InputError(f"unknown DSC algorithm {algorithm!r}; use ES256 or PS256")
    spec = DSC_ALGORITHMS[algorithm]
    name = f"dsc-{secrets.token_hex(4)}"
    backend_name = authority.settings.backend_for("dsc")
    handle = authority.keys.generate(backend_name, name, spec)
    with authority.register.transaction() as session:
        audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{name}",
                     details={"backend": backend_name, "spec": spec.value}, clock=authority.clock)
    certificate = issue_certificate(
        authority,
        issuer=authority.issuing_key("dcc-csca"),
        profile=dsc_profile(restrict_to),
        subject=ca_name(f"DSC {country} {name[4:]}", organisation, country),
        public_key=handle.public_key,
        audit_details={"dsc": name, "restricted_to": restrict_to},
    )
    with authority.register.transaction() as session:
        session.add(AuthorityKey(name=name, kind="dsc", key_backend=backend_name, key_ref=name, key_spec=spec.value,
                                 certificate_serial=serial_hex(certificate.serial_number),
                                 created_at=authority.clock.now()))
    return IssuedDsc(name, kid_of(certificate), certificate)
