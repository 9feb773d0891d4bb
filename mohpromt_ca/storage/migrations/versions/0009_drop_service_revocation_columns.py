"""Drop service_documents.revoked_* (read by nothing since 0008 moved them to document_revocations)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_documents") as batch:
        batch.drop_column("revoked_by")
        batch.drop_column("revocation_reason")
        batch.drop_column("revoked_at")


def downgrade() -> None:
    # 0008's downgrade copies the revocations back onto these columns
    with op.batch_alter_table("service_documents") as batch:
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revocation_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("revoked_by", sa.String(length=128), nullable=True))
