"""Document Signer Certificates for HCERT, issued by the DCC Country Signing CA.

kid = the first 8 bytes of SHA-256 over the DSC's DER. The key is made in the
configured backend and recorded as an authority key of kind "dsc".

Lifecycle: several DSCs may be active at once (one per type, or a new one rolled in
before the old one expires). ``retire_dsc`` takes one out of use: it signs nothing new,
and what it signed still verifies. ``choose_dsc`` picks the signer for a DCC: the newest
active DSC allowed for the type whose notAfter covers the requested expiry; when none
covers it, the active one that lasts longest, with the expiry capped at its notAfter
(an HCERT's exp never exceeds its DSC's notAfter).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.names import ca_name
from mohpromt_ca.ca.profiles import DCC_TYPE_EKUS, dsc_profile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import InputError, NotFound, PolicyError, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import authority_keys, dscs

DSC_ALGORITHMS = {"ES256": KeySpec.EC_P256, "PS256": KeySpec.RSA_3072}
ALGORITHM_OF_SPEC = {spec.value: alg for alg, spec in DSC_ALGORITHMS.items()}
DCC_TYPES = tuple(DCC_TYPE_EKUS)  # "test", "vaccination", "recovery"
_EKU_TYPE = {oid: name for name, oid in DCC_TYPE_EKUS.items()}
_LEGACY_PREFIX = "1.3.6.1.4.1.0.1847.2021.1."


@dataclass(frozen=True)
class IssuedDsc:
    name: str
    kid: bytes
    certificate: x509.Certificate


@dataclass(frozen=True)
class DscInfo:
    """One DSC as the register knows it (no key material)."""

    name: str
    kid: bytes
    serial: str
    algorithm: str
    restricted_to: tuple[str, ...] | None
    """DCC types it may sign; None = every type."""
    not_before: dt.datetime
    not_after: dt.datetime
    created_at: dt.datetime
    retired_at: dt.datetime | None
    certificate_status: str
    certificate: x509.Certificate

    @property
    def kid_b64(self) -> str:
        return base64.b64encode(self.kid).decode()

    def status(self, now: dt.datetime) -> str:
        if self.certificate_status == "revoked":
            return "revoked"
        if self.retired_at is not None:
            return "retired"
        if now > self.not_after:
            return "expired"
        if now < self.not_before:
            return "not-yet-valid"
        return "active"

    def allows(self, dcc_type: str) -> bool:
        return self.restricted_to is None or dcc_type in self.restricted_to

    def as_dict(self, now: dt.datetime) -> dict[str, object]:
        return {
            "name": self.name,
            "kid": self.kid_b64,
            "serial": self.serial,
            "algorithm": self.algorithm,
            "types": list(self.restricted_to) if self.restricted_to else ["test", "vaccination", "recovery"],
            "restricted": self.restricted_to is not None,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "created_at": self.created_at.isoformat(),
            "retired_at": self.retired_at.isoformat() if self.retired_at else None,
            "status": self.status(now),
        }


def kid_of(certificate: x509.Certificate) -> bytes:
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).digest()[:8]


def restricted_types(certificate: x509.Certificate) -> tuple[str, ...] | None:
    """The DCC types named by the DSC's extended key usages, or None (unrestricted)."""
    try:
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return None
    names = []
    for oid in eku:
        dotted = oid.dotted_string
        if dotted.startswith(_LEGACY_PREFIX):
            dotted = "1.3.6.1.4.1.1847.2021.1." + dotted[len(_LEGACY_PREFIX):]
        if dotted in _EKU_TYPE:
            names.append(_EKU_TYPE[dotted])
    return tuple(t for t in DCC_TYPES if t in names) or None


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
        authority_keys.add(session, name=name, kind="dsc", key_backend=backend_name, key_ref=name, key_spec=spec.value,
                           certificate_serial=serial_hex(certificate.serial_number), created_at=authority.clock.now())
        audit.append(session, actor=authority.actor, action="dsc.issue", target=f"dsc:{name}",
                     details={"kid": base64.b64encode(kid_of(certificate)).decode(),
                              "serial": serial_hex(certificate.serial_number), "algorithm": algorithm,
                              "restricted_to": restrict_to}, clock=authority.clock)
    return IssuedDsc(name, kid_of(certificate), certificate)


def list_dscs(authority: Authority) -> list[DscInfo]:
    """Every DSC the register holds, newest first."""
    with authority.register.transaction() as session:
        rows = dscs.with_certificates(session)
        out = []
        for key, der, status in rows:
            certificate = x509.load_der_x509_certificate(der)
            out.append(DscInfo(
                name=key.name,
                kid=kid_of(certificate),
                serial=key.certificate_serial,
                algorithm=ALGORITHM_OF_SPEC.get(key.key_spec, key.key_spec),
                restricted_to=restricted_types(certificate),
                not_before=certificate.not_valid_before_utc,
                not_after=certificate.not_valid_after_utc,
                created_at=key.created_at,
                retired_at=key.retired_at,
                certificate_status=status,
                certificate=certificate,
            ))
    return out


def find_dsc(authority: Authority, name_or_kid: str) -> DscInfo:
    """A DSC by name (``dsc-1a2b3c4d``) or kid (base64, or 16 hex digits)."""
    wanted = name_or_kid.strip()
    kid: bytes | None = None
    try:
        raw = base64.b64decode(wanted, validate=True)
        kid = raw if len(raw) == 8 else None
    except ValueError:
        pass
    if kid is None and len(wanted) == 16:
        try:
            kid = bytes.fromhex(wanted)
        except ValueError:
            kid = None
    matches = [d for d in list_dscs(authority) if d.name == wanted or (kid is not None and d.kid == kid)]
    if not matches:
        raise NotFound(f"no DSC named or with kid {wanted[:40]!r}")
    if len(matches) > 1:
        raise InputError(f"kid {wanted!r} matches {len(matches)} DSCs; name one: "
                         + ", ".join(d.name for d in matches))
    return matches[0]


def retire_dsc(authority: Authority, name_or_kid: str) -> DscInfo:
    """Take a DSC out of use (audited). It still verifies what it signed."""
    dsc = find_dsc(authority, name_or_kid)
    if dsc.retired_at is not None:
        raise StateError(f"DSC {dsc.name} was already retired on {dsc.retired_at.isoformat()}")
    now = authority.clock.now()
    with authority.register.transaction() as session:
        if not dscs.retire(session, dsc.name, now):
            raise StateError(f"DSC {dsc.name} was already retired")
        audit.append(session, actor=authority.actor, action="dsc.retire", target=f"dsc:{dsc.name}",
                     details={"kid": dsc.kid_b64, "serial": dsc.serial}, clock=authority.clock)
    return dataclasses.replace(dsc, retired_at=now)


@dataclass(frozen=True)
class DscChoice:
    dsc: DscInfo
    expires_at: dt.datetime
    """The requested expiry, capped at the DSC's notAfter."""
    capped: bool


def check_dsc_for(dsc: DscInfo, dcc_type: str, now: dt.datetime) -> None:
    """Refuse a DSC that may not sign a ``dcc_type`` certificate now."""
    if not dsc.allows(dcc_type):
        allowed = ", ".join(dsc.restricted_to or ())
        raise PolicyError(f"DSC {dsc.name} is restricted to {allowed} certificates; "
                          f"it cannot sign a {dcc_type} certificate", code="dsc-type")
    status = dsc.status(now)
    if status != "active":
        raise StateError(f"DSC {dsc.name} is {status}; it signs nothing new", code="dsc-inactive")


def choose_dsc(candidates: list[DscInfo], dcc_type: str, *, now: dt.datetime, expires_at: dt.datetime,
               wanted: str | None = None) -> DscChoice:
    """Which DSC signs a ``dcc_type`` certificate expiring at ``expires_at`` (see the module text)."""
    if wanted is not None:
        matches = [d for d in candidates if d.name == wanted or d.kid_b64 == wanted or d.kid.hex() == wanted.lower()]
        if not matches:
            raise NotFound(f"no DSC named or with kid {wanted[:40]!r}")
        chosen = matches[0]
        check_dsc_for(chosen, dcc_type, now)
    else:
        usable = [d for d in candidates if d.status(now) == "active" and d.allows(dcc_type)]
        if not usable:
            raise StateError(f"no active DSC may sign {dcc_type} certificates: "
                             f"run `mohpromt-ca dsc issue --type {dcc_type}`", code="no-dsc")
        covering = [d for d in usable if d.not_after >= expires_at]
        if covering:
            chosen = max(covering, key=lambda d: (d.created_at, d.not_after))
        else:
            chosen = max(usable, key=lambda d: (d.not_after, d.created_at))
    capped = expires_at > chosen.not_after
    return DscChoice(chosen, min(expires_at, chosen.not_after), capped)


def provision_dscs(authority: Authority, *, organisation: str = "Ministry of Public Health",
                   country: str = "TH") -> list[IssuedDsc]:
    """A DSC for every DCC type no active DSC may sign now (restricted to that type, as
    ``dsc issue --type T``): what ``init`` and each ``serve`` start do, so a fresh install
    issues DCCs with no further step. Types already covered are left alone; returns what it issued."""
    now = authority.clock.now()
    have = list_dscs(authority)
    issued = []
    for dcc_type in DCC_TYPES:
        if any(d.status(now) == "active" and d.allows(dcc_type) for d in have):
            continue
        issued.append(issue_dsc(authority, restrict_to=dcc_type, organisation=organisation, country=country))
    return issued
