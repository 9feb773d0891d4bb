"""The service's revoked PDFs as a signed document revocation list (``trust_lists.document_revocation``).

The register knows which PDFs the service revoked (``service_documents.revoked_at``) and the
SHA-256 of each as issued; the list is signed by the trust-list key, like our DSC and DCC
revocation lists, and published at ``/trust-lists/documents-revoked.txt`` and by
``mohpromt-ca trust-list export --format document-revocation``. Offline verifiers import it
into their cache and then report a revoked PDF as invalid.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.service.models import ServiceDocument
from mohpromt_ca.storage.models import IssuedDocument

__all__ = ["export_document_revocations", "revoked_documents", "source_mark"]


def revoked_documents(authority: Authority) -> list:  # type: ignore[type-arg]
    from mohpromt_verifier.trust_lists.document_revocation import RevokedDocument

    with authority.register.reading() as session:
        rows = session.execute(
            select(IssuedDocument.sha256, ServiceDocument.revoked_at, ServiceDocument.revocation_reason)
            .join(ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id)
            .where(IssuedDocument.kind == "pdf", ServiceDocument.revoked_at.is_not(None))).all()
    return [RevokedDocument(sha256=sha, revoked_at=_utc(at), reason=reason or "other") for sha, at, reason in rows]


def source_mark(authority: Authority) -> str:
    """Changes exactly when the list's content would."""
    rows = sorted(f"{r.sha256}:{r.revoked_at.isoformat()}:{r.reason}" for r in revoked_documents(authority))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def export_document_revocations(authority: Authority, *, now: dt.datetime | None = None) -> bytes:
    from mohpromt_ca.authority.trust_list_signer import list_signer
    from mohpromt_verifier.trust_lists.document_revocation import document

    now = (now or authority.clock.now()).replace(microsecond=0)
    return document(revoked_documents(authority), list_signer(authority), now=now)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
