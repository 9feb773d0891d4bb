"""DCC revocations (EU revocation-list scheme)

One row per revoked DCC of ours: the UVCI, the kid and serial of the DSC that signed it,
the three 16-byte hashes the revocation list publishes (base64; the signature hash only
when the HC1 text was at hand), reason, time and actor. No health data.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
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


def downgrade() -> None:
    op.drop_index("ix_dcc_revocations_kid", table_name="dcc_revocations")
    op.drop_table("dcc_revocations")
