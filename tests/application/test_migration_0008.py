"""Migration 0008 moves every document revocation made at 0007 into ``document_revocations``
(SQLite and PostgreSQL): a PDF revoked through the service (``service_documents.revoked_*``),
a DCC revoked for the EU list (``dcc_revocations``, hashes and all), and leaves a document
that was not revoked valid. After it, the application's status, the document revocation list
and the DCC revocation list say exactly what 0007 said. The downgrade puts them back."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import text

from tests.service.test_api import VACCINATION, _pdf_request, world  # type: ignore[import-not-found]  # noqa: F401

REVOKED_AT = dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)


def _alembic(authority: Any, revision: str, *, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    from mohpromt_ca.storage import database

    config = Config()
    config.set_main_option("script_location", str(database._MIGRATIONS))
    with authority.register.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _tables(authority: Any) -> set[str]:
    from sqlalchemy import inspect

    with authority.register.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def _at(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_0008_moves_revocations_made_at_0007(authority, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from cryptography import x509

    from mohpromt_ca.application.authorization import Principal
    from mohpromt_ca.application.document_revocations import dcc_revocations, revoked_documents
    from mohpromt_ca.application.documents import DocumentService, document_status
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_verifier.trust_lists.revocation import country_uci_hash, uci_hash

    # documents issued at head: through the service (owner rows) and by the CLI's path (none)
    service = DocumentService(authority)
    signer = Principal("api-key", "k1", "integrator", world["facility"].id, world["signer"].id)
    through_service = service.issue_pdf(signer, **_request(world, "MIG-PDF-1"))
    kept_valid = service.issue_pdf(signer, **_request(world, "MIG-PDF-2"))
    dcc = service.issue_dcc(signer, data=copy.deepcopy(VACCINATION))
    by_cli = PdfIssuer(authority).issue("general-health", _request(world, "MIG-PDF-3")["data"],
                                        signer_id=world["signer"].id, level="B-B")

    _alembic(authority, "0007", down=True)
    assert "dcc_revocations" in _tables(authority) and "document_revocations" not in _tables(authority)

    # revocations as 0007's code recorded them
    with authority.register.engine.begin() as db:
        db.execute(text("UPDATE service_documents SET revoked_at = :at, revocation_reason = 'fraud', "
                        "revoked_by = 'user:alice' WHERE issued_document_id = (SELECT id FROM issued_documents "
                        "WHERE document_number = 'MIG-PDF-1')"), {"at": REVOKED_AT})
        db.execute(text("INSERT INTO service_documents (issued_document_id, facility_id, signer_id, principal, "
                        "revoked_at, revocation_reason, revoked_by) SELECT id, :facility, signer_id, "
                        "'(not issued through the service)', :at, 'error', 'user:bob' FROM issued_documents "
                        "WHERE document_number = 'MIG-PDF-3'"),
                   {"facility": world["facility"].id, "at": REVOKED_AT + dt.timedelta(minutes=1)})
        der = db.execute(text("SELECT der FROM certificates WHERE serial = :s"),
                         {"s": dcc.certificate_serial}).scalar_one()
        kid = base64.b64encode(hashlib.sha256(der).digest()[:8]).decode()
        hashes = {"uci": base64.b64encode(uci_hash(dcc.number)).decode(),
                  "cuci": base64.b64encode(country_uci_hash("TH", dcc.number)).decode()}
        db.execute(text("INSERT INTO dcc_revocations (uvci, kid, dsc_serial, country, uci_hash, country_uci_hash, "
                        "signature_hash, reason, revoked_at, actor) VALUES (:uvci, :kid, :serial, 'TH', :uci, "
                        ":cuci, NULL, 'withdrawn', :at, 'cli-officer')"),
                   {"uvci": dcc.number, "kid": kid, "serial": dcc.certificate_serial,
                    "at": REVOKED_AT + dt.timedelta(minutes=2), **hashes})

    _alembic(authority, "head")
    tables = _tables(authority)
    assert "document_revocations" in tables and "dcc_revocations" not in tables

    first = document_status(authority, through_service.number)
    assert (first.status, first.revocation_reason, first.revoked_at) == ("revoked", "fraud", REVOKED_AT)
    third = document_status(authority, by_cli.document_number)
    assert (third.status, third.revocation_reason) == ("revoked", "error")
    assert document_status(authority, kept_valid.number).status == "valid"
    revoked_dcc = document_status(authority, dcc.number)
    assert (revoked_dcc.status, revoked_dcc.revocation_reason) == ("revoked", "withdrawn")
    with authority.register.reading() as session:
        actors = dict(session.execute(text(
            "SELECT d.document_number, r.actor FROM document_revocations r "
            "JOIN issued_documents d ON d.id = r.issued_document_id")).all())
    assert actors == {"MIG-PDF-1": "user:alice", "MIG-PDF-3": "user:bob", dcc.number: "cli-officer"}

    # the lists: the PDFs by hash, the DCC with its EU hashes and its DSC
    assert {r.sha256 for r in revoked_documents(authority)} == {through_service.sha256, by_cli.sha256}
    [entry] = dcc_revocations(authority)
    dsc = x509.load_der_x509_certificate(der)
    assert (entry.uvci, entry.kid, entry.uci_hash, entry.country_uci_hash) == (dcc.number, kid, hashes["uci"],
                                                                                hashes["cuci"])
    assert entry.dsc_not_after == dsc.not_valid_after_utc

    # revoking again is refused, through the one table
    import pytest

    from mohpromt_ca.errors import StateError

    with pytest.raises(StateError) as refused:
        service.revoke(signer, through_service.number, reason="other")
    assert refused.value.code == "already-revoked"

    # and back down: 0007's places hold them again
    _alembic(authority, "0007", down=True)
    with authority.register.engine.connect() as db:
        pdf_rows = dict(db.execute(text(
            "SELECT d.document_number, s.revocation_reason FROM service_documents s JOIN issued_documents d "
            "ON d.id = s.issued_document_id WHERE s.revoked_at IS NOT NULL")).all())
        dcc_rows = db.execute(text("SELECT uvci, kid, reason, revoked_at FROM dcc_revocations")).all()
    assert pdf_rows == {"MIG-PDF-1": "fraud", "MIG-PDF-3": "error"}
    assert [(u, k, r) for u, k, r, _at_ in dcc_rows] == [(dcc.number, kid, "withdrawn")]
    assert _at(dcc_rows[0][3]) == REVOKED_AT + dt.timedelta(minutes=2)
    _alembic(authority, "head")


def _request(world: dict[str, Any], number: str) -> dict[str, Any]:
    body = _pdf_request(world, number)
    return {"type_key": body["type"], "data": body["data"], "signer_id": body["signer_id"], "level": "B-B"}
