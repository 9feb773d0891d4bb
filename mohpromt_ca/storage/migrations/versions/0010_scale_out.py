"""Scale out: bulk-job chunks and inputs, stored artefacts, shared secrets, the file keys' home

Everything a second service node or a worker on another machine must read lives in the
register (PostgreSQL): a bulk job's waiting records and its chunks, the signed files, the web
session key. procrastinate's own tables are applied by `mohpromt-ca db upgrade` through its
schema API, not here.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_bulk_job_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("service_bulk_jobs.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("first_line", sa.Integer(), nullable=False),
        sa.Column("last_line", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("runner", sa.String(length=128), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "number", name="uq_bulk_job_chunk_number"),
        sa.CheckConstraint("state IN ('queued', 'done')", name="ck_bulk_job_chunk_state"),
    )
    op.create_index("ix_service_bulk_job_chunks_job_id", "service_bulk_job_chunks", ["job_id"])
    op.create_table(
        "service_bulk_job_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("service_bulk_jobs.id"), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "line", name="uq_bulk_job_input_line"),
    )
    op.create_table(
        "stored_artefacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("suffix", sa.String(length=8), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "suffix", name="uq_stored_artefact"),
    )
    op.create_table(
        "shared_secrets",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "file_key_homes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("keys_dir", sa.String(length=1024), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("file_key_homes")
    op.drop_table("shared_secrets")
    op.drop_table("stored_artefacts")
    op.drop_table("service_bulk_job_inputs")
    op.drop_index("ix_service_bulk_job_chunks_job_id", table_name="service_bulk_job_chunks")
    op.drop_table("service_bulk_job_chunks")
