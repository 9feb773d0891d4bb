"""The register's side of DCC issuance: what was issued (UVCI, type, DSC, hash of the HC1
text, the caller's idempotency key; never the health data) and the audit entry
"dcc.issue", written in one transaction per batch. UNIQUE constraints on the UVCI and
the idempotency key, not code, keep both single."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mohpromt_ca.ca import audit
from mohpromt_ca.storage.models import IssuedDocument

if TYPE_CHECKING:
    from mohpromt_ca.ca.authority import Authority

    from .signing import SignedDcc

__all__ = ["add_issued", "keys_issued", "uvcis_issued"]

_CHUNK = 500


def add_issued(session: Session, authority: Authority, signed: SignedDcc, key: str | None) -> None:
    session.add(IssuedDocument(kind="dcc", document_number=signed.uvci, type=signed.dcc_type, signer_id=None,
                               certificate_serial=signed.dsc_serial, sha256=signed.sha256,
                               issued_at=signed.iat_dt, idempotency_key=key))
    audit.append(session, actor=authority.actor, action="dcc.issue", target=f"dcc:{signed.uvci}",
                 details={"type": signed.dcc_type, "profile": signed.profile, "dsc": signed.dsc_name,
                          "kid": signed.kid_b64, "sha256": signed.sha256, "exp": signed.exp,
                          "exp_capped": signed.capped},
                 clock=authority.clock)


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def keys_issued(session: Session, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """idempotency key -> (UVCI, sha256) for the keys already in the register."""
    wanted = sorted({k for k in keys if k})
    found: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(wanted):
        rows = session.execute(select(IssuedDocument.idempotency_key, IssuedDocument.document_number,
                                      IssuedDocument.sha256).where(IssuedDocument.idempotency_key.in_(chunk)))
        for key, uvci, sha in rows:
            found[key] = (uvci, sha)
    return found


def uvcis_issued(session: Session, uvcis: Iterable[str]) -> set[str]:
    wanted = sorted(set(uvcis))
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(session.execute(select(IssuedDocument.document_number)
                                     .where(IssuedDocument.document_number.in_(chunk))).scalars())
    return found
