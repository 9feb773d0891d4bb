"""Register records turned into the plain rows the templates show."""

from __future__ import annotations

from typing import Any


def facility_row(f: Any) -> dict[str, Any]:
    return {"id": f.id, "type": f.type, "licence": f.licence, "name_th": f.name_th, "name_en": f.name_en,
            "contact": f.contact, "status": f.status, "created_at": f.created_at.date().isoformat(),
            "reason": f.reason}
