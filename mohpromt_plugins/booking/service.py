"""Appointments for vaccination and tests, and what completing one issues.

:class:`BookingService` works over a :class:`~.store.BookingStore` and any
:class:`~mohpromt_ca.plugins.CaClient` — the in-process client, the service's
``PrincipalClient`` (a route acting as its caller) or the ``HttpClient`` of a module running
out of process: the code is the same.

Completing an appointment (``complete(appointment_id, outcome)``) issues, for

- ``vaccination``: the vaccination record PDF (type ``vaccination``) and the EU DCC for that dose;
- ``rt-pcr`` / ``atk``: the test result PDF (type ``rt-pcr`` / ``atk``) and a test DCC (not for
  an inconclusive RT-PCR or an invalid ATK: the EU DCC has no such result);

and attaches them to the appointment. A retried completion never issues twice:

- document numbers and the UVCI are made from the appointment's id (``VAC-BK…``,
  ``URN:UVCI:01:TH:BOOKING/BK…``): the CA's register refuses a second document with them;
- each issuance carries the idempotency key ``booking:<id>:<role>``: the service's API
  answers a retry with the first document;
- the first completion fixes the outcome and the issue time; a retry re-issues nothing already
  attached and sends exactly the same request for what is missing. A retry whose outcome
  differs from the recorded one is refused (cancel and book again instead);
- if the CA says the document exists already (a crash after issuing, before attaching), it
  is looked up by its number and attached.

Everything the documents need is validated *before* anything is issued (the PDF against the
type's schema, the DCC input against the DCC model), so bad input leaves the appointment as
it was. A refusal by the CA (a revoked signer, a suspended facility, the CA unreachable)
leaves it ``failed`` with the reason; completing it again resumes.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from mohpromt_ca.plugins import (
    BANGKOK,
    SYSTEM_CLOCK,
    AlreadyExists,
    DocumentChecks,
    Facility,
    InputError,
    MohpromtError,
    NotFound,
    Signer,
    StateError,
    get_type,
    validate_citizen_id,
)
from mohpromt_plugins.booking.store import Appointment, Attachment, BookingStore

__all__ = ["KINDS", "BookingService"]

#: appointment kind -> (PDF certificate type, document-number prefix)
KINDS: dict[str, tuple[str, str]] = {"vaccination": ("vaccination", "VAC"), "rt-pcr": ("rt-pcr", "PCR"),
                                     "atk": ("atk", "ATK")}
UVCI_ISSUER = "BOOKING"
# EU value sets: test type and result
NAAT, RAPID_ANTIGEN = "LP6464-4", "LP217198-3"
NOT_DETECTED, DETECTED = "260415000", "260373001"
_SIGNER_COMPUTED = ("licence", "licence_label_th", "licence_label_en", "profession_th", "profession_en")

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Latin = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80,
                                         pattern=r"^[A-Za-z][A-Za-z .'\-]*$")]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


def _bangkok(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=BANGKOK) if value.tzinfo is None else value.astimezone(BANGKOK)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Holder(_Strict):
    """Who the appointment is for: what the certificates must print (no medical data)."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    title_en: Annotated[str, StringConstraints(max_length=20)] | None = None
    name_th: Short
    name_en: Short
    family_name_latin: Latin = Field(description="family name as in the passport (the DCC needs it)")
    given_name_latin: Latin | None = None
    date_of_birth: dt.date
    sex: Literal["male", "female", "other"] | None = None


class BookingRequest(_Strict):
    kind: Literal["vaccination", "rt-pcr", "atk"]
    slot_at: dt.datetime = Field(description="the slot; naive values are Bangkok time")
    signer_id: int = Field(gt=0, description="the CA's signer who performs it and signs the result")
    citizen_id: str = Field(description="13 digits; stored only as a keyed hash")
    holder: Holder
    facility: Facility = Field(description="the facility block printed on the certificate")
    signer: Signer = Field(description="the signer block printed on the certificate")

    _slot = field_validator("slot_at")(_bangkok)

    @field_validator("citizen_id")
    @classmethod
    def _cid(cls, v: str) -> str:
        return validate_citizen_id(v)


class _Outcome(_Strict):
    citizen_id: str = Field(description="read again from the ID card: must be the booked citizen's; never stored")
    remarks: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None

    @field_validator("citizen_id")
    @classmethod
    def _cid(cls, v: str) -> str:
        return validate_citizen_id(v)


class VaccinationOutcome(_Outcome):
    vaccine: Short = Field(description="product as written on Thai records: Comirnaty, CoronaVac, ...")
    manufacturer: Short
    batch: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    dose_number: int = Field(ge=1, le=9)
    total_doses: int = Field(ge=1, le=9)
    date: dt.date | None = Field(default=None, description="default: the slot's day")
    administered_by: Short | None = None
    vaccine_code: Code | None = None
    product_code: Code | None = None
    manufacturer_code: Code | None = None
    next_dose_due: dt.date | None = None


class RtPcrOutcome(_Outcome):
    lab_number: Short
    specimen: Literal["nasopharyngeal-swab", "throat-swab", "np-throat-swab", "saliva", "sputum"]
    collected_at: dt.datetime
    received_at: dt.datetime
    reported_at: dt.datetime
    result: Literal["not-detected", "detected", "inconclusive"]
    analyst: Short
    method: Short = "Real-time RT-PCR"
    targets: list[dict[str, Any]] = Field(default_factory=list, max_length=6)

    _times = field_validator("collected_at", "received_at", "reported_at")(_bangkok)


class AtkOutcome(_Outcome):
    sample_collected_at: dt.datetime
    specimen: Literal["nasal", "nasopharyngeal", "throat", "saliva"]
    kit_name: Short
    kit_manufacturer: Short
    thai_fda_reg_no: Short
    professional_use: bool
    result: Literal["negative", "positive", "invalid"]
    tested_by: Short | None = None
    device: Code | None = Field(default=None, description="EU DCC rapid-test device id (ma), e.g. 1232")

    _time = field_validator("sample_collected_at")(_bangkok)


OUTCOMES: dict[str, type[_Outcome]] = {"vaccination": VaccinationOutcome, "rt-pcr": RtPcrOutcome,
                                       "atk": AtkOutcome}


def _parse(model: type[BaseModel], data: Any, what: str) -> Any:
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        raise InputError(f"{what}: a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)
        parts = [f"{'.'.join(str(p) for p in e['loc']) or what}: {str(e['msg']).removeprefix('Value error, ')}"
                 for e in first[:5]]
        raise InputError(f"invalid {what}: " + "; ".join(parts), code="booking-input") from None


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


class BookingService:
    """Book, list, cancel and complete appointments; completion issues through ``client``.

    ``facility_id`` arguments scope every call to one facility (the routes pass the caller's);
    an appointment of another facility is answered as if it did not exist. ``checks``: the
    host's :class:`~mohpromt_ca.plugins.DocumentChecks` (``context.documents``), which build and
    check the DCC before anything is issued.
    """

    def __init__(self, store: BookingStore, client: Any, clock: Any = SYSTEM_CLOCK, *,
                 level: str | None = None, checks: DocumentChecks | None = None) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.level = level
        self.checks = checks

    # -- booking and reading ----------------------------------------------------------------
    def book(self, facility_id: int, request: dict[str, Any] | BookingRequest) -> Appointment:
        req: BookingRequest = _parse(BookingRequest, request, "booking")
        allowed = get_type(KINDS[req.kind][0]).schema.allowed_professions
        if req.signer.profession not in allowed:
            raise InputError(f"signer.profession: a {req.signer.profession} may not sign a {req.kind} result "
                             f"(allowed: {', '.join(sorted(allowed))})", code="booking-input")
        signer = req.signer.model_dump(mode="json", exclude_none=True, exclude=set(_SIGNER_COMPUTED))
        issuer = {"facility": req.facility.model_dump(mode="json", exclude_none=True), "signer": signer}
        return self.store.add(facility_id=facility_id, signer_id=req.signer_id, kind=req.kind,
                              slot_at=req.slot_at.astimezone(dt.UTC),
                              citizen_hash=self.store.citizen_hash(req.citizen_id),
                              holder=req.holder.model_dump(mode="json", exclude_none=True), issuer=issuer,
                              now=self.clock.now())

    def get(self, appointment_id: str, *, facility_id: int | None = None, signer_id: int | None = None
            ) -> Appointment:
        found = self.store.get(appointment_id)
        if (found is None or (facility_id is not None and found.facility_id != facility_id)
                or (signer_id is not None and found.signer_id != signer_id)):
            raise NotFound(f"no appointment {str(appointment_id)[:40]!r}")
        return found

    def list(self, facility_id: int, *, status: str | None = None, day: dt.date | None = None,
             citizen_id: str | None = None, signer_id: int | None = None) -> list[Appointment]:
        """A facility's appointments, by slot; ``day`` is a Bangkok calendar day."""
        start = end = None
        if day is not None:
            start = dt.datetime.combine(day, dt.time(), BANGKOK).astimezone(dt.UTC)
            end = start + dt.timedelta(days=1)
        citizen_hash = None
        if citizen_id is not None:
            try:
                citizen_hash = self.store.citizen_hash(validate_citizen_id(citizen_id))
            except ValueError as exc:
                raise InputError(f"citizen_id: {exc}", code="booking-input") from None
        return self.store.list(facility_id=facility_id, signer_id=signer_id, status=status,
                               citizen_hash=citizen_hash, start=start, end=end)

    def cancel(self, appointment_id: str, *, facility_id: int | None = None, reason: str = "cancelled",
               signer_id: int | None = None) -> Appointment:
        """Cancel a booked (or failed, nothing issued) appointment. Issued documents are the CA's
        to revoke; an appointment that has any is not cancelled."""
        found = self.get(appointment_id, facility_id=facility_id, signer_id=signer_id)
        if found.status == "cancelled":
            return found
        if found.documents:
            raise StateError(f"appointment {found.id} has issued documents; revoke them through the CA instead")
        reason = (reason or "cancelled").strip()[:200] or "cancelled"
        if not self.store.transition(found.id, allowed=("booked", "failed"), now=self.clock.now(),
                                     status="cancelled", cancel_reason=reason, outcome=None):
            raise StateError(f"appointment {found.id} is {self.get(found.id).status}; it cannot be cancelled")
        return self.get(found.id)

    def documents(self, appointment_id: str, *, facility_id: int | None = None, signer_id: int | None = None,
                  refresh: bool = False) -> builtins.list[Attachment]:
        """The attached documents; ``refresh`` asks the CA for their status first (a module out
        of process gets no revocation events)."""
        found = self.get(appointment_id, facility_id=facility_id, signer_id=signer_id)
        if refresh:
            for doc in found.documents:
                info = self.client.document_status(doc.number)
                if info.status != doc.status:
                    self.store.set_document_status(doc.number, status=info.status, revoked_at=info.revoked_at,
                                                   reason=info.revocation_reason)
            found = self.get(found.id)
        return list(found.documents)

    def fetch_pdf(self, appointment_id: str, *, facility_id: int | None = None, signer_id: int | None = None
                  ) -> bytes:
        found = self.get(appointment_id, facility_id=facility_id, signer_id=signer_id)
        record = found.document("record")
        if record is None:
            raise NotFound(f"appointment {found.id} has no issued PDF yet")
        return self.client.fetch_pdf(record.number)

    def mark_revoked(self, number: str, *, reason: str, at: dt.datetime | None = None) -> bool:
        """A document the CA revoked: mark its attachment (event handler). False if not ours."""
        return self.store.set_document_status(number, status="revoked", revoked_at=at or self.clock.now(),
                                              reason=reason)

    # -- completing --------------------------------------------------------------------------
    def complete(self, appointment_id: str, outcome: dict[str, Any], *, facility_id: int | None = None,
                 signer_id: int | None = None) -> Appointment:
        """Record the service as done and issue its documents (see the module's docstring)."""
        found = self.get(appointment_id, facility_id=facility_id, signer_id=signer_id)
        if found.status == "cancelled":
            raise StateError(f"appointment {found.id} was cancelled")
        parsed = _parse(OUTCOMES[found.kind], outcome, "outcome")
        if self.store.citizen_hash(parsed.citizen_id) != found.citizen_hash:
            raise InputError("citizen_id: this is not the citizen the appointment was booked for",
                             code="citizen-mismatch")
        kept = parsed.model_dump(mode="json", exclude={"citizen_id"})
        digest = self.store.outcome_digest(_canonical(kept))
        if found.outcome_digest is not None and found.outcome_digest != digest:
            if found.documents or found.status == "completed":
                raise StateError(f"appointment {found.id} was completed with a different outcome; its documents "
                                 "are issued (revoke them through the CA, then book again)")
        if found.status == "completed":
            return found  # a retry: nothing to issue
        completed_at = found.completed_at if found.outcome_digest == digest and found.completed_at else None
        completed_at = completed_at or self.clock.now().replace(microsecond=0)
        # everything the documents need is checked before anything is recorded or issued
        plan = self._plan(found, parsed, kept, completed_at)
        if not self.store.transition(found.id, allowed=("booked", "failed", "in-progress"), now=self.clock.now(),
                                     status="in-progress", outcome=kept, outcome_digest=digest,
                                     completed_at=completed_at, failure=None):
            return self.get(found.id)  # completed or cancelled meanwhile
        failures = []
        for role, issue in plan:
            if found.document(role) is not None:
                continue
            try:
                self._attach(found.id, role, issue())
            except MohpromtError as exc:
                failures.append(f"{role}: {exc.code}: {exc}")
                break  # keep the order: nothing after a refusal
        if failures:
            self.store.transition(found.id, allowed=("in-progress",), now=self.clock.now(), status="failed",
                                  failure="; ".join(failures)[:2000])
        else:
            self.store.transition(found.id, allowed=("in-progress",), now=self.clock.now(), status="completed",
                                  outcome=None, failure=None)
        return self.get(found.id)

    def _attach(self, appointment_id: str, role: str, info: Any) -> None:
        self.store.attach(appointment_id, role, number=info.number, kind=info.kind, type=info.type,
                          sha256=info.sha256, hc1=info.hc1, issued_at=info.issued_at, status=info.status,
                          revoked_at=info.revoked_at, revocation_reason=info.revocation_reason)

    def _issued_already(self, number: str, exc: MohpromtError) -> Any:
        """The CA says this request or number was issued before: look the document up instead."""
        try:
            return self.client.document_status(number)
        except NotFound:
            raise exc from None

    def _plan(self, appointment: Appointment, outcome: Any, kept: dict[str, Any],
              completed_at: dt.datetime) -> builtins.list[tuple[str, Any]]:
        """[(role, issue)] for the appointment's documents, every input validated first."""
        from mohpromt_verifier.formats.hcert.uvci import generate_uvci

        if self.checks is None:
            raise StateError("booking: completing needs the host's document checks (context.documents)")

        type_key, prefix = KINDS[appointment.kind]
        number = f"{prefix}-{appointment.id}"
        uvci = generate_uvci("TH", issuer=UVCI_ISSUER, opaque=appointment.id)
        data = self._pdf_data(appointment, outcome, kept, number, completed_at)
        ctype = get_type(type_key)
        model = ctype.validate(data)  # TemplateInputError names the field
        dcc = self._dcc_data(appointment, model, outcome, uvci, self.checks)
        if dcc is not None:
            self.checks.check_dcc(dcc, dcc_type=next(k for k in ("vaccination", "test") if k in dcc))
        key = f"booking:{appointment.id}"
        signer_id = appointment.signer_id

        def issue_pdf() -> Any:
            try:
                return self.client.issue_pdf(type_key, data, signer_id=signer_id, level=self.level,
                                             idempotency_key=f"{key}:record")
            except MohpromtError as exc:
                if isinstance(exc, AlreadyExists) or exc.code in ("already-exists", "idempotency-key-reused"):
                    return self._issued_already(number, exc)
                raise

        plan: builtins.list[tuple[str, Any]] = [("record", issue_pdf)]
        if dcc is not None:
            dcc_type = "vaccination" if "vaccination" in dcc else "test"

            def issue_dcc() -> Any:
                try:
                    return self.client.issue_dcc(dcc, dcc_type=dcc_type, idempotency_key=f"{key}:dcc")
                except MohpromtError as exc:
                    if isinstance(exc, AlreadyExists) or exc.code in (
                            "already-exists", "already-issued", "uvci-taken", "idempotency-key-reused"):
                        return self._issued_already(uvci, exc)
                    raise

            plan.append(("dcc", issue_dcc))
        return plan

    @staticmethod
    def _patient(appointment: Appointment, citizen_id: str, *, latin: bool) -> dict[str, Any]:
        h = appointment.holder
        patient = {"title": h["title"], "name_th": h["name_th"], "name_en": h["name_en"], "citizen_id": citizen_id,
                   "date_of_birth": h["date_of_birth"]}
        for name in ("title_en", "sex"):
            if h.get(name):
                patient[name] = h[name]
        if latin:  # the vaccination record carries the passport spelling for its DCC
            patient["family_name_en"] = h["family_name_latin"]
            if h.get("given_name_latin"):
                patient["given_name_en"] = h["given_name_latin"]
        return patient

    def _pdf_data(self, appointment: Appointment, outcome: Any, kept: dict[str, Any], number: str,
                  completed_at: dt.datetime) -> dict[str, Any]:
        issuer = appointment.issuer
        data: dict[str, Any] = {"document_number": number, "issued_at": completed_at.astimezone(BANGKOK).isoformat(),
                                "facility": dict(issuer["facility"]), "signer": dict(issuer["signer"]),
                                "patient": self._patient(appointment, outcome.citizen_id,
                                                         latin=appointment.kind == "vaccination")}
        if appointment.kind == "vaccination":
            dose = {name: kept[name] for name in ("dose_number", "total_doses", "vaccine", "manufacturer", "batch")}
            dose["date"] = kept["date"] or appointment.slot_at.astimezone(BANGKOK).date().isoformat()
            dose["centre"] = issuer["facility"]["name_th"]
            dose["country"] = "TH"
            for name in ("administered_by", "vaccine_code", "product_code", "manufacturer_code"):
                if kept.get(name):
                    dose[name] = kept[name]
            data.update(disease="COVID-19", doses=[dose], next_dose_due=kept.get("next_dose_due"))
        elif appointment.kind == "rt-pcr":
            data.update({name: kept[name] for name in ("lab_number", "specimen", "collected_at", "received_at",
                                                         "reported_at", "method", "targets", "result", "analyst")})
        else:
            data.update({name: kept[name] for name in ("sample_collected_at", "specimen", "kit_name",
                                                         "kit_manufacturer", "thai_fda_reg_no", "professional_use",
                                                         "result")})
            if kept.get("tested_by"):
                data["tested_by"] = kept["tested_by"]
        if kept.get("remarks") and appointment.kind != "vaccination":
            data["remarks"] = kept["remarks"]
        return data

    @staticmethod
    def _dcc_data(appointment: Appointment, model: Any, outcome: Any, uvci: str,
                  checks: DocumentChecks) -> dict[str, Any] | None:
        """The typed DCC input, or None when the EU DCC cannot say the result."""
        if appointment.kind == "vaccination":
            dcc = checks.dcc_from_vaccination_record(model)  # refuses naming the record's field
            dcc["vaccination"]["uvci"] = uvci
            return dcc
        h = appointment.holder
        holder: dict[str, Any] = {"family_name": h["family_name_latin"], "date_of_birth": h["date_of_birth"]}
        if h.get("given_name_latin"):
            holder["given_name"] = h["given_name_latin"]
        centre = appointment.issuer["facility"]["name_en"][:80]
        if appointment.kind == "rt-pcr":
            result = {"not-detected": NOT_DETECTED, "detected": DETECTED}.get(outcome.result)
            if result is None:
                return None
            test = {"test_type": NAAT, "result": result, "name": outcome.method[:80],
                    "sample_collected_at": outcome.collected_at.isoformat(), "centre": centre, "uvci": uvci}
        else:
            result = {"negative": NOT_DETECTED, "positive": DETECTED}.get(outcome.result)
            if result is None:
                return None
            test = {"test_type": RAPID_ANTIGEN, "result": result,
                    "sample_collected_at": outcome.sample_collected_at.isoformat(), "centre": centre, "uvci": uvci}
            if outcome.device:
                test["device"] = outcome.device
        return {"holder": holder, "test": test}
