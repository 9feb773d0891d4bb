"""COVID-19 infection and release from isolation (HI/CI/hospital)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from mohpromt_ca.templates.common import CertificateInput, LongText, ShortText, TemplateMeta

META = TemplateMeta(
    key="covid-release",
    title_th="ใบรับรองแพทย์ การติดเชื้อโควิด 19 และการพ้นระยะแยกกักตัว",
    title_en="Medical Certificate: COVID-19 Infection and Release from Isolation",
    signer_role_th="แพทย์ผู้ดูแลรักษา",
    signer_role_en="Supervising physician",
    description="Diagnosis, isolation setting and period, completed treatment and fitness to return.",
)


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician"})
    event_dates: ClassVar[tuple[str, ...]] = ("first_positive_date", "isolation_start")
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=90)

    diagnosis_code: ShortText = Field(default="U07.1", description="ICD-10")
    first_positive_date: dt.date
    test_type: Literal["atk", "rt-pcr"]
    setting: Literal["home-isolation", "community-isolation", "hospital", "hospitel"]
    isolation_start: dt.date
    isolation_end: dt.date
    fit_to_return: bool = Field(description="completed isolation and may return to work/school")
    recommendations: LongText | None = None

    @model_validator(mode="after")
    def _dates(self) -> Input:
        if self.isolation_end < self.isolation_start:
            raise ValueError("isolation_end is before isolation_start")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def isolation_days(self) -> int:
        return (self.isolation_end - self.isolation_start).days + 1
