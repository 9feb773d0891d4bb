"""The register's side of DCC issuance: what was issued (UVCI, type, DSC, hash of the HC1
text, the caller's idempotency key; never the health data) and the audit entry
"dcc.issue", written in one transaction per batch. UNIQUE constraints on the UVCI and
the idempotency key, not code, keep both single (a clash raises
``storage.repositories.documents.Conflict``). The SQL is in that repository."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import documents
from mohpromt_ca.storage.repositories.documents import Conflict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.issuer.dcc.signing import SignedDcc

__all__ = ["Conflict", "add_issued", "add_issued_many", "keys_issued", "uvcis_issued"]


def _details(signed: SignedDcc) -> dict[str, object]:
    return {"type": signed.dcc_type, "profile": signed.profile, "dsc": signed.dsc_name, "kid": signed.kid_b64,
            "sha256": signed.sha256, "exp": signed.exp, "exp_capped": signed.capped}


def add_issued(session: Session, authority: Authority, signed: SignedDcc, key: str | None) -> None:
    """One DCC: its register row and its audit entry (the ORM path, ``audit.append``)."""
    documents.add_issued(session, kind="dcc", document_number=signed.uvci, type_key=signed.dcc_type, signer_id=None,
                         certificate_serial=signed.dsc_serial, sha256=signed.sha256, issued_at=signed.iat_dt,
                         idempotency_key=key)
    audit.append(session, actor=authority.actor, action="dcc.issue", target=f"dcc:{signed.uvci}",
                 details=_details(signed), clock=authority.clock)


def add_issued_many(session: Session, authority: Authority, signed: Sequence[SignedDcc],
                    keys: Sequence[str | None]) -> None:
    """A batch of DCCs: rows and audit entries in two multi-row INSERTs.

    The register write was the largest step after the signature (about 2-3 ms a DCC through
    the ORM, one audit-head lock and flush per entry; see ``bench dcc-issue``). Here the head
    is locked once, the chain is extended in memory with the audit log's own link function
    (so ``audit verify`` checks these entries exactly like any other), and everything goes
    to the database in one executemany per table (``audit.append_many``). A single DCC
    takes this path too: the ORM unit of work cost it about 2 ms (``bench dcc-issue``, issue 16)."""
    rows: list[dict[str, object]] = []
    entries: list[audit.PendingEntry] = []
    for item, key in zip(signed, keys, strict=True):
        rows.append({"kind": "dcc", "document_number": item.uvci, "type": item.dcc_type, "signer_id": None,
                          "certificate_serial": item.dsc_serial, "sha256": item.sha256, "issued_at": item.iat_dt,
                          "idempotency_key": key})
        entries.append(audit.PendingEntry("dcc.issue", f"dcc:{item.uvci}", _details(item)))
    documents.add_issued_rows(session, rows)
    audit.append_many(session, entries, actor=authority.actor, clock=authority.clock)


def keys_issued(session: Session, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """idempotency key -> (UVCI, sha256) for the keys already in the register."""
    return documents.issued_by_keys(session, keys)


def uvcis_issued(session: Session, uvcis: Iterable[str]) -> set[str]:
    return documents.uvcis_issued(session, uvcis)
