"""What voucher signing asks the register: the voucher key's record, the rewards module's
credentials, and the debits vouchers were signed for (one voucher per debit: the UNIQUE
constraint on ``debit_id`` decides, not code)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.storage.models import AuthorityKey, ModuleCredential, VoucherDebit

#: a second voucher for one debit id (the UNIQUE constraint refused it)
DebitTaken = IntegrityError

__all__ = ["DebitTaken", "add_module_credential", "debit", "key_recorded", "module_credential",
           "module_credentials", "record_debit"]


def key_recorded(session: Session, name: str) -> bool:
    return session.execute(select(AuthorityKey.id).where(AuthorityKey.name == name)).first() is not None


def add_module_credential(session: Session, *, key_id: str, secret_sha256: str, module: str, label: str | None,
                          created_at: dt.datetime, created_by: str) -> ModuleCredential:
    row = ModuleCredential(key_id=key_id, secret_sha256=secret_sha256, module=module, label=label,
                           created_at=created_at, created_by=created_by)
    session.add(row)
    session.flush()
    return row


def module_credential(session: Session, key_id: str, *, lock: bool = False) -> ModuleCredential | None:
    query = select(ModuleCredential).where(ModuleCredential.key_id == key_id)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def module_credentials(session: Session) -> list[ModuleCredential]:
    return list(session.execute(select(ModuleCredential).order_by(ModuleCredential.id)).scalars())


def record_debit(session: Session, *, debit_id: str, voucher_id: str, requested_by: str, volunteer_ref: str,
                 points: int, value_baht: int, signed_at: dt.datetime) -> None:
    """Raises :data:`DebitTaken` when a voucher was already signed for ``debit_id``."""
    session.add(VoucherDebit(debit_id=debit_id, voucher_id=voucher_id, requested_by=requested_by[:128],
                             volunteer_ref=volunteer_ref, points=points, value_baht=value_baht, signed_at=signed_at))
    session.flush()


def debit(session: Session, debit_id: str) -> VoucherDebit | None:
    return session.execute(select(VoucherDebit).where(VoucherDebit.debit_id == debit_id)).scalar_one_or_none()
