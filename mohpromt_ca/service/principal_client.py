"""The :class:`~mohpromt_ca.plugins.client.CaClient` a plugin's route uses inside the service:
it issues, reads and revokes *as the caller* (the principal the route authenticated), through
the same :class:`~.documents.DocumentService` as the REST API, so the same rules, idempotency
and events apply. Plugins get it from ``PluginContext.client_for(principal)``.
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.plugins.client import DocumentInfo, VoucherInfo
from mohpromt_ca.plugins.publishing import subject_of
from mohpromt_ca.service.authorization import Principal
from mohpromt_ca.service.documents import DocumentService, DocumentView

__all__ = ["PrincipalClient"]


def _info(view: DocumentView, *, pdf: bytes | None = None) -> DocumentInfo:
    return DocumentInfo(view.number, view.kind, view.type, view.sha256, view.certificate_serial, status=view.status,
                        signer_id=view.signer_id, issued_at=view.issued_at, revoked_at=view.revoked_at,
                        revocation_reason=view.revocation_reason, pdf=pdf, hc1=view.hc1)


class PrincipalClient:
    def __init__(self, documents: DocumentService, principal: Principal) -> None:
        self.documents = documents
        self.principal = principal

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        from mohpromt_ca.service.api import announce_issued

        view = self.documents.issue_pdf(self.principal, type_key=type_key, data=data, signer_id=signer_id,
                                        level=level, idempotency_key=idempotency_key)
        announce_issued(view, self.principal, subject_id=subject_of(data))
        _view, pdf = self.documents.pdf(self.principal, view.number)
        return _info(view, pdf=pdf)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        from mohpromt_ca.service.api import announce_issued

        view = self.documents.issue_dcc(self.principal, data=data, dcc_type=dcc_type, idempotency_key=idempotency_key)
        announce_issued(view, self.principal, subject_id=subject_of(data))
        return _info(view)

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        from mohpromt_ca.plugins.publishing import document_revoked

        view = self.documents.revoke(self.principal, number, reason=reason)
        document_revoked(view.number, view.kind, view.revocation_reason or "", actor=self.principal.label)
        return _info(view)

    def document_status(self, number: str) -> DocumentInfo:
        return _info(self.documents.status(self.principal, number))

    def fetch_pdf(self, number: str) -> bytes:
        _view, pdf = self.documents.pdf(self.principal, number)
        return pdf

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards") -> VoucherInfo:
        from mohpromt_ca.service.voucher_api import issue_as

        return issue_as(self.documents.authority, self.principal, volunteer_ref=volunteer_ref, points=points,
                        value_baht=value_baht, valid_days=valid_days, partner=partner, program=program)

    def voucher_trust(self) -> bytes:
        from mohpromt_ca.issuer.voucher import voucher_trust_pem

        return voucher_trust_pem(self.documents.authority)
