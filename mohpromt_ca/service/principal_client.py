"""The :class:`~mohpromt_ca.plugins.client.CaClient` a plugin's route uses inside the service:
it issues, reads and revokes *as the caller* (the principal the route authenticated), through
the same :class:`~mohpromt_ca.application.documents.DocumentService` as the REST API, so the
same rules, idempotency and events apply. Plugins get it from ``PluginContext.client_for(principal)``.
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.documents import DocumentService
from mohpromt_ca.application.in_process_client import document_info
from mohpromt_ca.application.vouchers import issue_voucher_as, voucher_trust
from mohpromt_ca.plugins.client import DocumentInfo, VoucherInfo

__all__ = ["PrincipalClient"]


class PrincipalClient:
    def __init__(self, documents: DocumentService, principal: Principal) -> None:
        self.documents = documents
        self.principal = principal

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        view = self.documents.issue_pdf(self.principal, type_key=type_key, data=data, signer_id=signer_id,
                                        level=level, idempotency_key=idempotency_key)
        _view, pdf = self.documents.pdf(self.principal, view.number)
        return document_info(view, pdf=pdf)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        return document_info(self.documents.issue_dcc(self.principal, data=data, dcc_type=dcc_type,
                                                      idempotency_key=idempotency_key))

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        return document_info(self.documents.revoke(self.principal, number, reason=reason))

    def document_status(self, number: str) -> DocumentInfo:
        return document_info(self.documents.status(self.principal, number))

    def fetch_pdf(self, number: str) -> bytes:
        _view, pdf = self.documents.pdf(self.principal, number)
        return pdf

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards",
                      debit_id: str | None = None) -> VoucherInfo:
        """As the caller: only the rewards module's credential is signed for (others get 403)."""
        return issue_voucher_as(self.documents.authority, self.principal, volunteer_ref=volunteer_ref, points=points,
                                value_baht=value_baht, valid_days=valid_days, partner=partner, program=program,
                                debit_id=debit_id)

    def voucher_trust(self) -> bytes:
        return voucher_trust(self.documents.authority)
