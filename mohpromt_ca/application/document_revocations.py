"""Publishing revoked documents: the signed document revocation list (PDFs, by SHA-256;
``trust_lists.document_revocation``) and the EU DCC revocation list's entries.

Both read the one ``document_revocations`` table, so a document revoked through the API, the
web pages, the CLI or a plugin client is on them. The document list is signed by the
trust-list key, like our DSC and DCC revocation lists, and published at
``/trust-lists/documents-revoked.txt`` and by ``mohpromt-ca trust-list export --format
document-revocation``. Offline verifiers import it into their cache and then report a
revoked PDF as invalid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.storage.repositories import document_revocations

__all__ = ["dcc_revocations", "dcc_source_mark", "export_document_revocations", "revoked_documents",
           "source_mark"]


def revoked_documents(authority: Authority) -> list[Any]:
    """Every revoked PDF as the list carries it (``RevokedDocument``: SHA-256, time, reason)."""
    from mohpromt_verifier.trust_lists.document_revocation import RevokedDocument

    with authority.register.reading() as session:
        rows = document_revocations.revoked_pdfs(session)
    return [RevokedDocument(sha256=sha, revoked_at=_utc(at), reason=reason or "other") for sha, at, reason in rows]


def source_mark(authority: Authority) -> str:
    """Changes exactly when the document list's content would."""
    rows = sorted(f"{r.sha256}:{r.revoked_at.isoformat()}:{r.reason}" for r in revoked_documents(authority))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def export_document_revocations(authority: Authority, *, now: dt.datetime | None = None) -> bytes:
    """The signed document revocation list."""
    from mohpromt_ca.authority.trust_list_signer import list_signer
    from mohpromt_verifier.trust_lists.document_revocation import document

    now = (now or authority.clock.now()).replace(microsecond=0)
    return document(revoked_documents(authority), list_signer(authority), now=now)


def dcc_revocations(authority: Authority) -> list[Any]:
    """Every revoked DCC with its EU list data (``RevokedDccInfo``)."""
    from mohpromt_ca.authority.dcc_revocation import list_dcc_revocations

    return list_dcc_revocations(authority)


def dcc_source_mark(authority: Authority) -> str:
    """Changes exactly when the DCC revocation list's content would."""
    rows = sorted(f"{r.kid}:{r.uci_hash}:{r.signature_hash}" for r in dcc_revocations(authority))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
