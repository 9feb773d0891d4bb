"""DSC lifecycle and idempotent DCC issuance

* ``authorities.retired_at``: a Document Signer Certificate taken out of use (it still
  verifies what it signed; it signs nothing new).
* ``issued_documents.idempotency_key``: a caller's key for one issuance request (bulk
  runs use sha256 of run id, line number and line). A UNIQUE index, not code, makes a
  record issue at most once, across processes and restarts.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("authorities") as batch:
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("issued_documents") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index("ix_issued_documents_idempotency_key", "issued_documents", ["idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_issued_documents_idempotency_key", table_name="issued_documents")
    with op.batch_alter_table("issued_documents") as batch:
        batch.drop_column("idempotency_key")
    with op.batch_alter_table("authorities") as batch:
        batch.drop_column("retired_at")
