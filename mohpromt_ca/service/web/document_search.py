"""The history page's search: a principal's own documents, filtered, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.documents import DocumentService
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
    start = end = None
    if query["date_from"]:
        start = dt.datetime.combine(query["date_from"], dt.time(), kinds.BANGKOK)
    if query["date_to"]:
        end = dt.datetime.combine(query["date_to"] + dt.timedelta(days=1), dt.time(), kinds.BANGKOK)
    return list(documents.search(principal, number=query["number"] or None, type_key=query["type"] or None,
                                 status=query["status"] or None, issued_from=start, issued_before=end))
