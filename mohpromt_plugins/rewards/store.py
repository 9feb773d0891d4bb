"""The rewards module's own tables (``plugin_rewards_*``), SQLAlchemy Core.

The database, not code, guarantees the invariants that matter under concurrency:
one redemption per voucher (``UNIQUE(voucher_id)`` on redemptions), one volunteer per
citizen (``UNIQUE(citizen_hash)``), a balance that never goes negative (a CHECK, and
debits made by one conditional ``UPDATE … WHERE balance >= :points``), and one voucher per
debit (``UNIQUE(voucher_id)`` on debits; a debit moves ``pending`` -> ``signed`` or
``reversed`` by conditional UPDATEs).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

PREFIX = "plugin_rewards_"
metadata = MetaData()

volunteers = Table(
    f"{PREFIX}volunteers", metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(32), nullable=False, unique=True),  # public reference, printed in vouchers
    Column("citizen_hash", String(64), nullable=False, unique=True),  # HMAC-SHA256, never the ID in clear
    Column("name", String(200), nullable=False),
    Column("balance", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("balance >= 0", name="ck_plugin_rewards_balance"),
)

activities = Table(
    f"{PREFIX}activities", metadata,
    Column("id", Integer, primary_key=True),
    Column("volunteer_id", Integer, ForeignKey(f"{PREFIX}volunteers.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("activity_date", Date, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("points", Integer, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("reported_by", String(120), nullable=False),
)

ledger = Table(
    f"{PREFIX}ledger", metadata,
    Column("id", Integer, primary_key=True),
    Column("volunteer_id", Integer, ForeignKey(f"{PREFIX}volunteers.id"), nullable=False, index=True),
    Column("delta", Integer, nullable=False),
    Column("reason", String(16), nullable=False),  # "activity" or "voucher"
    Column("reference", String(64), nullable=False),  # activity id or voucher id
    Column("at", DateTime(timezone=True), nullable=False),
)

partners = Table(
    f"{PREFIX}partners", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
)

vouchers = Table(
    f"{PREFIX}vouchers", metadata,
    Column("voucher_id", String(32), primary_key=True),
    Column("volunteer_id", Integer, ForeignKey(f"{PREFIX}volunteers.id"), nullable=False, index=True),
    Column("points", Integer, nullable=False),
    Column("value_baht", Integer, nullable=False),
    Column("partner", String(64), nullable=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
)

DEBIT_STATES = ("pending", "signed", "reversed")

debits = Table(
    f"{PREFIX}debits", metadata,
    Column("debit_id", String(64), primary_key=True),  # carried in the voucher the CA signs for it
    Column("volunteer_id", Integer, ForeignKey(f"{PREFIX}volunteers.id"), nullable=False, index=True),
    Column("points", Integer, nullable=False),
    Column("value_baht", Integer, nullable=False),
    Column("partner", String(64), nullable=True),
    Column("state", String(16), nullable=False),
    Column("voucher_id", String(32), nullable=True, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("state IN ('pending', 'signed', 'reversed')", name="ck_plugin_rewards_debit_state"),
)

redemptions = Table(
    f"{PREFIX}redemptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("voucher_id", String(32), ForeignKey(f"{PREFIX}vouchers.voucher_id"), nullable=False),
    Column("partner", String(64), nullable=False),
    Column("redeemed_at", DateTime(timezone=True), nullable=False),
    Column("redeemed_by", String(120), nullable=False),
    UniqueConstraint("voucher_id", name="uq_plugin_rewards_redemptions_voucher"),
)
