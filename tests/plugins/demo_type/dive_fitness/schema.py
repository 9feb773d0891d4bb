"""Fitness to dive: a certificate type added by a third-party plugin (tests)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from mohpromt_ca.templates.common import CertificateInput, LocalDateTime, TemplateMeta, Text

META = TemplateMeta(
    key="dive-fitness",
    title_th="ใบรับรองแพทย์ ความเหมาะสมในการดำน้ำ",
    title_en="Medical Certificate: Fitness to Dive",
    signer_role_th="แพทย์ผู้ตรวจ",
    signer_role_en="Examining physician",
    description="Recreational diving medical (plugin demo).",
)


class Input(CertificateInput):
    allowed_professions: ClassVar[frozenset[str]] = frozenset({"physician"})

    examined_at: LocalDateTime
    fit: bool = Field(description="fit to dive")
    valid_until: dt.date
    remarks: Text | None = None
