"""COVID-19 antigen test kit (ATK) result, performed at a facility."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from mohpromt_ca.templates.common import CertificateInput, LocalDateTime, ShortText, TemplateMeta, Text

META = TemplateMeta(
    key="atk",
    title_th="ใบรับรองผลการตรวจโควิด 19 ด้วยชุดตรวจแอนติเจน (ATK)",
    title_en="COVID-19 Antigen Test (ATK) Result",
    signer_role_th="ผู้รับรองผลการตรวจ",
    signer_role_en="Certifying professional",
    description="Rapid antigen test done by a facility (home tests are not certified).",
)


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician", "pharmacist", "medical-technologist"})
    event_dates: ClassVar[tuple[str, ...]] = ("sample_collected_at",)
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=7)

    sample_collected_at: LocalDateTime
    specimen: Literal["nasal", "nasopharyngeal", "throat", "saliva"]
    kit_name: ShortText
    kit_manufacturer: ShortText
    thai_fda_reg_no: ShortText = Field(description="Thai FDA registration number of the kit")
    professional_use: bool = Field(description="kit registered for professional use")
    result: Literal["negative", "positive", "invalid"]
    tested_by: ShortText | None = Field(default=None, description="person who performed the test")
    remarks: Text | None = None
