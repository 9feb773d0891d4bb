"""`mohpromt-ca ca rollover NAME`: a successor for a CA or service key, with overlap.

The successor gets a new key (backend label ``NAME-gN``) and a new certificate from the current
issuer (self-signed for the root) whose subject CN carries the generation (``... G2``), so that
relying parties and chain builders never confuse the two. The register keeps the old one as
``NAME.g<N-1>``: it no longer issues or signs, but it stays in the PEM anchors and trust lists
until its own notAfter, so documents signed under it keep verifying.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID

from mohpromt_ca.authority.certificate_files import write_certificate_files
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.generations import generation_names
from mohpromt_ca.authority.hierarchy import plan
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.authority.trust_list_signer import TRUST_LIST_KEY, TRUST_LIST_SIGNER
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.profiles import INTERMEDIATE, OCSP_RESPONDER, ROOT, TSA, CertificateProfile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import InputError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import authority_keys

__all__ = ["ROLLABLE", "RolloverResult", "roll_over"]

#: what may be rolled over: name -> (issuer name or None for self-signed, profile, key spec)
ROLLABLE: dict[str, tuple[str | None, CertificateProfile, KeySpec]] = {
    step.name: (step.issuer, step.profile, step.spec) for step in plan("x")
}
ROLLABLE.setdefault(TRUST_LIST_KEY, ("root", TRUST_LIST_SIGNER, KeySpec.EC_P256))
#: the service keys a CA certifies: rolled with it so that its successor has responders of its own.
#: Not the trust-list key: receivers pin it, so it rolls only when asked (``ca rollover trust-list``).
DEPENDANTS = {"root": ("ocsp-root",), "document-signing": ("ocsp-document-signing", "tsa"),
              "dcc-csca": ("ocsp-dcc-csca",)}
_PROFILES = {ROOT.name, INTERMEDIATE.name, OCSP_RESPONDER.name, TSA.name, TRUST_LIST_SIGNER.name}
_GENERATION_SUFFIX = re.compile(r"\s+G[0-9]+$")


@dataclass(frozen=True)
class RolloverResult:
    name: str
    generation: int
    previous_name: str
    previous: x509.Certificate
    successor: x509.Certificate

    def summary(self) -> dict[str, object]:
        def describe(certificate: x509.Certificate) -> dict[str, str]:
            return {"serial": serial_hex(certificate.serial_number), "subject": certificate.subject.rfc4514_string(),
                    "not_before": certificate.not_valid_before_utc.isoformat(),
                    "not_after": certificate.not_valid_after_utc.isoformat(),
                    "sha256": certificate.fingerprint(hashes.SHA256()).hex()}

        return {"name": self.name, "generation": self.generation, "previous_name": self.previous_name,
                "previous": describe(self.previous), "successor": describe(self.successor)}


def successor_subject(previous: x509.Name, generation: int) -> x509.Name:
    """The old subject with `` G<generation>`` on its CN (replacing an earlier suffix)."""
    attributes = []
    for attribute in previous:
        if attribute.oid == NameOID.COMMON_NAME:
            suffix = f" G{generation}"
            base = _GENERATION_SUFFIX.sub("", str(attribute.value))
            organisations = [str(a.value) for a in previous if a.oid == NameOID.ORGANIZATION_NAME]
            if len(f"{base}{suffix}".encode()) > 64 and organisations and base.startswith(organisations[0] + " "):
                base = base[len(organisations[0]) + 1:]  # the O attribute still names the organisation
            while len(f"{base}{suffix}".encode()) > 64:  # X.520 ub-common-name
                base = base[:-1]
            attribute = x509.NameAttribute(NameOID.COMMON_NAME, f"{base.rstrip()}{suffix}")
        attributes.append(attribute)
    return x509.Name(attributes)


def roll_over(authority: Authority, name: str, *, backend: str | None = None,
              with_dependants: bool = True) -> list[RolloverResult]:
    """Issue the successor of ``name`` (and of the OCSP responder, TSA or trust-list key it
    certifies) and make it current; the old generations stay published until they expire."""
    if name not in ROLLABLE:
        raise InputError(f"cannot roll over {name!r}; one of: {', '.join(sorted(ROLLABLE))}")
    results = [_roll_one(authority, name, backend)]
    if with_dependants:
        for dependant in DEPENDANTS.get(name, ()):
            if generation_names(authority, dependant):  # the trust-list key is made on first use
                results.append(_roll_one(authority, dependant, backend))
    if name in CA_NAMES:
        from mohpromt_ca.authority.crl import current_crl

        current_crl(authority, name, force=True)  # the CRL at the CA's URL is now signed by the successor
    write_certificate_files(authority)
    return results


def _roll_one(authority: Authority, name: str, backend: str | None) -> RolloverResult:
    issuer_name, profile, spec = ROLLABLE[name]
    assert profile.name in _PROFILES
    previous = authority.issuing_key(name)  # NotFound before init
    with authority.register.reading() as session:
        generation = len(authority_keys.generations(session, name)) + 1
    backend_name = backend or authority.settings.backend_for(name)
    label = f"{name}-g{generation}"
    handle = authority.keys.generate(backend_name, label, spec)
    with authority.register.transaction() as session:
        audit.append(session, actor=authority.actor, action="key.generate", target=f"key:{label}",
                     details={"backend": backend_name, "spec": spec.value, "rollover_of": name},
                     clock=authority.clock)
    issuer = authority.issuing_key(issuer_name) if issuer_name else None
    successor = issue_certificate(
        authority, issuer=issuer, profile=profile,
        subject=successor_subject(previous.certificate.subject, generation),
        public_key=handle.public_key, self_signing_handle=handle if issuer is None else None,
        audit_details={"rollover_of": serial_hex(previous.certificate.serial_number)},
    )
    previous_name = f"{name}.g{generation - 1}"
    now = authority.clock.now()
    with authority.register.transaction() as session:
        authority_keys.supersede(session, name, generation=generation - 1, key_backend=backend_name,
                                 key_ref=handle.ref.ref, key_spec=spec.value,
                                 certificate_serial=serial_hex(successor.serial_number), at=now)
        audit.append(session, actor=authority.actor, action="authority.rollover", target=f"authority:{name}",
                     details={"generation": generation, "previous": previous_name,
                              "previous_serial": serial_hex(previous.certificate.serial_number),
                              "serial": serial_hex(successor.serial_number),
                              "previous_valid_until": previous.certificate.not_valid_after_utc.isoformat(),
                              "spki_sha256": hashlib.sha256(successor.public_key().public_bytes(
                                  *_spki())).hexdigest()},
                     clock=authority.clock)
    authority.forget_loaded()
    return RolloverResult(name, generation, previous_name, previous.certificate, successor)


def _spki() -> tuple[Encoding, PublicFormat]:
    return Encoding.DER, PublicFormat.SubjectPublicKeyInfo
