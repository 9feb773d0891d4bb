"""General medical certificate (ใบรับรองแพทย์), Medical Council form of 2561."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from mohpromt_ca.templates.common import (
    CertificateInput,
    Declared,
    LongText,
    TemplateMeta,
    Text,
    ThaiPatient,
    Vitals,
    add_months,
)

META = TemplateMeta(
    key="general-health",
    title_th="ใบรับรองแพทย์",
    title_en="Medical Certificate",
    signer_role_th="แพทย์ผู้ตรวจร่างกาย",
    signer_role_en="Examining physician",
    description="General health check on the Medical Council's form (2561).",
    form_note="แบบฟอร์มนี้ได้รับการรับรองจากมติคณะกรรมการแพทยสภา ในการประชุมครั้งที่ 4/2561 วันที่ 19 เมษายน 2561",
)


class Applicant(ThaiPatient):
    address: Text = Field(description="สถานที่อยู่ (ที่สามารถติดต่อได้) / contact address")


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician"})
    event_dates: ClassVar[tuple[str, ...]] = ("exam_date", "history_declared_on")
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=30)  # the certificate is valid a month
    dates_default_to_issue: ClassVar[tuple[str, ...]] = ("exam_date", "history_declared_on")

    patient: Applicant
    # part 1: the applicant's declared history
    history_declared_on: dt.date = Field(  # type: ignore[assignment]  # None: filled from issued_at
        default=None, description="date the applicant gave the history (part 1; left out: the issue date)")
    chronic_disease: Declared = Field(description="1. โรคประจำตัว")
    accident_surgery: Declared = Field(description="2. อุบัติเหตุ และ ผ่าตัด")
    hospital_admission: Declared = Field(description="3. เคยเข้ารับการรักษาในโรงพยาบาล")
    other_history: Text | None = Field(default=None, description="4. ประวัติอื่นที่สำคัญ")
    # part 2: the physician's examination
    exam_date: dt.date = Field(  # type: ignore[assignment]  # None: filled from issued_at
        default=None, description="examination date (left out: the issue date); never in the future")
    exam_place: Text | None = Field(default=None, description="สถานที่ตรวจ; defaults to the facility")
    vitals: Vitals
    general_condition: Literal["normal", "abnormal"]
    general_condition_detail: Text | None = None
    other_findings: Text | None = Field(default=None, description="(4) อื่น ๆ (ถ้ามี)")
    opinion: LongText = Field(description="สรุปความเห็นและข้อแนะนำของแพทย์")
    validity_months: Annotated[int, Field(ge=1, le=12)] = Field(
        default=1, description="months the certificate is valid from the exam date (form: 1)"
    )

    @model_validator(mode="after")
    def _condition(self) -> Input:
        if self.general_condition == "abnormal" and not self.general_condition_detail:
            raise ValueError("general_condition_detail is required when general_condition is abnormal")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid_until(self) -> dt.date:
        return add_months(self.exam_date, self.validity_months)
