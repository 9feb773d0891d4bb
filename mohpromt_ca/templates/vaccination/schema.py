"""Vaccination record / certificate (WHO DDCC:VS and IHR-style fields, English first)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, model_validator

from mohpromt_ca.templates.common import CertificateInput, Model, Patient, ShortText, TemplateMeta

META = TemplateMeta(
    key="vaccination",
    title_th="ใบรับรองการได้รับวัคซีน",
    title_en="Certificate of Vaccination",
    signer_role_th="ผู้รับรอง",
    signer_role_en="Certified by",
    description="Per-dose record: vaccine, manufacturer, batch, date, dose n of N, centre.",
)


LatinName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
DccCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class Vaccinee(Patient):
    name_en: ShortText
    date_of_birth: dt.date
    family_name_en: LatinName | None = Field(
        default=None, description="family name in Latin script as in the passport (for the EU DCC)")
    given_name_en: LatinName | None = Field(
        default=None, description="given name(s) in Latin script as in the passport (for the EU DCC)")


class Dose(Model):
    dose_number: Annotated[int, Field(ge=1, le=20)]
    total_doses: Annotated[int, Field(ge=1, le=20)]
    date: dt.date
    vaccine: ShortText
    manufacturer: ShortText
    batch: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    centre: ShortText
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = "TH"
    administered_by: ShortText | None = None
    # EU value-set codes for the DCC; known products (Comirnaty, CoronaVac, ...) are coded
    # from ``vaccine`` when these are left out (issuer/pdf/vaccination_dcc.py)
    vaccine_code: DccCode | None = Field(default=None, description="EU DCC vp, e.g. 1119349007")
    product_code: DccCode | None = Field(default=None, description="EU DCC mp, e.g. EU/1/20/1528")
    manufacturer_code: DccCode | None = Field(default=None, description="EU DCC ma, e.g. ORG-100030215")


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician", "pharmacist"})
    event_dates: ClassVar[tuple[str, ...]] = ("doses[].date",)  # a lifetime record: no window

    patient: Vaccinee
    disease: ShortText = Field(default="COVID-19", description="disease or agent targeted")
    doses: list[Dose] = Field(min_length=1, max_length=10)
    next_dose_due: dt.date | None = None

    @model_validator(mode="after")
    def _doses(self) -> Input:
        for i, d in enumerate(self.doses):
            if d.dose_number > d.total_doses:
                raise ValueError(f"doses.{i}: dose_number exceeds total_doses")
            if i and d.date < self.doses[i - 1].date:
                raise ValueError(f"doses.{i}: doses must be in date order")
        return self
