"""Doctor's opinion / sick-leave certificate (ใบแสดงความเห็นแพทย์)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, computed_field, model_validator

from mohpromt_ca.templates.common import (
    CertificateInput,
    LocalDateTime,
    LongText,
    TemplateMeta,
    Text,
)

META = TemplateMeta(
    key="doctor-opinion",
    title_th="ใบแสดงความเห็นแพทย์",
    title_en="Medical Opinion",
    signer_role_th="แพทย์ผู้ตรวจ",
    signer_role_en="Attending physician",
    description="Doctor's opinion and sick-leave certificate (no national form; common fields).",
)

Icd10 = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True,
                                         pattern=r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")]


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician", "dentist"})
    event_dates: ClassVar[tuple[str, ...]] = ("visit_at",)
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=30)

    visit_at: LocalDateTime = Field(description="เมื่อวันที่ … เวลา … น.")
    symptoms: Text | None = Field(default=None, description="อาการ")
    diagnosis: Text = Field(description="การวินิจฉัยโรค")
    icd10: list[Icd10] = Field(default_factory=list, max_length=5)
    opinion: LongText = Field(description="ความเห็นของแพทย์")
    attended_today: bool = Field(default=True, description="ผู้ป่วยได้มารับการตรวจรักษาในวันนี้จริง")
    rest_from: dt.date | None = None
    rest_to: dt.date | None = None

    @model_validator(mode="after")
    def _rest(self) -> Input:
        if (self.rest_from is None) != (self.rest_to is None):
            raise ValueError("rest_from and rest_to go together")
        if self.rest_from and self.rest_to and self.rest_to < self.rest_from:
            raise ValueError("rest_to is before rest_from")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rest_days(self) -> int | None:
        if self.rest_from and self.rest_to:
            return (self.rest_to - self.rest_from).days + 1
        return None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age_years(self) -> int | None:
        dob = self.patient.date_of_birth
        if dob is None:
            return None
        d = self.visit_at.date()
        return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))
