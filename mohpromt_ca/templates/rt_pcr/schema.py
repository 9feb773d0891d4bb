"""SARS-CoV-2 real-time RT-PCR result."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from mohpromt_ca.templates.common import (
    CertificateInput,
    LocalDateTime,
    Model,
    ShortText,
    TemplateMeta,
    Text,
)

META = TemplateMeta(
    key="rt-pcr",
    title_th="รายงานผลการตรวจหาเชื้อไวรัสโคโรนา 2019 ด้วยวิธี RT-PCR",
    title_en="SARS-CoV-2 RT-PCR Test Report",
    signer_role_th="ผู้รับรองรายงานผล",
    signer_role_en="Approved by",
    description="Specimen, collection/receipt/report times, method, result and laboratory.",
)


class Target(Model):
    gene: Annotated[str, Field(min_length=1, max_length=30)]
    ct: Annotated[float, Field(ge=0, le=60)] | None = None


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"medical-technologist", "physician"})
    event_dates: ClassVar[tuple[str, ...]] = ("collected_at", "received_at", "reported_at")
    event_window: ClassVar[dt.timedelta | None] = dt.timedelta(days=30)

    lab_number: ShortText = Field(description="หมายเลขวิเคราะห์")
    specimen: Literal["nasopharyngeal-swab", "throat-swab", "np-throat-swab", "saliva", "sputum"]
    collected_at: LocalDateTime
    received_at: LocalDateTime
    reported_at: LocalDateTime
    method: ShortText = "Real-time RT-PCR"
    targets: list[Target] = Field(default_factory=list, max_length=6)
    result: Literal["not-detected", "detected", "inconclusive"]
    analyst: ShortText = Field(description="ผู้วิเคราะห์ (name, title and licence as printed)")
    remarks: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Input:
        if self.received_at < self.collected_at:
            raise ValueError("received_at is before collected_at")
        if self.reported_at < self.received_at:
            raise ValueError("reported_at is before received_at")
        return self
