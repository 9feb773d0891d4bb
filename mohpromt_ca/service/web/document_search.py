"""The history page's search: a principal's own documents, filtered, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.documents import DocumentService
from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.service.web import kinds


def read_query(number: str, type: str, status: str, date_from: str, date_to: str) -> dict[str, Any]:
    """The search as typed, trimmed; a status or date that is not one is dropped."""
    return {"number": number[:128], "type": type[:64], "status": status if status in ("valid", "revoked") else "",
            "date_from": _date(date_from), "date_to": _date(date_to)}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def search(documents: DocumentService, principal: Principal, query: dict[str, Any]) -> list[Any]:
    """The principal's own documents (its facility's; its own for a signer), newest first."""
    from mohpromt_ca.service.models import ServiceDocument
    from mohpromt_ca.storage.models import IssuedDocument

    if principal.facility_id is None:
        return []
    stmt = (select(IssuedDocument.document_number).join(ServiceDocument,
            ServiceDocument.issued_document_id == IssuedDocument.id)
            .where(ServiceDocument.facility_id == principal.facility_id))
    if principal.signer_id is not None:
        stmt = stmt.where(ServiceDocument.signer_id == principal.signer_id)
    if query["number"]:
        stmt = stmt.where(IssuedDocument.document_number.contains(query["number"], autoescape=True))
    if query["type"]:
        stmt = stmt.where(IssuedDocument.type == query["type"])
    if query["date_from"]:
        start = dt.datetime.combine(query["date_from"], dt.time(), kinds.BANGKOK)
        stmt = stmt.where(IssuedDocument.issued_at >= start)
    if query["date_to"]:
        end = dt.datetime.combine(query["date_to"] + dt.timedelta(days=1), dt.time(), kinds.BANGKOK)
        stmt = stmt.where(IssuedDocument.issued_at < end)
    stmt = stmt.order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()).limit(200)
    with documents.authority.register.reading() as db:
        numbers = [row[0] for row in db.execute(stmt)]
    views = []
    for number in numbers:
        try:
            view = documents.status(principal, number)  # the authorization rules decide again
        except MohpromtError:
            continue
        if query["status"] and view.status != query["status"]:
            continue
        views.append(view)
        if len(views) >= 100:
            break
    return views
