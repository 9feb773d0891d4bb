"""The in-process CaClient: issue a PDF and a DCC, read their status, revoke them; events follow."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from mohpromt_ca.application.in_process_client import InProcessClient
from mohpromt_ca.errors import NotFound
from mohpromt_ca.plugins.client import CaClient
from mohpromt_ca.plugins.events import DocumentIssued, DocumentRevoked, Event, EventBus

DCC_VACCINATION = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}


@pytest.fixture
def database_url() -> None:
    """SQLite only: the register code underneath is covered on PostgreSQL by its own tests."""
    return None


@pytest.fixture
def physician(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")


def general_health(facility, number: str):  # type: ignore[no-untyped-def]
    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type("general-health").request_sample(dt.datetime.now(dt.UTC)))
    data["facility"] = {"licence": facility.licence}  # the rest: the register's
    data["signer"] = {"licence_no": "12345", "profession": "physician"}
    data["document_number"] = number
    return data


def test_pdf_issue_status_revoke_with_events(authority, approved_facility, physician) -> None:  # type: ignore[no-untyped-def]
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(Event, seen.append)
    bus.subscribe(DocumentIssued, lambda e: 1 / 0)  # a failing subscriber does not break issuance
    client = InProcessClient(authority, actor="plugin:test", bus=bus)
    assert isinstance(client, CaClient)

    info = client.issue_pdf("general-health", general_health(approved_facility, "GH-PLUGIN-1"),
                            signer_id=physician.signer.id, level="B-B")
    assert info.pdf is not None and info.pdf.startswith(b"%PDF-")
    assert (info.number, info.kind, info.status) == ("GH-PLUGIN-1", "pdf", "valid")
    status = client.document_status("GH-PLUGIN-1")
    assert (status.sha256, status.status, status.signer_id) == (info.sha256, "valid", physician.signer.id)

    revoked = client.revoke_document("GH-PLUGIN-1", reason="error")
    assert (revoked.status, revoked.revocation_reason) == ("revoked", "error")
    assert client.document_status("GH-PLUGIN-1").status == "revoked"
    assert [type(e) for e in seen] == [DocumentIssued, DocumentRevoked]
    assert seen[0].number == "GH-PLUGIN-1" and seen[0].actor == "plugin:test"  # type: ignore[attr-defined]
    # the citizen ID travels in-process only, for health-record modules, and never shows in repr/logs
    assert seen[0].subject_id == "1101700123456"  # type: ignore[attr-defined]
    assert "1101700123456" not in repr(seen[0])
    assert client.fetch_pdf("GH-PLUGIN-1") == info.pdf

    from sqlalchemy import select

    from mohpromt_ca.storage.models import AuditEntry

    with authority.register.reading() as session:  # the audit log names the plugin
        actions = set(session.execute(select(AuditEntry.action, AuditEntry.actor).where(
            AuditEntry.target == "document:GH-PLUGIN-1")).all())
    assert actions == {("pdf.issue", "plugin:test"), ("pdf.revoke", "plugin:test")}


def test_dcc_issue_status_revoke(authority) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.dsc import issue_dsc

    issue_dsc(authority)
    bus = EventBus()
    seen: list[Event] = []
    bus.subscribe(Event, seen.append)
    client = InProcessClient(authority, bus=bus)
    info = client.issue_dcc(DCC_VACCINATION, dcc_type="vaccination")
    assert info.kind == "dcc" and info.hc1 is not None and info.hc1.startswith("HC1:")
    assert client.document_status(info.number).status == "valid"
    assert client.revoke_document(info.number, reason="fraud").status == "revoked"
    assert [e.name for e in seen] == ["document.issued", "document.revoked"]


def test_unknown_documents(authority) -> None:  # type: ignore[no-untyped-def]
    client = InProcessClient(authority)
    for number in ("NOPE-1", "", "x" * 200):
        with pytest.raises(NotFound):
            client.document_status(number)
