"""Issuance service: bulk jobs submitted over the API and the outcome of each record

Identifiers, counts, hashes and error codes only: the records (medical data) wait in a
0600 file in the data directory, not here.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_bulk_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("principal", sa.String(length=128), nullable=False),
        sa.Column("principal_kind", sa.String(length=16), nullable=False),
        sa.Column("principal_ident", sa.String(length=64), nullable=False),
        sa.Column("principal_role", sa.String(length=16), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facilities.id"), nullable=True),
        sa.Column("principal_signer_id", sa.Integer(), sa.ForeignKey("signers.id"), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=True),
        sa.Column("signer_id", sa.Integer(), sa.ForeignKey("signers.id"), nullable=True),
        sa.Column("level", sa.String(length=8), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("input_sha256", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("public_id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="ck_bulk_job_state"),
        sa.CheckConstraint("kind IN ('pdf', 'dcc')", name="ck_bulk_job_kind"),
    )
    op.create_index("ix_bulk_jobs_state", "service_bulk_jobs", ["state"])
    op.create_table(
        "service_bulk_job_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("service_bulk_jobs.id"), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("document_number", sa.String(length=128), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.Column("field", sa.String(length=255), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "line", name="uq_bulk_job_record_line"),
        sa.CheckConstraint("status IN ('issued', 'failed')", name="ck_bulk_job_record_status"),
    )


def downgrade() -> None:
    op.drop_table("service_bulk_job_records")
    op.drop_index("ix_bulk_jobs_state", table_name="service_bulk_jobs")
    op.drop_table("service_bulk_jobs")
