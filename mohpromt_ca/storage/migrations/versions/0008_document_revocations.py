"""One document-revocation table for PDFs and DCCs

``document_revocations``: one row per revoked issued document (time, reason, actor; for a
DCC the DSC's kid and serial, its country and the EU list's hashes). The rows move here from
``service_documents.revoked_*`` (PDFs revoked through the service) and ``dcc_revocations``
(DCCs); ``dcc_revocations`` is dropped. The ``service_documents.revoked_*`` columns are
dropped by 0009.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_DCC_COLUMNS = "kid, dsc_serial, country, uci_hash, country_uci_hash, signature_hash"


def upgrade() -> None:
    op.create_table(
        "document_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), sa.ForeignKey("issued_documents.id"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kid", sa.String(length=16), nullable=True),
        sa.Column("dsc_serial", sa.String(length=42), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("uci_hash", sa.String(length=24), nullable=True),
        sa.Column("country_uci_hash", sa.String(length=24), nullable=True),
        sa.Column("signature_hash", sa.String(length=24), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issued_document_id"),
        sa.CheckConstraint("reason IN ('error', 'fraud', 'withdrawn', 'superseded', 'other')",
                           name="ck_document_revocation_reason"),
    )
    op.create_index("ix_document_revocations_kid", "document_revocations", ["kid"])
    # DCCs first (their list data), then PDFs revoked through the service; a document that
    # somehow has both keeps the DCC row.
    op.execute(
        "INSERT INTO document_revocations (issued_document_id, revoked_at, reason, actor, "
        f"{_DCC_COLUMNS}) SELECT d.id, r.revoked_at, r.reason, r.actor, "
        "r.kid, r.dsc_serial, r.country, r.uci_hash, r.country_uci_hash, r.signature_hash "
        "FROM dcc_revocations r JOIN issued_documents d ON d.document_number = r.uvci ORDER BY r.id"
    )
    op.execute(
        "INSERT INTO document_revocations (issued_document_id, revoked_at, reason, actor) "
        "SELECT s.issued_document_id, s.revoked_at, COALESCE(s.revocation_reason, 'other'), "
        "COALESCE(s.revoked_by, '(unknown)') FROM service_documents s "
        "WHERE s.revoked_at IS NOT NULL AND s.issued_document_id NOT IN "
        "(SELECT issued_document_id FROM document_revocations) ORDER BY s.id"
    )
    op.drop_index("ix_dcc_revocations_kid", table_name="dcc_revocations")
    op.drop_table("dcc_revocations")


def downgrade() -> None:
    op.create_table(
        "dcc_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uvci", sa.String(length=128), nullable=False),
        sa.Column("kid", sa.String(length=16), nullable=False),
        sa.Column("dsc_serial", sa.String(length=42), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("uci_hash", sa.String(length=24), nullable=False),
        sa.Column("country_uci_hash", sa.String(length=24), nullable=False),
        sa.Column("signature_hash", sa.String(length=24), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uvci"),
    )
    op.create_index("ix_dcc_revocations_kid", "dcc_revocations", ["kid"])
    op.execute(
        "INSERT INTO dcc_revocations (uvci, kid, dsc_serial, country, uci_hash, country_uci_hash, signature_hash, "
        "reason, revoked_at, actor) SELECT d.document_number, r.kid, r.dsc_serial, r.country, r.uci_hash, "
        "r.country_uci_hash, r.signature_hash, r.reason, r.revoked_at, r.actor "
        "FROM document_revocations r JOIN issued_documents d ON d.id = r.issued_document_id "
        "WHERE d.kind = 'dcc' AND r.kid IS NOT NULL ORDER BY r.id"
    )
    # PDFs: back onto their service_documents row (a PDF issued by the CLI has none: 0007 had
    # no place for its revocation except an owner row, which is what the service made then)
    op.execute(
        "INSERT INTO service_documents (issued_document_id, facility_id, signer_id, principal) "
        "SELECT d.id, s.facility_id, d.signer_id, '(not issued through the service)' "
        "FROM document_revocations r JOIN issued_documents d ON d.id = r.issued_document_id "
        "JOIN signers s ON s.id = d.signer_id "
        "WHERE d.kind = 'pdf' AND d.id NOT IN (SELECT issued_document_id FROM service_documents)"
    )
    op.execute(
        "UPDATE service_documents SET "
        "revoked_at = (SELECT r.revoked_at FROM document_revocations r "
        "WHERE r.issued_document_id = service_documents.issued_document_id), "
        "revocation_reason = (SELECT r.reason FROM document_revocations r "
        "WHERE r.issued_document_id = service_documents.issued_document_id), "
        "revoked_by = (SELECT r.actor FROM document_revocations r "
        "WHERE r.issued_document_id = service_documents.issued_document_id) "
        "WHERE issued_document_id IN (SELECT r.issued_document_id FROM document_revocations r "
        "JOIN issued_documents d ON d.id = r.issued_document_id WHERE d.kind = 'pdf')"
    )
    op.drop_index("ix_document_revocations_kid", table_name="document_revocations")
    op.drop_table("document_revocations")
