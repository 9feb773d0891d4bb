"""pkilint before anything is signed for real: an error-level finding refuses issuance or publication.

Certificates are linted under the profile's validator set (``pkix`` or
``etsi-natural-person``); CRLs under pkilint's RFC 5280 CRL validators, set up as
pkilint's own ``lint_crl --type CRL --profile PKIX`` sets them up.
"""

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
    if kind == "crl":
        from pkilint.pkix import create_attribute_decoder, create_extension_decoder, crl

        return crl.create_pkix_crl_validator_container(
            [create_attribute_decoder(name.ATTRIBUTE_TYPE_MAPPINGS),
             create_extension_decoder(extension.EXTENSION_MAPPINGS)],
            [
                crl.create_issuer_validator_container([]),
                crl.create_validity_validator_container([]),
                crl.create_extensions_validator_container([]),
            ],
        )
    raise ValueError(f"unknown lint profile {kind!r}")


def lint_certificate(der: bytes, kind: str) -> list[LintFinding]:
    """Every finding pkilint reports for ``der`` under validator set ``kind``."""
    from pkilint import loader

    with _LOCK:  # pkilint validators keep per-run state
        validator = _validator(kind)
        document = loader.RFC5280CertificateDocumentLoader().load_der_document(der, "to-be-issued")
        results = validator.validate(document.root)
    return _findings(results)


def lint_crl(der: bytes) -> list[LintFinding]:
    """Every finding pkilint's RFC 5280 CRL linter reports for ``der``."""
    from pkilint import loader

    with _LOCK:
        validator = _validator("crl")
        document = loader.RFC5280CertificateListDocumentLoader().load_der_document(der, "to-be-published")
        results = validator.validate(document.root)
    return _findings(results)


def _findings(results: Any) -> list[LintFinding]:
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


def blocking(findings: list[LintFinding], waive: frozenset[str] = frozenset()) -> list[LintFinding]:
    """The error-level findings that are not waived."""
    return [f for f in findings if f.severity in _BLOCKING and f.code not in waive]


def require_clean_crl(der: bytes, *, what: str) -> list[LintFinding]:
    """Raise ``LintError`` naming each error-level finding in a CRL; return the rest."""
    findings = lint_crl(der)
    refused = blocking(findings)
    if refused:
        raise LintError(f"pkilint refused the {what} CRL: " + "; ".join(str(f) for f in refused))
    return findings


# Findings waived only for a development deployment whose public base URL is loopback
# (tests run the OCSP responder on 127.0.0.1 and pdfsig fetches from the AIA URL). A
# production base URL gets no waiver.
LOOPBACK_WAIVERS = frozenset({"etsi.internal_domain_name"})


def require_clean(der: bytes, kind: str, *, what: str, waive: frozenset[str] = frozenset()) -> list[LintFinding]:
    """Raise ``LintError`` naming each error-level finding; return the rest (warnings, notices, waived)."""
    findings = lint_certificate(der, kind)
    refused = blocking(findings, waive)
    if refused:
        raise LintError(f"pkilint refused the {what} certificate: " + "; ".join(str(f) for f in refused))
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
