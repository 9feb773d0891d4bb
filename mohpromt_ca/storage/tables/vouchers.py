"""What voucher signing keeps (migration 0015): the rewards module's credentials and the
debits it asked the CA to sign a voucher for.

* ``module_credentials``: a credential of a platform module, not of a facility or a signer
  (today one kind, ``rewards-module``): ``mpm_<key_id>_<secret>``; the register keeps SHA-256
  of the whole token, as for API keys.
* ``voucher_debits``: one row per debit of the rewards ledger a voucher was signed for.
  ``UNIQUE(debit_id)`` is what lets the CA sign at most one voucher per debit, whatever
  the number of concurrent requests.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.types import UTCDateTime

MODULE_KINDS = ("rewards-module",)


class ModuleCredential(Base):
    __tablename__ = "module_credentials"
    __table_args__ = (CheckConstraint("module IN ('rewards-module')", name="ck_module_credential_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    module: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(128))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class VoucherDebit(Base):
    __tablename__ = "voucher_debits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    debit_id: Mapped[str] = mapped_column(String(64), unique=True)
    voucher_id: Mapped[str] = mapped_column(String(32), unique=True)
    requested_by: Mapped[str] = mapped_column(String(128))
    volunteer_ref: Mapped[str] = mapped_column(String(64))
    points: Mapped[int] = mapped_column(Integer)
    value_baht: Mapped[int] = mapped_column(Integer)
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
