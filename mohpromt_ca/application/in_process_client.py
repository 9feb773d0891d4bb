""":class:`~mohpromt_ca.plugins.client.CaClient` in the same process as the authority (a plugin
inside the service, a script, a test), over the application layer's use cases.

It acts with the authority's full rights; audit entries and events name ``actor``.
Idempotency keys are passed to the register, which refuses a second use (a retry gets
``AlreadyExists`` / ``AlreadyIssued``, never a second document); the service's API replays
the first answer instead. Revocation is the one the API and the CLI use
(:func:`~mohpromt_ca.application.documents.revoke_document`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mohpromt_ca.application import issuance
from mohpromt_ca.application.documents import DocumentView, Issuers, artefact_store, document_status, revoke_document
from mohpromt_ca.application.events import Events
from mohpromt_ca.errors import NotFound
from mohpromt_ca.plugins.client import DocumentInfo, VoucherInfo
from mohpromt_ca.plugins.events import EventBus

__all__ = ["InProcessClient", "document_info"]


def document_info(view: DocumentView, *, pdf: bytes | None = None) -> DocumentInfo:
    """The plugin SDK's value for an application :class:`DocumentView`."""
    return DocumentInfo(view.number, view.kind, view.type, view.sha256, view.certificate_serial, status=view.status,
                        signer_id=view.signer_id, issued_at=view.issued_at, revoked_at=view.revoked_at,
                        revocation_reason=view.revocation_reason, pdf=pdf, hc1=view.hc1)


class InProcessClient:
    def __init__(self, authority: Any, *, actor: str | None = None, bus: EventBus | None = None,
                 types: Any = None) -> None:
        self.authority = dataclasses.replace(authority, actor=actor) if actor else authority
        self.actor: str = self.authority.actor
        self.bus = bus
        self.events = Events(bus=bus)
        self.issuers = Issuers(self.authority, types=types)  # types: the host's; None: built-in

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        issued = issuance.issue_pdf(self.issuers.pdf(), type_key, data, signer_id=signer_id, level=level,
                                    idempotency_key=idempotency_key, artefacts=artefact_store(self.authority),
                                    events=self.events)  # the PDF is kept for fetch_pdf, as the service keeps it
        return DocumentInfo(issued.document_number, "pdf", issued.type, issued.sha256, issued.certificate_serial,
                            signer_id=issued.signer_id, issued_at=self.authority.clock.now(), pdf=issued.pdf)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        signed = issuance.issue_dcc(self.issuers.dcc(), data, dcc_type=dcc_type, idempotency_key=idempotency_key,
                                    events=self.events)
        return DocumentInfo(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.dsc_serial,
                            issued_at=signed.iat_dt, hc1=signed.hc1)

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards",
                      debit_id: str | None = None) -> VoucherInfo:
        """The CA signs a reward voucher for the debit ``debit_id`` with its voucher-signing key
        (``issuer.voucher``). A plugin's scoped client lets only the rewards plugin get here."""
        from mohpromt_ca.application.vouchers import issue_voucher

        return issue_voucher(self.authority, volunteer_ref=volunteer_ref, points=points, value_baht=value_baht,
                             valid_days=valid_days, partner=partner, program=program, debit_id=debit_id)

    def voucher_trust(self) -> bytes:
        """PEM: the root, then the voucher-signing certificate(s) a voucher verifier trusts."""
        from mohpromt_ca.application.vouchers import voucher_trust

        return voucher_trust(self.authority)

    def fetch_pdf(self, number: str) -> bytes:
        """The signed PDF of document ``number`` (kept in ``DATA_DIR/documents/`` when issued here
        or through the service)."""
        info = self.document_status(number)
        if info.kind != "pdf":
            raise NotFound(f"document {number[:80]!r} is a DCC, not a PDF")
        return artefact_store(self.authority).get(info.sha256, ".pdf")

    def document_status(self, number: str) -> DocumentInfo:
        return document_info(document_status(self.authority, number))

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        """Revoke a PDF or a DCC (a DCC goes on the EU revocation list), as the API does."""
        return document_info(revoke_document(self.authority, number, reason=reason, actor=self.actor,
                                             events=self.events))
