"""The records module's own tables (``plugin_records_*``, SQLAlchemy Core, its own MetaData).

Inside the service they live in the register's database (created through
``PluginContext.create_tables``); out of process, in any engine the module is given
(:meth:`RecordsStore.create`). No column holds a citizen ID: records are keyed by the
HMAC of the ID (:mod:`.keys`).

- ``plugin_records_meta``: the fingerprint of the secret the hashes were made with, so a
  module started with another secret refuses to run instead of showing empty records;
- ``plugin_records_references``: one row per (citizen hash, document): number, kind
  (pdf/dcc), type, when it was issued, its last known status, how it got here (``event``,
  ``attach``, ``lab-result``). The CA keeps the document; this is only the pointer;
- ``plugin_records_lab_results``: a lab result recorded for a citizen, to be certified.

**How long raw lab results are kept.** The data needed to issue the laboratory certificate
(patient, specimen, tests and values, facility, signer) is stored *sealed* (AES-256-GCM,
:meth:`~.keys.RecordsKeys.seal`) and only until it is certified: the moment the signed PDF
exists, the sealed data is erased (``sealed = NULL``) and the signed PDF, kept by the CA,
is the record. A result nobody certifies is erased when its retention ends
(:data:`DEFAULT_RETENTION`, 30 days after it was recorded; ``purge_expired`` runs on every
new recording and a late ``certify`` is refused). What stays is a tombstone: the citizen
hash, the times, the status and the document number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, overload

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from mohpromt_ca.plugins import ConfigError, NotFound

__all__ = ["DEFAULT_RETENTION", "LabResultRow", "Reference", "RecordsStore", "metadata"]

DEFAULT_RETENTION = dt.timedelta(days=30)

metadata = MetaData()

meta = Table(
    "plugin_records_meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

references = Table(
    "plugin_records_references", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("citizen_hash", String(64), nullable=False),
    Column("document_number", String(128), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("type", String(64), nullable=False),
    Column("issued_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False, default="valid"),
    Column("source", String(16), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("citizen_hash", "document_number", name="uq_plugin_records_references_citizen_document"),
    Index("ix_plugin_records_references_number", "document_number"),
)

lab_results = Table(
    "plugin_records_lab_results", metadata,
    Column("id", String(24), primary_key=True),
    Column("citizen_hash", String(64), nullable=False, index=True),
    Column("owner", String(80)),  # who recorded it (a facility), or NULL in-process
    Column("sealed", LargeBinary),  # the lab data, sealed; NULL once certified or expired
    Column("status", String(16), nullable=False),  # recorded, certified, expired
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("issued_at", DateTime(timezone=True)),  # pinned by the first certify attempt (retries send the same)
    Column("document_number", String(40)),
    Column("certified_at", DateTime(timezone=True)),
)


@overload
def _utc(value: dt.datetime) -> dt.datetime: ...
@overload
def _utc(value: None) -> None: ...
def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class Reference:
    document_number: str
    kind: str
    type: str
    issued_at: dt.datetime | None
    status: str
    source: str
    added_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {"document_number": self.document_number, "kind": self.kind, "type": self.type,
                "issued_at": self.issued_at.isoformat() if self.issued_at else None, "status": self.status,
                "source": self.source}


@dataclass(frozen=True)
class LabResultRow:
    id: str
    citizen_hash: str
    owner: str | None
    sealed: bytes | None
    status: str
    recorded_at: dt.datetime
    expires_at: dt.datetime
    issued_at: dt.datetime | None
    document_number: str | None
    certified_at: dt.datetime | None


class RecordsStore:
    """The records tables in ``storage``, the plugin's namespace (the register's database in a
    host; out of process ``PluginNamespace.standalone("records", url)``)."""

    def __init__(self, storage: Any) -> None:
        storage.adopt(metadata)  # refuses a table outside plugin_records_*
        self.storage = storage

    def create(self) -> RecordsStore:
        """Create the tables if missing (idempotent)."""
        self.storage.create_tables()
        return self

    # -- the secret's fingerprint ---------------------------------------------------------
    def check_fingerprint(self, fingerprint: str) -> None:
        """Remember the secret's fingerprint; refuse a different secret later."""
        query = select(meta.c.value).where(meta.c.key == "key-fingerprint")
        with self.storage.reading() as conn:
            stored = conn.execute(query).scalar_one_or_none()
        if stored is None:
            try:
                with self.storage.transaction() as conn:
                    conn.execute(meta.insert().values(key="key-fingerprint", value=fingerprint))
                return
            except IntegrityError:  # another process stored it first
                with self.storage.reading() as conn:
                    stored = conn.execute(query).scalar_one()
        if stored != fingerprint:
            raise ConfigError("the records tables were keyed with another secret: citizen hashes would not match",
                              code="records-secret-mismatch")

    # -- references -----------------------------------------------------------------------
    def add_reference(self, citizen_hash: str, *, number: str, kind: str, type: str,
                      issued_at: dt.datetime | None, status: str, source: str, now: dt.datetime) -> bool:
        """Add the pointer unless it is there already (the event and the explicit attach may both
        arrive); returns whether a row was added."""
        with self.storage.reading() as conn:
            exists = conn.execute(select(references.c.id).where(
                references.c.citizen_hash == citizen_hash, references.c.document_number == number)).first()
        if exists:
            return False
        try:
            with self.storage.transaction() as conn:
                conn.execute(references.insert().values(
                    citizen_hash=citizen_hash, document_number=number, kind=kind, type=type[:64],
                    issued_at=_utc(issued_at), status=status, source=source, added_at=_utc(now)))
        except IntegrityError:
            return False  # a concurrent writer added it (the UNIQUE constraint decides)
        return True

    def references(self, citizen_hash: str) -> list[Reference]:
        with self.storage.reading() as conn:
            rows = conn.execute(select(references).where(references.c.citizen_hash == citizen_hash)
                                .order_by(references.c.added_at, references.c.id)).mappings().all()
        return [Reference(r["document_number"], r["kind"], r["type"], _utc(r["issued_at"]), r["status"],
                          r["source"], _utc(r["added_at"])) for r in rows]

    def reference(self, citizen_hash: str, number: str) -> Reference | None:
        return next((r for r in self.references(citizen_hash) if r.document_number == number), None)

    def set_status(self, number: str, status: str) -> int:
        """The document's status in every record that points to it; returns rows changed."""
        with self.storage.transaction() as conn:
            return conn.execute(update(references).where(references.c.document_number == number,
                                                         references.c.status != status).values(status=status)).rowcount

    # -- lab results ----------------------------------------------------------------------
    def add_lab_result(self, result_id: str, citizen_hash: str, *, sealed: bytes, owner: str | None,
                       now: dt.datetime, retention: dt.timedelta) -> LabResultRow:
        with self.storage.transaction() as conn:
            conn.execute(lab_results.insert().values(
                id=result_id, citizen_hash=citizen_hash, owner=owner, sealed=sealed, status="recorded",
                recorded_at=_utc(now), expires_at=_utc(now + retention)))
        return self.lab_result(result_id)

    def lab_result(self, result_id: str) -> LabResultRow:
        if not isinstance(result_id, str) or len(result_id) > 24:
            raise NotFound("no such lab result")
        with self.storage.reading() as conn:
            r = conn.execute(select(lab_results).where(lab_results.c.id == result_id)).mappings().first()
        if r is None:
            raise NotFound("no such lab result")
        return LabResultRow(r["id"], r["citizen_hash"], r["owner"], r["sealed"], r["status"], _utc(r["recorded_at"]),
                            _utc(r["expires_at"]), _utc(r["issued_at"]), r["document_number"],
                            _utc(r["certified_at"]))

    def pin_issue_time(self, result_id: str, issued_at: dt.datetime) -> dt.datetime:
        """The issue time the certificate carries: set by the first attempt, kept by retries
        (so a retried request is byte-for-byte the first one and the CA replays it)."""
        with self.storage.transaction() as conn:
            conn.execute(update(lab_results).where(lab_results.c.id == result_id, lab_results.c.issued_at.is_(None))
                         .values(issued_at=_utc(issued_at)))
        pinned = self.lab_result(result_id).issued_at
        assert pinned is not None
        return pinned

    def mark_certified(self, result_id: str, number: str, now: dt.datetime) -> None:
        """The certificate exists: keep its number, erase the sealed data."""
        with self.storage.transaction() as conn:
            conn.execute(update(lab_results).where(lab_results.c.id == result_id).values(
                status="certified", document_number=number, certified_at=_utc(now), sealed=None))

    def purge_expired(self, now: dt.datetime) -> int:
        """Erase the sealed data of results past their retention that nobody certified."""
        with self.storage.transaction() as conn:
            return conn.execute(update(lab_results).where(
                lab_results.c.status == "recorded", lab_results.c.expires_at <= _utc(now)).values(
                status="expired", sealed=None)).rowcount
