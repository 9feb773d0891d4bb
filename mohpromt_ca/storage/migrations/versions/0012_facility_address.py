"""The register keeps each facility's address and phone (printed on its documents)

Revision ID: 0012
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(sa.Column("address", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("address_en", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("phone")
        batch.drop_column("address_en")
        batch.drop_column("address")
