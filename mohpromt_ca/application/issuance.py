"""Issuing as the authority itself: the CLI (``mohpromt-ca sign``, ``dcc issue``), the
in-process plugin client and scripts. The issuer signs and records (the register refuses a
second document number or idempotency key: ``AlreadyExists`` / ``AlreadyIssued``); the audit
entry names ``authority.actor``; then ``document.issued`` is published through ``events``.

Issuing *as a principal* (API, web, bulk jobs, a plugin's route) is
:class:`~mohpromt_ca.application.documents.DocumentService`.
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.application.artefacts import ArtefactStore
from mohpromt_ca.application.events import Events, subject_of
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.storage.repositories import documents

__all__ = ["announce_bulk_pdfs", "issue_dcc", "issue_pdf", "issue_pdf_with_dcc", "sign_existing_pdf"]


def issue_pdf(pdf_issuer: Any, type_key: str, data: Any, *, signer_id: int, level: str | None = None,
              idempotency_key: str | None = None, certify: bool = False, countersigner_id: int | None = None,
              dcc_hc1: str | None = None, artefacts: ArtefactStore | None = None,
              events: Events | None = None) -> Any:
    """Render, sign and record a certificate; keep the PDF in ``artefacts`` when given."""
    issued = pdf_issuer.issue(type_key, data, signer_id=signer_id, level=level, certify=certify,
                              countersigner_id=countersigner_id, idempotency_key=idempotency_key, dcc_hc1=dcc_hc1)
    if artefacts is not None:
        artefacts.put(issued.sha256, ".pdf", issued.pdf)
    (events or Events()).pdf_issued(issued, actor=pdf_issuer.authority.actor, subject_id=subject_of(data))
    return issued


def issue_pdf_with_dcc(pdf_issuer: Any, type_key: str, data: Any, *, signer_id: int, profile: str = "eu-dcc",
                       level: str | None = None, certify: bool = False, countersigner_id: int | None = None,
                       events: Events | None = None) -> Any:
    """A vaccination record with the holder's DCC issued from it and printed on it."""
    issued = pdf_issuer.issue_with_dcc(type_key, data, signer_id=signer_id, profile=profile, level=level,
                                       certify=certify, countersigner_id=countersigner_id)
    (events or Events()).pdf_issued(issued, actor=pdf_issuer.authority.actor, subject_id=subject_of(data))
    return issued


def sign_existing_pdf(pdf_issuer: Any, pdf: bytes, *, signer_id: int, level: str | None = None,
                      events: Events | None = None, **options: Any) -> Any:
    """Sign an integrator's own PDF and record it."""
    issued = pdf_issuer.sign_existing(pdf, signer_id=signer_id, level=level, **options)
    (events or Events()).pdf_issued(issued, actor=pdf_issuer.authority.actor)
    return issued


def issue_dcc(dcc_issuer: Any, data: Any, *, dcc_type: str | None = None, idempotency_key: str | None = None,
              events: Events | None = None) -> Any:
    """Sign and record one DCC (``SignedDcc``)."""
    signed = dcc_issuer.issue(data, dcc_type=dcc_type, idempotency_key=idempotency_key)
    (events or Events()).dcc_issued(signed, actor=dcc_issuer.authority.actor, subject_id=subject_of(data))
    return signed


def announce_bulk_pdfs(authority: Authority, subjects: dict[str, str | None], *, events: Events | None = None) -> None:
    """Tell the plugins about the PDFs a bulk run issued now (document number -> the citizen ID
    its record names), as the register recorded them."""
    if not subjects:
        return
    from mohpromt_ca.plugins.events import DocumentIssued

    with authority.register.reading() as session:
        rows = documents.find_many(session, list(subjects))
        issued = [DocumentIssued(row.document_number, "pdf", row.type, row.sha256, row.certificate_serial,
                                 row.signer_id, subjects.get(row.document_number), actor=authority.actor)
                  for row in rows]
    (events or Events()).publish_all(issued)
