"""Issuance service: users and roles, API keys, login failures, document owners

Passwords as argon2 hashes, API keys as SHA-256 of the token; no medical content.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BINDING = (
    "(role = 'ra-officer' AND facility_id IS NULL AND signer_id IS NULL)"
    " OR (role = 'facility-admin' AND facility_id IS NOT NULL AND signer_id IS NULL)"
    " OR (role = 'signer' AND facility_id IS NOT NULL AND signer_id IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table(
        "service_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facilities.id"), nullable=True),
        sa.Column("signer_id", sa.Integer(), sa.ForeignKey("signers.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
        sa.CheckConstraint("role IN ('ra-officer', 'facility-admin', 'signer')", name="ck_service_user_role"),
        sa.CheckConstraint(_BINDING, name="ck_service_user_binding"),
    )
    op.create_index("ix_service_users_facility_id", "service_users", ["facility_id"])
    op.create_table(
        "service_api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facilities.id"), nullable=False),
        sa.Column("signer_id", sa.Integer(), sa.ForeignKey("signers.id"), nullable=True),
        sa.Column("label", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_id"),
        sa.CheckConstraint("facility_id IS NOT NULL", name="ck_api_key_scope"),
    )
    op.create_index("ix_service_api_keys_facility_id", "service_api_keys", ["facility_id"])
    op.create_table(
        "service_login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_username_at", "service_login_failures", ["username", "at"])
    op.create_index("ix_login_failures_client_at", "service_login_failures", ["client", "at"])
    op.create_table(
        "service_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issued_document_id", sa.Integer(), sa.ForeignKey("issued_documents.id"), nullable=False),
        sa.Column("facility_id", sa.Integer(), sa.ForeignKey("facilities.id"), nullable=False),
        sa.Column("signer_id", sa.Integer(), sa.ForeignKey("signers.id"), nullable=True),
        sa.Column("principal", sa.String(length=128), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=True),
        sa.Column("level", sa.String(length=8), nullable=True),
        sa.Column("kid", sa.String(length=16), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revocation_reason", sa.String(length=32), nullable=True),
        sa.Column("revoked_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issued_document_id"),
    )
    op.create_index("ix_service_documents_facility_id", "service_documents", ["facility_id"])


def downgrade() -> None:
    op.drop_index("ix_service_documents_facility_id", table_name="service_documents")
    op.drop_table("service_documents")
    op.drop_index("ix_login_failures_client_at", table_name="service_login_failures")
    op.drop_index("ix_login_failures_username_at", table_name="service_login_failures")
    op.drop_table("service_login_failures")
    op.drop_index("ix_service_api_keys_facility_id", table_name="service_api_keys")
    op.drop_table("service_api_keys")
    op.drop_index("ix_service_users_facility_id", table_name="service_users")
    op.drop_table("service_users")
