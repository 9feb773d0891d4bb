"""The booking plugin's own tables (``plugin_booking_*``), SQLAlchemy Core, SQLite and PostgreSQL.

What is stored, and why (the register's rule — identifiers, not medical data — applied here):

- **No citizen ID in clear.** An appointment keeps ``citizen_hash``, an HMAC-SHA256 of the
  13 digits under a key of the plugin's own (``DATA_DIR/plugins/booking/citizen-id.key``,
  0600, never in the database), so a facility can find a citizen's appointments and the
  completion can check that the person served is the person booked. The clear ID is needed
  only to print it on the certificate: the facility presents it again at completion (read
  from the ID card at the counter) and it is checked against the hash and never written.
- **The holder's names, date of birth and sex**: what the certificates need to name the
  holder (the DCC needs the passport spelling and the date of birth).
- **The facility and signer blocks** printed on the PDF (public professional data).
- **The outcome** (what was administered / the result) only while a completion is in
  progress or failed, so a retry issues exactly the same documents; once the appointment is
  completed it is cleared and only its keyed digest stays (a later retry with a different
  outcome is told apart). The issued documents themselves are the CA's; the plugin keeps
  their numbers, hashes and status, and the DCC's ``HC1:`` text (the citizen's QR, what the
  appointment hands over).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

__all__ = ["Appointment", "Attachment", "BookingStore", "metadata"]

PREFIX = "plugin_booking_"
metadata = MetaData()

appointments = Table(
    f"{PREFIX}appointments", metadata,
    Column("id", String(32), primary_key=True),  # "BK" + 24 base32 characters (120 random bits)
    Column("facility_id", Integer, nullable=False, index=True),
    Column("signer_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # vaccination | rt-pcr | atk
    Column("slot_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # booked | in-progress | completed | failed | cancelled
    Column("citizen_hash", String(64), nullable=False, index=True),
    Column("holder", JSON, nullable=False),
    Column("issuer", JSON, nullable=False),  # {"facility": {...}, "signer": {...}} as printed
    Column("outcome", JSON(none_as_null=True), nullable=True),
    Column("outcome_digest", String(64), nullable=True),
    Column("completed_at", DateTime(timezone=True), nullable=True),  # the documents' issue time
    Column("failure", Text, nullable=True),
    Column("cancel_reason", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    f"{PREFIX}documents", metadata,
    Column("appointment_id", String(32), ForeignKey(f"{PREFIX}appointments.id"), primary_key=True),
    Column("role", String(16), primary_key=True),  # "record" (the PDF) | "dcc"
    Column("number", String(128), nullable=False),
    Column("kind", String(8), nullable=False),  # pdf | dcc
    Column("type", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("hc1", Text, nullable=True),
    Column("status", String(16), nullable=False, default="valid"),
    Column("issued_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revocation_reason", String(64), nullable=True),
    UniqueConstraint("number", name=f"{PREFIX}documents_number_key"),
)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class Attachment:
    role: str
    number: str
    kind: str
    type: str
    sha256: str
    status: str = "valid"
    hc1: str | None = field(default=None, repr=False)
    issued_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "document_number": self.number, "kind": self.kind, "type": self.type,
                "sha256": self.sha256, "status": self.status, "hc1": self.hc1,
                "issued_at": self.issued_at.isoformat() if self.issued_at else None,
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "revocation_reason": self.revocation_reason}


@dataclass(frozen=True)
class Appointment:
    id: str
    facility_id: int
    signer_id: int
    kind: str
    slot_at: dt.datetime
    status: str
    holder: dict[str, Any] = field(repr=False)
    issuer: dict[str, Any] = field(repr=False)
    citizen_hash: str = field(repr=False)
    created_at: dt.datetime
    updated_at: dt.datetime
    outcome: dict[str, Any] | None = field(default=None, repr=False)
    outcome_digest: str | None = None
    completed_at: dt.datetime | None = None
    failure: str | None = None
    cancel_reason: str | None = None
    documents: tuple[Attachment, ...] = ()

    def document(self, role: str) -> Attachment | None:
        return next((d for d in self.documents if d.role == role), None)

    def as_dict(self) -> dict[str, Any]:
        """What the routes answer: no citizen ID (there is none to give), no outcome."""
        return {"id": self.id, "facility_id": self.facility_id, "signer_id": self.signer_id, "kind": self.kind,
                "slot_at": self.slot_at.isoformat(), "status": self.status, "holder": self.holder,
                "completed_at": self.completed_at.isoformat() if self.completed_at else None,
                "failure": self.failure, "cancel_reason": self.cancel_reason,
                "documents": [d.as_dict() for d in self.documents]}


def new_appointment_id() -> str:
    """``BK`` + 24 base32 characters: unique across every booking database that issues through
    the same CA (document numbers and UVCIs are made from it), and usable inside a UVCI."""
    return "BK" + base64.b32encode(secrets.token_bytes(15)).decode("ascii")


class BookingStore:
    """Appointments and their attached documents in ``storage``, the plugin's namespace (in the
    register's database, or the module's own: ``PluginNamespace.standalone("booking", url)``).
    ``hash_key``: the citizen-ID hash key (``context.secret("citizen-id.key")`` in a host)."""

    def __init__(self, storage: Any, hash_key: bytes) -> None:
        if len(hash_key) < 32:
            raise ValueError("the citizen-ID hash key must be at least 32 bytes")
        storage.adopt(metadata)  # refuses a table outside plugin_booking_*
        self.storage = storage
        self._key = hash_key

    def create_tables(self) -> None:
        self.storage.create_tables()

    # -- keyed digests ----------------------------------------------------------------------
    def citizen_hash(self, citizen_id: str) -> str:
        return hmac.new(self._key, b"citizen-id\n" + citizen_id.encode("ascii"), hashlib.sha256).hexdigest()

    def outcome_digest(self, canonical: bytes) -> str:
        return hmac.new(self._key, b"outcome\n" + canonical, hashlib.sha256).hexdigest()

    # -- reading ------------------------------------------------------------------------------
    def _attachments(self, connection: Any, ids: list[str]) -> dict[str, list[Attachment]]:
        out: dict[str, list[Attachment]] = {i: [] for i in ids}
        if not ids:
            return out
        rows = connection.execute(select(documents).where(documents.c.appointment_id.in_(ids))
                                  .order_by(documents.c.appointment_id, documents.c.role.desc())).mappings()
        for r in rows:
            out[r["appointment_id"]].append(Attachment(
                r["role"], r["number"], r["kind"], r["type"], r["sha256"], r["status"], r["hc1"],
                _aware(r["issued_at"]), _aware(r["revoked_at"]), r["revocation_reason"]))
        return out

    @staticmethod
    def _appointment(r: Any, attached: list[Attachment]) -> Appointment:
        return Appointment(r["id"], r["facility_id"], r["signer_id"], r["kind"], _aware(r["slot_at"]),  # type: ignore[arg-type]
                           r["status"], r["holder"], r["issuer"], r["citizen_hash"], _aware(r["created_at"]),  # type: ignore[arg-type]
                           _aware(r["updated_at"]), r["outcome"], r["outcome_digest"],  # type: ignore[arg-type]
                           _aware(r["completed_at"]), r["failure"], r["cancel_reason"], tuple(attached))

    def get(self, appointment_id: str) -> Appointment | None:
        if not isinstance(appointment_id, str) or len(appointment_id) > 32:
            return None
        with self.storage.reading() as connection:
            row = connection.execute(select(appointments).where(appointments.c.id == appointment_id)
                                     ).mappings().first()
            if row is None:
                return None
            return self._appointment(row, self._attachments(connection, [row["id"]])[row["id"]])

    def list(self, *, facility_id: int | None = None, signer_id: int | None = None, status: str | None = None,
             citizen_hash: str | None = None, start: dt.datetime | None = None, end: dt.datetime | None = None,
             limit: int = 500) -> list[Appointment]:
        query = select(appointments)
        for column, value in ((appointments.c.facility_id, facility_id), (appointments.c.signer_id, signer_id),
                              (appointments.c.status, status), (appointments.c.citizen_hash, citizen_hash)):
            if value is not None:
                query = query.where(column == value)
        if start is not None:
            query = query.where(appointments.c.slot_at >= start)
        if end is not None:
            query = query.where(appointments.c.slot_at < end)
        query = query.order_by(appointments.c.slot_at, appointments.c.id).limit(limit)
        with self.storage.reading() as connection:
            rows = list(connection.execute(query).mappings())
            attached = self._attachments(connection, [r["id"] for r in rows])
            return [self._appointment(r, attached[r["id"]]) for r in rows]

    # -- writing ------------------------------------------------------------------------------
    def add(self, *, facility_id: int, signer_id: int, kind: str, slot_at: dt.datetime, citizen_hash: str,
            holder: dict[str, Any], issuer: dict[str, Any], now: dt.datetime) -> Appointment:
        appointment_id = new_appointment_id()
        with self.storage.transaction() as connection:
            connection.execute(appointments.insert().values(
                id=appointment_id, facility_id=facility_id, signer_id=signer_id, kind=kind, slot_at=slot_at,
                status="booked", citizen_hash=citizen_hash, holder=holder, issuer=issuer, created_at=now,
                updated_at=now))
        found = self.get(appointment_id)
        assert found is not None
        return found

    def transition(self, appointment_id: str, *, allowed: tuple[str, ...], now: dt.datetime,
                   **values: Any) -> bool:
        """Set ``values`` if the appointment's status is one of ``allowed`` (compare-and-set: of
        two concurrent callers, one wins). True when the row changed."""
        with self.storage.transaction() as connection:
            changed = connection.execute(update(appointments).where(and_(
                appointments.c.id == appointment_id, appointments.c.status.in_(allowed))).values(
                updated_at=now, **values))
            return bool(changed.rowcount)

    def attach(self, appointment_id: str, role: str, *, number: str, kind: str, type: str, sha256: str,
               hc1: str | None, issued_at: dt.datetime | None, status: str = "valid",
               revoked_at: dt.datetime | None = None, revocation_reason: str | None = None) -> None:
        """Attach a document; a second attach of the same role (a concurrent completion) is a no-op."""
        try:
            with self.storage.transaction() as connection:
                connection.execute(documents.insert().values(
                    appointment_id=appointment_id, role=role, number=number, kind=kind, type=type, sha256=sha256,
                    hc1=hc1, issued_at=issued_at, status=status, revoked_at=revoked_at,
                    revocation_reason=revocation_reason))
        except IntegrityError:
            pass

    def set_document_status(self, number: str, *, status: str, revoked_at: dt.datetime | None,
                            reason: str | None) -> bool:
        with self.storage.transaction() as connection:
            changed = connection.execute(update(documents).where(documents.c.number == number).values(
                status=status, revoked_at=revoked_at, revocation_reason=reason))
            return bool(changed.rowcount)
