"""The DCC forms' coded fields as choices: each code by its Thai and English name.

English names are the value sets' own ``display`` (the EU DCC value sets the verifier
vendors, ``mohpromt_verifier/formats/hcert/data/valuesets``); Thai names come from
``THAI_NAMES`` below, a small table checked against the Thai Ministry of Public Health's and
the Thai FDA's usage (disease, vaccine types, test types and results, and the products and
manufacturers used in Thailand's programme). A code with no Thai name is a brand or company
name and is shown as the value set spells it. Deprecated codes (``"active": false``) are
not offered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: form field (dotted, row numbers left out) -> value-set file stem
FIELD_VALUE_SET: dict[str, str] = {
    "vaccination.disease": "disease-agent-targeted",
    "vaccination.vaccine": "vaccine-prophylaxis",
    "vaccination.product": "vaccine-medicinal-product",
    "vaccination.manufacturer": "vaccine-mah-manf",
    "test.disease": "disease-agent-targeted",
    "test.test_type": "test-type",
    "test.result": "test-result",
    "test.device": "test-manf-example",
    "recovery.disease": "disease-agent-targeted",
}

THAI_NAMES: dict[str, dict[str, str]] = {
    "disease-agent-targeted": {"840539006": "โรคติดเชื้อไวรัสโคโรนา 2019 (โควิด-19)"},
    "vaccine-prophylaxis": {
        "1119305005": "วัคซีนชนิดแอนติเจนของเชื้อ SARS-CoV-2",
        "1119349007": "วัคซีนชนิด mRNA",
        "1162643001": "วัคซีนชนิดโปรตีนหนามลูกผสม (recombinant spike protein)",
        "1157024006": "วัคซีนชนิดเชื้อตาย (inactivated)",
        "29061000087103": "วัคซีนชนิดไวรัลเวกเตอร์",
        "28531000087107": "วัคซีนโควิด-19",
        "30141000087107": "วัคซีนชนิดอนุภาคคล้ายไวรัส (VLP)",
        "1187593009": "วัคซีนชนิดดีเอ็นเอพลาสมิด",
    },
    "vaccine-medicinal-product": {
        "EU/1/20/1528": "โคเมอร์แนตี (ไฟเซอร์-ไบโอเอ็นเทค)",
        "EU/1/20/1507": "สไปก์แวกซ์ (โมเดอร์นา)",
        "EU/1/21/1529": "แวกซ์เซฟเรีย (แอสตร้าเซนเนก้า)",
        "EU/1/20/1525": "เจโควเดน (จอห์นสัน แอนด์ จอห์นสัน)",
        "CoronaVac": "โคโรนาแวค (ซิโนแวค)",
        "BBIBP-CorV": "ซิโนฟาร์ม (BBIBP-CorV)",
        "Covishield": "โควิชีลด์ (สถาบันเซรุ่มแห่งอินเดีย)",
        "EU/1/21/1618": "นูวาโซวิด (โนวาแวกซ์)",
        "Covovax": "โคโววักซ์ (สถาบันเซรุ่มแห่งอินเดีย)",
        "Sputnik-V": "สปุตนิก วี",
        "Covaxin": "โคแวกซิน",
    },
    "vaccine-mah-manf": {
        "ORG-100001699": "แอสตร้าเซนเนก้า",
        "ORG-100030215": "ไบโอเอ็นเทค",
        "ORG-100001417": "แจนเซ่น-ซีแล็ก",
        "ORG-100031184": "โมเดอร์นา",
        "ORG-100020693": "ซิโนฟาร์ม (ปักกิ่ง)",
        "Sinovac-Biotech": "ซิโนแวค ไบโอเทค",
        "ORG-100001981": "สถาบันเซรุ่มแห่งอินเดีย",
        "ORG-100032020": "โนวาแวกซ์",
        "Gamaleya-Research-Institute": "สถาบันวิจัยกามาเลยา",
        "Bharat-Biotech": "ภารัต ไบโอเทค",
    },
    "test-type": {
        "LP6464-4": "การตรวจหาสารพันธุกรรม (NAAT เช่น RT-PCR)",
        "LP217198-3": "การตรวจหาแอนติเจนอย่างรวดเร็ว (ATK)",
    },
    "test-result": {"260415000": "ตรวจไม่พบเชื้อ", "260373001": "ตรวจพบเชื้อ"},
    "test-manf-example": {},
}


@dataclass(frozen=True)
class Choice:
    code: str
    thai: str | None
    english: str

    def text(self, lang: str) -> str:
        """Thai pages: the Thai name with the English one after it; English pages: the English name."""
        if lang == "th" and self.thai:
            return f"{self.thai} — {self.english}"
        return self.english


@lru_cache(maxsize=16)
def choices(stem: str) -> tuple[Choice, ...]:
    """The active codes of one value set: Thai-named ones first (in the table's order), then the rest by name."""
    text = resources.files("mohpromt_verifier.formats.hcert").joinpath(f"data/valuesets/{stem}.json") \
        .read_text("utf-8")
    values = json.loads(text).get("valueSetValues") or {}
    thai = THAI_NAMES.get(stem, {})
    active = {code: str(v.get("display") or code) for code, v in values.items() if v.get("active") is not False}
    named = [Choice(code, name, active[code]) for code, name in thai.items() if code in active]
    rest = sorted((Choice(code, None, display) for code, display in active.items() if code not in thai),
                  key=lambda c: c.english.lower())
    return tuple(named + rest)


def field_choices(lang: str, field: str) -> list[tuple[str, str]] | None:
    """(code, text) for a coded DCC form field, or None when ``field`` is not coded."""
    stem = FIELD_VALUE_SET.get(field)
    if stem is None:
        return None
    return [(c.code, c.text(lang)) for c in choices(stem)]
