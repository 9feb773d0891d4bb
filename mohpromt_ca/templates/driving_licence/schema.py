"""Medical certificate for a driving licence (ใบรับรองแพทย์ สำหรับใบอนุญาตขับรถ), TMC 2/2564."""

from __future__ import annotations

from pydantic import Field

from mohpromt_ca.templates.common import Declared, ShortText, TemplateMeta, Text
from mohpromt_ca.templates.general_health.schema import Input as GeneralInput

META = TemplateMeta(
    key="driving-licence",
    title_th="ใบรับรองแพทย์ (สำหรับใบอนุญาตขับรถ)",
    title_en="Medical Certificate for a Driving Licence",
    signer_role_th="แพทย์ผู้ตรวจร่างกาย",
    signer_role_en="Examining physician",
    description="Medical Council form 2/2564 required by the Department of Land Transport.",
    form_note="แบบฟอร์มนี้ได้รับการรับรองจากมติคณะกรรมการแพทยสภา ในการประชุมครั้งที่ 2/2564 วันที่ 4 กุมภาพันธ์ 2564",
)


class Input(GeneralInput):
    epilepsy: Declared = Field(description="4. โรคลมชัก (attach >1 year seizure-free record)")
    other_history: Text | None = Field(default=None, description="5. ประวัติอื่นที่สำคัญ")
    vision: ShortText | None = Field(default=None, description="optional; vision is tested at the DLT office")
