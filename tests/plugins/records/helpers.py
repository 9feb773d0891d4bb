"""Health-records plugin test helpers: lab-result data, two citizens, PDF verification, a scan of
the plugin's tables for citizen IDs in clear, a client that loses its answers."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from mohpromt_ca.templates.common import citizen_id_check_digit, format_citizen_id

CITIZEN = "1101700123456"  # the lab-result and general-health samples' patient
OTHER = "310050012345" + str(citizen_id_check_digit("310050012345"))


def lab_data(facility: Any, *, citizen_id: str | None = None) -> dict[str, Any]:
    """What a lab records: the lab-result certificate's data but its number and issue time."""
    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type("lab-result").sample_as_of(dt.datetime.now(dt.UTC)))
    del data["document_number"], data["issued_at"]
    data["facility"] = {"licence": facility.licence, "name_th": facility.name_th, "name_en": facility.name_en,
                        "address": facility.address or data["facility"]["address"]}
    data["signer"].update(licence_no="6789", profession="medical-technologist")
    if citizen_id is None:
        del data["patient"]["citizen_id"]  # the record's citizen fills it in
    else:
        data["patient"]["citizen_id"] = citizen_id
    return data


def verdict(authority: Any, pdf: bytes) -> str:
    from mohpromt_ca.clock import SYSTEM_CLOCK
    from mohpromt_verifier.verifier.pdf_verifier import PdfVerification, verify_pdf

    report = verify_pdf(pdf, PdfVerification(anchors=(authority.certificate_of("root"),), clock=SYSTEM_CLOCK))
    return report.verdict  # type: ignore[attr-defined,no-any-return]


def assert_no_citizen_ids(engine: Any, *citizen_ids: str) -> int:
    """Every value in every plugin_records_* table, as text and as bytes: no citizen ID in clear
    (13 digits or the grouped form). Returns how many rows were scanned."""
    from sqlalchemy import select

    from mohpromt_plugins.records.store import metadata

    needles = [n for cid in citizen_ids for n in (cid, format_citizen_id(cid))]
    scanned = 0
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            assert table.name.startswith("plugin_records_")
            for row in conn.execute(select(table)).all():
                scanned += 1
                for value in row:
                    raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                    for needle in needles:
                        assert needle.encode() not in raw, f"{table.name} holds a citizen ID in clear"
    return scanned


def count_documents(authority: Any, number: str) -> int:
    from sqlalchemy import func, select

    from mohpromt_ca.storage.models import AuditEntry, IssuedDocument

    with authority.register.reading() as session:
        rows = session.execute(select(func.count()).select_from(IssuedDocument).where(
            IssuedDocument.document_number == number)).scalar_one()
        issues = session.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.target == f"document:{number}", AuditEntry.action == "pdf.issue")).scalar_one()
    assert rows == issues
    return int(rows)


class LosesAnswers:
    """A CaClient whose issue_pdf reaches the CA but whose answer is lost on the way back."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def issue_pdf(self, *args: Any, **kwargs: Any) -> Any:
        self.client.issue_pdf(*args, **kwargs)
        raise ConnectionError("the answer was lost")
