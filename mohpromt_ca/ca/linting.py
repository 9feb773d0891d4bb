"""pkilint before anything is stored or returned: an error-level finding refuses issuance."""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Any

from mohpromt_ca.errors import LintError

_LOCK = threading.Lock()
_BLOCKING = ("FATAL", "ERROR")


@dataclass(frozen=True)
class LintFinding:
    severity: str
    code: str
    message: str | None
    node: str

    def __str__(self) -> str:
        text = f"{self.severity} {self.code} at {self.node}"
        return f"{text}: {self.message}" if self.message else text


@functools.cache
def _validator(kind: str) -> Any:
    from pkilint.pkix import certificate, extension, name

    if kind == "pkix":
        return certificate.create_pkix_certificate_validator_container(
            certificate.create_decoding_validators(name.ATTRIBUTE_TYPE_MAPPINGS, extension.EXTENSION_MAPPINGS),
            [
                certificate.create_issuer_validator_container([]),
                certificate.create_validity_validator_container(),
                certificate.create_subject_validator_container([]),
                certificate.create_extensions_validator_container([]),
                certificate.create_spki_validator_container([]),
            ],
        )
    if kind == "etsi-natural-person":
        from pkilint import etsi
        from pkilint.etsi import etsi_constants

        cert_type = etsi_constants.CertificateType.NCP_NATURAL_PERSON_CERTIFICATE
        return certificate.create_pkix_certificate_validator_container(
            etsi.create_decoding_validators(cert_type), etsi.create_validators(cert_type)
        )
    raise ValueError(f"unknown lint profile {kind!r}")


def lint_certificate(der: bytes, kind: str) -> list[LintFinding]:
    """Every finding pkilint reports for ``der`` under validator set ``kind``."""
    from pkilint import loader

    with _LOCK:  # pkilint validators keep per-run state
        validator = _validator(kind)
        document = loader.RFC5280CertificateDocumentLoader().load_der_document(der, "to-be-issued")
        results = validator.validate(document.root)
    findings = []
    for result in results:
        for description in result.finding_descriptions:
            findings.append(
                LintFinding(
                    severity=description.finding.severity.name,
                    code=description.finding.code,
                    message=description.message,
                    node=result.node.path,
                )
            )
    return findings


# Findings waived only for a development deployment whose public base URL is loopback
# (tests run the OCSP responder on 127.0.0.1 and pdfsig fetches from the AIA URL). A
# production base URL gets no waiver.
LOOPBACK_WAIVERS = frozenset({"etsi.internal_domain_name"})


def require_clean(der: bytes, kind: str, *, what: str, waive: frozenset[str] = frozenset()) -> list[LintFinding]:
    """Raise ``LintError`` naming each error-level finding; return the rest (warnings, notices, waived)."""
    findings = lint_certificate(der, kind)
    blocking = [f for f in findings if f.severity in _BLOCKING and f.code not in waive]
    if blocking:
        raise LintError(f"pkilint refused the {what} certificate: " + "; ".join(str(f) for f in blocking))
    return findings


def waivers_for_base_url(base_url: str) -> frozenset[str]:
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return LOOPBACK_WAIVERS
    try:
        return LOOPBACK_WAIVERS if ipaddress.ip_address(host).is_loopback else frozenset()
    except ValueError:
        return frozenset()
