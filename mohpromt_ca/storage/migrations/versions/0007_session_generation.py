"""Web sessions: a per-account generation number, so logging out ends every copy of the cookie

The session cookie is signed and stateless; it carries the account's generation at login.
Logout (and any future "end all sessions") increments it, and a cookie with an older
generation is refused on its next request.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service_users") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("service_users") as batch:
        batch.drop_column("session_generation")
