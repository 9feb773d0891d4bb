"""The register keeps each facility's address and phone (printed on its documents)

Revision ID: 0012
Revises: 0009

Plain ADD COLUMN (nullable), not a batch copy: on SQLite a batch would drop and recreate
``facilities``, which the signers' and accounts' foreign keys refuse.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COLUMNS = (("address", 300), ("address_en", 300), ("phone", 40))


def upgrade() -> None:
    for name, length in _COLUMNS:
        op.add_column("facilities", sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    for name, _length in reversed(_COLUMNS):
        if op.get_bind().dialect.name == "sqlite":  # SQLite >= 3.35 drops a column in place
            op.execute(f"ALTER TABLE facilities DROP COLUMN {name}")
        else:
            op.drop_column("facilities", name)
