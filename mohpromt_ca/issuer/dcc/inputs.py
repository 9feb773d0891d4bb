"""Typed input for a DCC: the holder and exactly one event (vaccination, test, recovery).

Field names say what they are; ``mapping`` turns them into DCC JSON 1.3.x keys. Codes
(``vaccine``, ``product``, ``manufacturer``, ``test_type``, ``result``, ``device``,
``country``) are EU value-set codes; they are checked after mapping, and a refusal names
both the DCC path and the input field.

Names: ``family_name`` / ``given_name`` go to ``fn`` / ``gn`` as written (Thai script is
fine there). ``fnt`` / ``gnt`` are the ICAO 9303 transliteration of the *Latin* spelling:
``family_name_latin`` / ``given_name_latin``, as in the holder's passport. Thai script is
never romanised by machine; when the name is Latin already the ``*_latin`` fields may be
left out.

The WHO DDCC:VS extras (``sex``, ``identifier``, ``lot``, ``centre``, ``practitioner``,
``next_dose``) are used only by the ``th-dhp`` profile and never reach the EU DCC.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "COVID_19",
    "DEFAULT_ISSUER",
    "DccInput",
    "Holder",
    "RecoveryEvent",
    "TestEvent",
    "VaccinationEvent",
]

COVID_19 = "840539006"  # SNOMED CT, the only disease in the EU value set
DEFAULT_ISSUER = "Ministry of Public Health (Thailand)"

Text80 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]
Dob = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(19|20)\d\d(-\d\d){0,2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Holder(_Strict):
    family_name: Text80
    given_name: Text80 | None = None
    family_name_latin: Text80 | None = None
    """As in the passport; required when ``family_name`` is not in Latin script."""
    given_name_latin: Text80 | None = None
    date_of_birth: Dob
    """YYYY-MM-DD, or YYYY-MM / YYYY when the day or month is unknown."""
    sex: Literal["male", "female", "other", "unknown"] | None = None
    identifier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None


class _Event(_Strict):
    disease: Code = COVID_19
    country: Country = "TH"
    issuer: Text80 = DEFAULT_ISSUER
    uvci: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = None
    """Leave out to have one generated (URN:UVCI:01:TH:...#C), unique in the register."""


class VaccinationEvent(_Event):
    vaccine: Code
    """Vaccine or prophylaxis (``vp``), e.g. 1119349007 (mRNA) or J07BX03."""
    product: Code
    """Medicinal product (``mp``), e.g. EU/1/20/1528 or CoronaVac."""
    manufacturer: Code
    """Marketing authorisation holder or manufacturer (``ma``), e.g. ORG-100030215."""
    dose_number: int = Field(ge=1, le=9)
    total_doses: int = Field(ge=1, le=9)
    date: dt.date
    lot: Annotated[str, StringConstraints(max_length=64)] | None = None
    centre: Text80 | None = None
    practitioner: Text80 | None = None
    next_dose: dt.date | None = None


class TestEvent(_Event):
    test_type: Code
    """``tt``: LP6464-4 (NAAT, e.g. RT-PCR) or LP217198-3 (rapid antigen)."""
    result: Code
    """``tr``: 260415000 not detected, 260373001 detected."""
    sample_collected_at: dt.datetime
    """``sc``, with a time zone."""
    name: Text80 | None = None
    """``nm``: the NAAT test name."""
    device: Code | None = None
    """``ma``: the rapid-test device identifier (EU gateway list)."""
    centre: Text80 | None = None
    """``tc``: testing centre or facility."""

    @model_validator(mode="after")
    def _aware(self) -> TestEvent:
        if self.sample_collected_at.tzinfo is None:
            raise ValueError("sample_collected_at needs a time zone, e.g. 2021-08-30T09:15:00+07:00")
        return self


class RecoveryEvent(_Event):
    first_positive: dt.date
    """``fr``: date of the first positive NAAT test."""
    valid_from: dt.date
    valid_until: dt.date

    @model_validator(mode="after")
    def _order(self) -> RecoveryEvent:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class DccInput(_Strict):
    """``{"holder": {...}, "vaccination" | "test" | "recovery": {...}}``."""

    type: Literal["vaccination", "test", "recovery"] | None = None
    holder: Holder
    vaccination: VaccinationEvent | None = None
    test: TestEvent | None = None
    recovery: RecoveryEvent | None = None
    expires_at: dt.datetime | None = None
    """The HCERT's exp; default by type (see ``mapping.default_expiry``), never beyond the DSC."""

    @model_validator(mode="after")
    def _one_event(self) -> DccInput:
        present = [k for k in ("vaccination", "test", "recovery") if getattr(self, k) is not None]
        if len(present) != 1:
            raise ValueError("exactly one of vaccination, test, recovery is required"
                             f" (found {', '.join(present) or 'none'})")
        if self.type is not None and self.type != present[0]:
            raise ValueError(f"type says {self.type} but the event given is {present[0]}")
        if self.expires_at is not None and self.expires_at.tzinfo is None:
            raise ValueError("expires_at needs a time zone")
        return self

    @property
    def dcc_type(self) -> str:
        return next(k for k in ("vaccination", "test", "recovery") if getattr(self, k) is not None)

    @property
    def event(self) -> Any:
        return getattr(self, self.dcc_type)
