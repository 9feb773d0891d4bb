"""Audit log without a global lock (pending entries sealed by a sequencer, signed checkpoints);
OCSP responses signed ahead

audit_log gets an arrival ``id`` (its new primary key, a database sequence) and ``seq``,
``prev_hash``, ``hash`` become NULL until the sequencer seals the entry; existing entries
keep their seq and hashes (id = seq), so the chain verifies unchanged.

Revision ID: 0011
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_COLUMNS = "seq, at, actor, action, target, details, prev_hash, hash"


def _audit_log(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", _BIG, autoincrement=True, nullable=False),
        sa.Column("seq", _BIG, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"{name}_pkey"),
        sa.UniqueConstraint("seq", name="uq_audit_log_seq"),
        sa.UniqueConstraint("hash", name="uq_audit_log_hash"),
    )


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.rename_table("audit_log", "audit_log_0009")
    if postgres:  # free the old constraint names (they follow the table in PostgreSQL)
        op.execute("ALTER TABLE audit_log_0009 RENAME CONSTRAINT audit_log_pkey TO audit_log_0009_pkey")
        op.execute("ALTER TABLE audit_log_0009 RENAME CONSTRAINT audit_log_hash_key TO audit_log_0009_hash_key")
    _audit_log("audit_log")
    op.execute(f"INSERT INTO audit_log (id, {_COLUMNS}) SELECT seq, {_COLUMNS} FROM audit_log_0009")
    op.drop_table("audit_log_0009")
    if postgres:
        op.execute("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM audit_log), 0) + 1, false)")
    op.create_index("ix_audit_log_pending", "audit_log", ["id"], postgresql_where=sa.text("seq IS NULL"),
                    sqlite_where=sa.text("seq IS NULL"))
    op.create_table(
        "audit_checkpoints",
        sa.Column("size", _BIG, autoincrement=False, nullable=False),
        sa.Column("root", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_serial", sa.String(length=40), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("timestamp_token", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("size"),
    )
    op.create_table(
        "ocsp_responses",
        sa.Column("issuer_key_sha1", sa.String(length=40), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_update", sa.DateTime(timezone=True), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("issuer_key_sha1", "serial"),
    )
    op.create_index("ix_ocsp_responses_this_update", "ocsp_responses", ["this_update"])
    op.create_index("ix_ocsp_responses_serial", "ocsp_responses", ["serial"])


def downgrade() -> None:
    op.drop_index("ix_ocsp_responses_serial", table_name="ocsp_responses")
    op.drop_index("ix_ocsp_responses_this_update", table_name="ocsp_responses")
    op.drop_table("ocsp_responses")
    op.drop_table("audit_checkpoints")
    # pending entries cannot go back into a chain without a sequencer: seal before downgrading
    postgres = op.get_bind().dialect.name == "postgresql"
    op.drop_index("ix_audit_log_pending", table_name="audit_log")
    op.rename_table("audit_log", "audit_log_0011")
    if postgres:
        op.execute("ALTER TABLE audit_log_0011 RENAME CONSTRAINT audit_log_pkey TO audit_log_0011_pkey")
        op.execute("ALTER TABLE audit_log_0011 RENAME CONSTRAINT uq_audit_log_seq TO uq_audit_log_0011_seq")
        op.execute("ALTER TABLE audit_log_0011 RENAME CONSTRAINT uq_audit_log_hash TO uq_audit_log_0011_hash")
    op.create_table(
        "audit_log",
        sa.Column("seq", _BIG, autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("hash"),
    )
    op.execute(f"INSERT INTO audit_log ({_COLUMNS}) SELECT {_COLUMNS} FROM audit_log_0011 WHERE seq IS NOT NULL")
    op.drop_table("audit_log_0011")
