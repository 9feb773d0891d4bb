"""What the health-records module does, over any :class:`~mohpromt_ca.plugins.client.CaClient`.

:class:`RecordsService` is the same code in every host: inside the service (a plugin's route
gives it ``context.client_for(caller)``, so the caller's rules apply), in-process with an
``InProcessClient``, or out of process with an ``HttpClient`` and an engine of its own.

A citizen's record is a list of references to documents the CA issued: added automatically
when a ``DocumentIssued`` event names the citizen (PDFs issued through the API, the web form,
other plugins or in-process), explicitly with :meth:`attach` (DCCs, documents issued
elsewhere, or any host where events do not arrive), and when a recorded lab result is
certified. The status shown is the CA's, read when the record is listed; documents the
caller may not read (another facility's, for a facility's key) are left out of its list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from typing import Any

from mohpromt_ca.plugins import AlreadyExists, InputError, MohpromtError, NotFound, StateError, get_type
from mohpromt_plugins.records.keys import RecordsKeys, normalise_citizen_id
from mohpromt_plugins.records.store import DEFAULT_RETENTION, LabResultRow, RecordsStore, Reference

__all__ = ["LAB_TYPE", "LabResult", "RecordsService", "document_number_for"]

LAB_TYPE = "lab-result"
#: what a retry of an issuance that already happened looks like, from each client
_ISSUED_BEFORE = frozenset({"already-exists", "already-issued", "idempotency-key-reused"})
#: set when the result is certified, not when it is recorded
_SET_AT_CERTIFY = ("document_number", "issued_at")


def document_number_for(result_id: str) -> str:
    """The lab certificate's number is fixed by the result: a retry can find what it issued."""
    return f"LR-{result_id.upper()}"


def _forbidden(exc: MohpromtError) -> bool:
    return exc.code == "forbidden" or getattr(exc, "http_status", None) == 403


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise InputError(f"data: {type(value).__name__} values cannot be recorded")


@dataclasses.dataclass(frozen=True)
class LabResult:
    id: str
    status: str  # recorded, certified, expired
    recorded_at: dt.datetime
    expires_at: dt.datetime
    document_number: str | None = None

    @classmethod
    def of(cls, row: LabResultRow) -> LabResult:
        return cls(row.id, row.status, row.recorded_at, row.expires_at, row.document_number)

    def as_dict(self) -> dict[str, Any]:
        return {"result_id": self.id, "status": self.status, "recorded_at": self.recorded_at.isoformat(),
                "expires_at": self.expires_at.isoformat(), "document_number": self.document_number}


class RecordsService:
    def __init__(self, store: RecordsStore, client: Any, hasher: RecordsKeys, clock: Any, *,
                 retention: dt.timedelta = DEFAULT_RETENTION) -> None:
        self.store = store
        self.client = client
        self.keys = hasher
        self.clock = clock
        self.retention = retention

    # -- the record -----------------------------------------------------------------------
    def attach(self, citizen_id: str, number: str) -> Reference:
        """Add document ``number`` to the citizen's record after the CA confirmed it exists (and,
        through a caller's client, that the caller may read it)."""
        citizen = self.keys.citizen_hash(citizen_id)
        if not isinstance(number, str) or not number or len(number) > 128:
            raise InputError("document_number: 1 to 128 characters")
        info = self.client.document_status(number)
        self.store.add_reference(citizen, number=info.number, kind=info.kind, type=info.type,
                                 issued_at=info.issued_at, status=info.status, source="attach",
                                 now=self.clock.now())
        found = self.store.reference(citizen, info.number)
        assert found is not None
        return dataclasses.replace(found, status=info.status)

    def documents(self, citizen_id: str) -> list[Reference]:
        """The record's documents with the CA's current status (documents this client may not
        read are left out; one the CA no longer knows shows ``unknown``)."""
        out = []
        for ref in self.store.references(self.keys.citizen_hash(citizen_id)):
            try:
                status = self.client.document_status(ref.document_number).status
            except NotFound:
                status = "unknown"
            except MohpromtError as exc:
                if _forbidden(exc):
                    continue
                raise
            if status != ref.status and status != "unknown":
                self.store.set_status(ref.document_number, status)
            out.append(dataclasses.replace(ref, status=status))
        return out

    def fetch(self, citizen_id: str, number: str) -> bytes:
        """The signed PDF, only if the citizen's record holds it and the client may read it (the
        same answer otherwise as for a document that does not exist)."""
        ref = self.store.reference(self.keys.citizen_hash(citizen_id), number) if isinstance(number, str) else None
        if ref is None or ref.kind != "pdf":
            raise NotFound("this record holds no such PDF")
        try:
            return self.client.fetch_pdf(ref.document_number)
        except MohpromtError as exc:
            if _forbidden(exc):  # not this caller's to read: the record's membership is not told either
                raise NotFound("this record holds no such PDF") from None
            raise

    # -- events (no client needed) --------------------------------------------------------
    def note_issued(self, event: Any) -> bool:
        """A ``DocumentIssued`` naming a citizen: add the reference. Returns whether one was added."""
        subject = getattr(event, "subject_id", None)
        if not subject:
            return False
        try:
            citizen = self.keys.citizen_hash(subject)
        except InputError:
            return False  # not a valid Thai citizen ID: nothing to key a record by
        return self.store.add_reference(citizen, number=event.number, kind=event.kind, type=event.type,
                                        issued_at=event.at, status="valid", source="event", now=self.clock.now())

    def note_revoked(self, event: Any) -> int:
        return self.store.set_status(event.number, "revoked")

    # -- lab results ----------------------------------------------------------------------
    def record_lab_result(self, citizen_id: str, data: dict[str, Any], *, owner: str | None = None) -> LabResult:
        """Keep a lab result (the ``lab-result`` certificate's data without ``document_number`` and
        ``issued_at``; ``signer`` may wait for :meth:`certify_lab_result`) for the citizen, sealed,
        until it is certified or its retention ends. It is checked against the type's schema now."""
        digits = normalise_citizen_id(citizen_id)
        citizen = self.keys.citizen_hash(digits)
        if not isinstance(data, dict):
            raise InputError("data: an object with the lab-result certificate's fields")
        early = [k for k in _SET_AT_CERTIFY if k in data]
        if early:
            raise InputError(f"data: {', '.join(early)} are set when the result is certified")
        patient = data.get("patient")
        if not isinstance(patient, dict):
            raise InputError("data.patient: an object naming the patient")
        if patient.get("citizen_id") is not None:
            try:
                same = normalise_citizen_id(patient["citizen_id"]) == digits
            except InputError:
                same = False
            if not same:
                raise InputError("data.patient.citizen_id: not the citizen this result is recorded for")
        payload = {**data, "patient": {**patient, "citizen_id": digits}}
        ctype = get_type(LAB_TYPE)
        now = self.clock.now()
        result_id = secrets.token_hex(10)
        ctype.validate({**payload, "signer": payload.get("signer") or ctype.sample["signer"],
                        "document_number": document_number_for(result_id), "issued_at": now.isoformat()})
        sealed = self.keys.seal(json.dumps(payload, default=_jsonable, ensure_ascii=False).encode("utf-8"),
                                aad=result_id.encode("ascii"))
        self.store.purge_expired(now)
        return LabResult.of(self.store.add_lab_result(result_id, citizen, sealed=sealed, owner=owner, now=now,
                                                      retention=self.retention))

    def lab_result(self, result_id: str, *, owner: str | None = None) -> LabResult:
        return LabResult.of(self._row(result_id, owner))

    def _row(self, result_id: str, owner: str | None) -> LabResultRow:
        row = self.store.lab_result(result_id)
        if owner is not None and row.owner is not None and row.owner != owner:
            raise NotFound("no such lab result")  # another facility's: the same answer as none
        return row

    def certify_lab_result(self, result_id: str, signer_id: int, *, signer: dict[str, Any] | None = None,
                           level: str | None = None, owner: str | None = None) -> Reference:
        """Issue the signed ``lab-result`` PDF for a recorded result and add it to the record.

        Safe to retry: the document number and the idempotency key come from the result id and
        the issue time is pinned by the first attempt, so a retry after a lost answer gets the
        first document back (a replay from the service, ``AlreadyExists`` in-process) and
        never a second one."""
        row = self._row(result_id, owner)
        now = self.clock.now()
        if row.status == "certified" and row.document_number:
            self.store.add_reference(row.citizen_hash, number=row.document_number, kind="pdf", type=LAB_TYPE,
                                     issued_at=row.issued_at, status="valid", source="lab-result", now=now)
            found = self.store.reference(row.citizen_hash, row.document_number)
            assert found is not None
            return found
        if row.status != "recorded" or row.sealed is None or row.expires_at <= now:
            self.store.purge_expired(now)
            days = self.retention.days
            raise StateError(f"this lab result was erased when its retention ended ({days} days); record it again",
                             code="lab-result-expired")
        payload = json.loads(self.keys.open(row.sealed, aad=row.id.encode("ascii")))
        if signer is not None:
            payload["signer"] = signer
        if not payload.get("signer"):
            raise InputError("signer: name the signer (title, names, licence) who certifies this result")
        number = document_number_for(row.id)
        issued_at = self.store.pin_issue_time(row.id, now.astimezone(dt.UTC).replace(microsecond=0))
        data = {**payload, "document_number": number, "issued_at": issued_at.isoformat()}
        try:
            info = self.client.issue_pdf(LAB_TYPE, data, signer_id=signer_id, level=level,
                                         idempotency_key=f"records-lab-{row.id}")
        except MohpromtError as exc:
            if not (isinstance(exc, AlreadyExists) or exc.code in _ISSUED_BEFORE):
                raise
            info = self.client.document_status(number)  # an earlier attempt issued it
            if info.type != LAB_TYPE:
                raise
        self.store.add_reference(row.citizen_hash, number=info.number, kind="pdf", type=LAB_TYPE,
                                 issued_at=info.issued_at or issued_at, status=info.status, source="lab-result",
                                 now=now)
        self.store.mark_certified(row.id, info.number, now)
        found = self.store.reference(row.citizen_hash, info.number)
        assert found is not None
        return dataclasses.replace(found, status=info.status)
