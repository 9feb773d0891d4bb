"""Laboratory result report (ใบรายงานผลการตรวจทางห้องปฏิบัติการ), ISO 15189 contents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, model_validator

from mohpromt_ca.templates.common import (
    CertificateInput,
    LocalDateTime,
    LongText,
    Model,
    ShortText,
    TemplateMeta,
)

META = TemplateMeta(
    key="lab-result",
    title_th="ใบรายงานผลการตรวจทางห้องปฏิบัติการ",
    title_en="Laboratory Report",
    signer_role_th="ผู้รับรองรายงานผล",
    signer_role_en="Authorised by",
    description="Tests with results, units, reference intervals and flags.",
)

Cell = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class LabItem(Model):
    test: Cell
    result: Cell
    unit: Annotated[str, StringConstraints(max_length=20)] | None = None
    reference: Annotated[str, StringConstraints(max_length=40)] | None = None
    flag: Literal["normal", "high", "low", "abnormal"] = "normal"


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"medical-technologist", "physician"})
    event_dates: ClassVar[tuple[str, ...]] = ("collected_at", "received_at", "reported_at")
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=90)

    lab_number: ShortText
    requested_by: ShortText | None = Field(default=None, description="requesting physician")
    specimen: ShortText
    collected_at: LocalDateTime
    received_at: LocalDateTime | None = None
    reported_at: LocalDateTime
    items: list[LabItem] = Field(min_length=1, max_length=30)
    interpretation: LongText | None = None
    reported_by: ShortText | None = Field(default=None, description="ผู้รายงานผล")

    @model_validator(mode="after")
    def _order(self) -> Input:
        if self.reported_at < self.collected_at:
            raise ValueError("reported_at is before collected_at")
        return self
