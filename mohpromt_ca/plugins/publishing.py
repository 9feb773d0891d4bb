"""Publish events from what the issuers and the CA return, at the edge that did the work.

``issuer/`` and ``ca/`` do not import this (DESIGN.md: arrows point down; plugins are an
edge). Whoever performs an action on behalf of a person or a program publishes after it
succeeded:

- the in-process client (:mod:`.client`) -- done;
- the issuance service (issue 8, ``mohpromt_ca/service/documents.py``): after
  ``DocumentService.issue_pdf`` / ``issue_dcc`` commit, :func:`pdf_issued` /
  :func:`dcc_issued`; after ``revoke``, :func:`document_revoked`; where it enrols or revokes
  signers, :func:`signer_enrolled` / :func:`signer_revoked`;
- the CLI's ``sign``, ``dcc issue`` and ``dcc revoke`` commands, if CLI-issued documents
  should reach plugins too (a call after the issuer returns).

Each function returns the subscribers that failed (already logged); it never raises
because a subscriber did.
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.plugins.events import (
    DocumentIssued,
    DocumentRevoked,
    EventBus,
    SignerEnrolled,
    SignerRevoked,
    SubscriberFailure,
    default_bus,
)

__all__ = ["dcc_issued", "document_revoked", "pdf_issued", "publish", "signer_enrolled", "signer_revoked",
           "subject_of"]

_PERSON_KEYS = ("patient", "holder", "person", "subject")


def subject_of(data: Any) -> str | None:
    """The citizen ID a request's data names (``patient.citizen_id``, ``holder.citizen_id``, ...),
    digits only, or None. Only ever put into in-process events."""
    if not isinstance(data, dict):
        return None
    for key in _PERSON_KEYS:
        person = data.get(key)
        if isinstance(person, dict):
            value = person.get("citizen_id")
            if isinstance(value, str):
                digits = "".join(c for c in value if c.isdigit())
                if len(digits) == 13:
                    return digits
    return None


def publish(event: Any, *, bus: EventBus | None = None) -> list[SubscriberFailure]:
    return (bus or default_bus()).publish(event)


def pdf_issued(issued: Any, *, actor: str = "", bus: EventBus | None = None,
               subject_id: str | None = None) -> list[SubscriberFailure]:
    """After :meth:`PdfIssuer.issue <mohpromt_ca.issuer.pdf.service.PdfIssuer.issue>` returned ``issued``."""
    return publish(DocumentIssued(issued.document_number, "pdf", issued.type, issued.sha256,
                                  issued.certificate_serial, issued.signer_id, subject_id, actor=actor), bus=bus)


def dcc_issued(signed: Any, *, actor: str = "", bus: EventBus | None = None,
               subject_id: str | None = None) -> list[SubscriberFailure]:
    """After :meth:`DccIssuer.issue <mohpromt_ca.issuer.dcc.DccIssuer.issue>` returned ``signed``."""
    return publish(DocumentIssued(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.dsc_serial,
                                  subject_id=subject_id, actor=actor), bus=bus)


def document_revoked(number: str, kind: str, reason: str, *, actor: str = "",
                     bus: EventBus | None = None) -> list[SubscriberFailure]:
    return publish(DocumentRevoked(number, kind, reason, actor=actor), bus=bus)


def signer_enrolled(enrolment: Any, *, actor: str = "", bus: EventBus | None = None) -> list[SubscriberFailure]:
    """After :func:`mohpromt_ca.registration.desk.enrol_signer` returned ``enrolment``."""
    signer = enrolment.signer
    serial = format(enrolment.certificate.serial_number, "x")
    return publish(SignerEnrolled(signer.id, signer.facility_id, signer.profession, serial, actor=actor), bus=bus)


def signer_revoked(signer_id: int, reason: str, *, actor: str = "",
                   bus: EventBus | None = None) -> list[SubscriberFailure]:
    return publish(SignerRevoked(signer_id, reason, actor=actor), bus=bus)
