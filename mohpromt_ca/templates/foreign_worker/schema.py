"""Health check of a foreign (migrant) worker (ใบรับรองแพทย์ การตรวจสุขภาพคนต่างด้าว)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from mohpromt_ca.templates.common import (
    CertificateInput,
    Model,
    Patient,
    ShortText,
    TemplateMeta,
    Text,
    Vitals,
)

META = TemplateMeta(
    key="foreign-worker",
    title_th="ใบรับรองแพทย์ การตรวจสุขภาพคนต่างด้าว",
    title_en="Health Certificate for a Foreign Worker",
    signer_role_th="แพทย์ผู้ตรวจ",
    signer_role_en="Examining physician",
    description="Migrant-worker health check: prohibited diseases, conclusion 1 / 2 / 3.",
)


class Worker(Patient):
    name_en: ShortText
    date_of_birth: dt.date
    nationality: ShortText
    sex: Literal["male", "female"]
    birthplace: ShortText | None = Field(default=None, description="เมืองที่เกิด")
    country: ShortText | None = Field(default=None, description="ประเทศ")
    occupation: ShortText
    address: Text


class Employer(Model):
    name: ShortText
    address: Text


Standard = Literal["normal", "treat", "prohibited"]


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician"})
    event_dates: ClassVar[tuple[str, ...]] = ("exam_date",)
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=30)
    dates_default_to_issue: ClassVar[tuple[str, ...]] = ("exam_date",)

    patient: Worker
    employer: Employer
    exam_date: dt.date = Field(  # type: ignore[assignment]  # None: filled from issued_at
        default=None, description="examination date (left out: the issue date); never in the future")
    vitals: Vitals
    skin_colour: ShortText | None = None
    general_state: Text = Field(description="สภาพร่างกาย จิตใจทั่วไป")
    tuberculosis: Standard = Field(description="normal / treat / prohibited (dangerous stage)")
    leprosy: Standard = Field(description="normal / treat / prohibited (contagious or offensive)")
    elephantiasis: Standard = Field(description="normal / treat / prohibited (offensive)")
    syphilis: Standard = Field(description="normal / treat / prohibited (stage 3)")
    drugs: Literal["normal", "found", "confirm"]
    alcoholism: Literal["normal", "present"]
    pregnancy: Literal["not-pregnant", "pregnant"] | None = Field(default=None, description="required for women")
    other_findings: Text | None = None
    conclusion: Literal[1, 2, 3] = Field(description="1 healthy; 2 passed, needs treatment; 3 failed")
    conclusion_treat: list[Literal["tuberculosis", "leprosy", "elephantiasis", "syphilis"]] = Field(
        default_factory=list, description="for conclusion 2"
    )
    conclusion_fail_reason: Literal["3.1", "3.2"] | None = Field(default=None, description="for conclusion 3")
    validity_days: Annotated[int, Field(ge=1, le=366)] = Field(
        default=90, description="days valid from the exam (sources say 60 or 90; set from configuration)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Input:
        if self.patient.sex == "female" and self.pregnancy is None:
            raise ValueError("pregnancy is required for a female worker")
        if self.conclusion == 2 and not self.conclusion_treat:
            raise ValueError("conclusion_treat is required when conclusion is 2")
        if self.conclusion == 3 and self.conclusion_fail_reason is None:
            raise ValueError("conclusion_fail_reason is required when conclusion is 3")
        if self.conclusion == 1 and any(
            v != "normal" for v in (self.tuberculosis, self.leprosy, self.elephantiasis, self.syphilis,
                                    self.drugs, self.alcoholism)
        ):
            raise ValueError("conclusion 1 (healthy) contradicts an abnormal finding")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid_until(self) -> dt.date:
        return self.exam_date + dt.timedelta(days=self.validity_days)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age_years(self) -> int:
        dob, d = self.patient.date_of_birth, self.exam_date
        return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))
