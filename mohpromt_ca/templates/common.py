"""Input pieces shared by every certificate type, and the errors the templates raise.

A certificate type's ``schema.py`` builds its input model from :class:`CertificateInput`
(facility, signer, patient, document number, issue time) plus its own fields. Values here
are validated once, in Python, and the Typst templates only lay them out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

from mohpromt_ca.errors import InputError, NotFound

# --------------------------------------------------------------------------- errors


class TemplateInputError(InputError):
    """The data for a certificate type does not match its schema.

    ``field`` is the dotted path of the first offending field (``patient.citizen_id``);
    ``errors`` lists every problem as ``(path, sentence)``.
    """

    code = "template-input"

    def __init__(self, type_key: str, errors: list[tuple[str, str]]) -> None:
        self.type_key = type_key
        self.errors = errors
        self.field = errors[0][0] if errors else ""
        parts = [f"{path}: {msg}" if path else msg for path, msg in errors[:5]]
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"invalid data for certificate type {type_key!r}: " + "; ".join(parts) + more)

    @classmethod
    def from_validation_error(cls, type_key: str, exc: ValidationError) -> TemplateInputError:
        errors: list[tuple[str, str]] = []
        for err in exc.errors(include_url=False, include_input=False):
            path = ".".join(str(p) for p in err["loc"])
            if err["type"] == "missing":
                msg = "required field is missing"
            else:
                msg = str(err["msg"])
                # pydantic prefixes ValueError messages with "Value error, "
                msg = msg.removeprefix("Value error, ")
            errors.append((path, msg))
        return cls(type_key, errors)


class UnknownCertificateType(NotFound):
    code = "unknown-certificate-type"


class RenderError(InputError):
    """Typst refused to lay the document out (a template bug or a value it cannot show)."""

    code = "render-failed"
    http_status = 500


# --------------------------------------------------------------------------- Thai conventions

TH_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
TH_MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")


def thai_date(d: dt.date, *, prefix: bool = True, abbreviated: bool = False) -> str:
    """``วันที่ 5 มีนาคม พ.ศ. 2568`` (Buddhist era = CE + 543)."""
    months = TH_MONTHS_ABBR if abbreviated else TH_MONTHS
    text = f"{d.day} {months[d.month - 1]} พ.ศ. {d.year + 543}"
    return f"วันที่ {text}" if prefix else text


def english_date(d: dt.date) -> str:
    """``5 March 2025``."""
    return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"


def thai_time(t: dt.datetime | dt.time) -> str:
    """``14.30 น.``"""
    return f"{t.hour:02d}.{t.minute:02d} น."


def citizen_id_check_digit(first12: str) -> int:
    """Check digit of a Thai 13-digit citizen ID from its first 12 digits."""
    total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
    return (11 - total % 11) % 10


def validate_citizen_id(value: str) -> str:
    """Return the 13 digits of a valid citizen ID, or raise ``ValueError`` saying why.

    Accepts the grouped form ``1-2345-67890-12-1`` and spaces.
    """
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"[0-9]{13}", digits):
        raise ValueError("citizen ID must have 13 digits")
    if len(set(digits)) == 1:
        raise ValueError("citizen ID cannot be one digit repeated")
    if citizen_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValueError("citizen ID check digit does not match")
    return digits


def format_citizen_id(digits: str) -> str:
    """``1-2345-67890-12-1`` (groups 1-4-5-2-1)."""
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


# --------------------------------------------------------------------------- professions

Profession = Literal["physician", "dentist", "pharmacist", "medical-technologist"]


@dataclass(frozen=True)
class ProfessionInfo:
    licence_prefix: str
    licence_label_th: str
    licence_label_en: str
    profession_th: str
    profession_en: str
    titles: tuple[str, ...]  # accepted professional titles, full and abbreviated


PROFESSIONS: dict[str, ProfessionInfo] = {
    "physician": ProfessionInfo(
        "ว.", "ใบอนุญาตประกอบวิชาชีพเวชกรรม", "Medical licence",
        "แพทย์", "Physician",
        ("นายแพทย์", "แพทย์หญิง", "นพ.", "พญ."),
    ),
    "dentist": ProfessionInfo(
        "ท.", "ใบอนุญาตประกอบวิชาชีพทันตกรรม", "Dental licence",
        "ทันตแพทย์", "Dentist",
        ("ทันตแพทย์หญิง", "ทันตแพทย์", "ทพญ.", "ทพ."),
    ),
    "pharmacist": ProfessionInfo(
        "ภ.", "ใบอนุญาตประกอบวิชาชีพเภสัชกรรม", "Pharmacy licence",
        "เภสัชกร", "Pharmacist",
        ("เภสัชกรหญิง", "เภสัชกร", "ภกญ.", "ภญ.", "ภก."),
    ),
    "medical-technologist": ProfessionInfo(
        "ทน.", "ใบอนุญาตประกอบวิชาชีพเทคนิคการแพทย์", "Medical technology licence",
        "นักเทคนิคการแพทย์", "Medical technologist",
        ("ทนพญ.", "ทนพ."),
    ),
}

# academic / military ranks that may precede a professional title: "ผศ.นพ.", "รศ. พญ."
_RANK_PREFIX = re.compile(r"^(?:(?:ศ\.|รศ\.|ผศ\.|ศ\.คลินิก|พล\.ต\.|พ\.อ\.|พ\.ต\.|ร\.อ\.|ร\.ต\.)\s*)*")

#: the title printed when the register's name carries none (gender-neutral)
NEUTRAL_TITLES: dict[str, str] = {"physician": "แพทย์", "dentist": "ทันตแพทย์", "pharmacist": "เภสัชกร",
                                  "medical-technologist": "นักเทคนิคการแพทย์"}


def split_title(profession: str, name_th: str) -> tuple[str | None, str]:
    """``("นายแพทย์", "สมชาย ใจดี")`` from the register's ``"นายแพทย์ สมชาย ใจดี"`` (a rank
    before the title is kept with it: ``"ผศ.นพ."``); ``(None, name)`` when the name has no
    title of the profession."""
    name = " ".join(name_th.split())
    info = PROFESSIONS.get(profession)
    if info is None:
        return None, name
    rank = _RANK_PREFIX.match(name)
    rest = name[rank.end():] if rank else name
    for title in sorted(info.titles + (NEUTRAL_TITLES.get(profession, ""),), key=len, reverse=True):
        if title and rest.startswith(title):
            bare = rest[len(title):].strip()
            if bare:
                return (name[:len(name) - len(rest)] + title).strip(), bare
    return None, name

# --------------------------------------------------------------------------- shared models

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Facility(Model):
    """The hospital, clinic or pharmacy issuing the certificate."""

    name_th: ShortText
    name_en: ShortText
    licence: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(
        description="ใบอนุญาตให้ประกอบกิจการสถานพยาบาล / facility licence number"
    )
    address: Text = Field(description="address in Thai")
    address_en: Text | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None


class Signer(Model):
    """The licensed professional who signs."""

    profession: Profession
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(
        description="professional title, e.g. นายแพทย์ / แพทย์หญิง / ทนพญ."
    )
    name_th: ShortText
    name_en: ShortText
    title_en: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None, description="e.g. Dr., Assoc. Prof. Dr."
    )
    licence_no: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] = Field(
        description="licence number; the profession's prefix (ว./ท./ภ./ทน.) may be included"
    )
    position_th: ShortText | None = None
    position_en: ShortText | None = None

    @model_validator(mode="after")
    def _check(self) -> Signer:
        info = PROFESSIONS[self.profession]
        title = _RANK_PREFIX.sub("", self.title).strip()
        if title not in info.titles and title != NEUTRAL_TITLES.get(self.profession):
            raise ValueError(
                f"title {self.title!r} does not match profession {self.profession!r}"
                f" (expected one of {', '.join(info.titles)})"
            )
        raw = self.licence_no.replace(" ", "")
        m = re.fullmatch(r"(ว\.|ท\.|ภ\.|ทน\.|ทนพ\.)?([0-9]{1,10})", raw)
        if not m:
            raise ValueError(f"licence number {self.licence_no!r} must be digits, "
                             f"optionally after {info.licence_prefix}")
        if m.group(1) and m.group(1) != info.licence_prefix:
            raise ValueError(
                f"licence prefix {m.group(1)} does not match profession {self.profession!r} ({info.licence_prefix})"
            )
        object.__setattr__(self, "licence_no", m.group(2))
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def licence(self) -> str:
        """The licence as printed: ``ว.12345``."""
        return PROFESSIONS[self.profession].licence_prefix + self.licence_no

    @computed_field  # type: ignore[prop-decorator]
    @property
    def licence_label_th(self) -> str:
        return PROFESSIONS[self.profession].licence_label_th

    @computed_field  # type: ignore[prop-decorator]
    @property
    def licence_label_en(self) -> str:
        return PROFESSIONS[self.profession].licence_label_en

    @computed_field  # type: ignore[prop-decorator]
    @property
    def profession_th(self) -> str:
        return PROFESSIONS[self.profession].profession_th

    @computed_field  # type: ignore[prop-decorator]
    @property
    def profession_en(self) -> str:
        return PROFESSIONS[self.profession].profession_en


PersonTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]


class Patient(Model):
    """The person the certificate is about. One identifier: citizen ID or passport."""

    title: PersonTitle = Field(description="นาย / นาง / นางสาว / เด็กชาย / เด็กหญิง, or Mr / Ms …")
    name_th: ShortText
    name_en: ShortText | None = None
    title_en: Annotated[str, StringConstraints(max_length=20)] | None = None
    citizen_id: str | None = Field(default=None, description="13 digits, check digit verified")
    passport_no: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z0-9]{5,20}$")] | None = None
    nationality: ShortText | None = None
    date_of_birth: dt.date | None = None
    sex: Literal["male", "female", "other"] | None = None
    hn: Annotated[str, StringConstraints(max_length=20)] | None = Field(default=None, description="hospital number")
    address: Text | None = None

    @field_validator("citizen_id")
    @classmethod
    def _cid(cls, v: str | None) -> str | None:
        return None if v is None else validate_citizen_id(v)

    @model_validator(mode="after")
    def _one_identifier(self) -> Patient:
        if not self.citizen_id and not self.passport_no:
            raise ValueError("citizen_id or passport_no is required")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def citizen_id_display(self) -> str | None:
        return format_citizen_id(self.citizen_id) if self.citizen_id else None


class ThaiPatient(Patient):
    """A patient who must be identified by a Thai citizen ID."""

    citizen_id: str = Field(description="13 digits, check digit verified")


DocumentNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9/\-.]{2,39}$")
]


class CertificateInput(Model):
    """What every certificate carries. Types subclass this and add their fields."""

    #: professions allowed to sign this type; a subclass narrows it
    allowed_professions: ClassVar[frozenset[str]] = frozenset(PROFESSIONS)

    #: the fields holding the date(s) of the event the certificate certifies (the examination,
    #: the sample, the visit, each dose: ``doses[].date``); checked by ``templates.dates``: never
    #: after the issue time, never before the date of birth
    event_dates: ClassVar[tuple[str, ...]] = ()
    #: how long before the issue time the event may lie (``None``: no limit, e.g. a lifetime record)
    event_window: ClassVar[dt.timedelta | None] = None
    #: date fields that, when left out, are the issue date (an examination done the day it is certified)
    dates_default_to_issue: ClassVar[tuple[str, ...]] = ()

    document_number: DocumentNumber = Field(description="unique document number, printed and in the QR")
    issued_at: dt.datetime = Field(description="issue time: the signing time, set by the issuer from its clock")
    facility: Facility = Field(description="the issuing facility: filled from the register")
    signer: Signer = Field(description="the signing professional: filled from the register")
    patient: Patient

    @model_validator(mode="before")
    @classmethod
    def _issue_date_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not cls.dates_default_to_issue or not data.get("issued_at"):
            return data
        try:
            issued = data["issued_at"]
            issued = issued if isinstance(issued, dt.datetime) else dt.datetime.fromisoformat(str(issued))
        except ValueError:
            return data  # the field's own validation says what is wrong
        day = _to_bangkok(issued).date().isoformat()
        filled = dict(data)
        for name in cls.dates_default_to_issue:
            if filled.get(name) is None:
                filled[name] = day
        return filled

    @field_validator("issued_at")
    @classmethod
    def _bangkok(cls, v: dt.datetime) -> dt.datetime:
        return _to_bangkok(v)

    @model_validator(mode="after")
    def _profession_allowed(self) -> CertificateInput:
        if self.signer.profession not in self.allowed_professions:
            allowed = ", ".join(sorted(self.allowed_professions))
            raise ValueError(
                f"signer.profession {self.signer.profession!r} may not sign this certificate type (allowed: {allowed})"
            )
        return self


def _to_bangkok(v: dt.datetime) -> dt.datetime:
    return v.replace(tzinfo=BANGKOK) if v.tzinfo is None else v.astimezone(BANGKOK)


#: a date-time printed in Thai local time (naive values are taken as Bangkok time)
LocalDateTime = Annotated[dt.datetime, AfterValidator(_to_bangkok)]


class Declared(Model):
    """A "ไม่มี / มี (ระบุ)" answer: ``{"has": false}`` or ``{"has": true, "detail": "…"}``."""

    has: bool
    detail: Text | None = None

    @model_validator(mode="after")
    def _detail(self) -> Declared:
        if self.has and not self.detail:
            raise ValueError("detail is required when has is true")
        return self


class Vitals(Model):
    weight_kg: Annotated[float, Field(gt=0, le=400)]
    height_cm: Annotated[float, Field(gt=20, le=260)]
    bp_systolic: Annotated[int, Field(ge=40, le=300)] = Field(description="mm Hg")
    bp_diastolic: Annotated[int, Field(ge=20, le=200)] = Field(description="mm Hg")
    pulse_per_min: Annotated[int, Field(ge=20, le=250)]

    @model_validator(mode="after")
    def _bp(self) -> Vitals:
        if self.bp_diastolic >= self.bp_systolic:
            raise ValueError("bp_diastolic must be lower than bp_systolic")
        return self


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def dump_for_template(model: BaseModel) -> dict[str, Any]:
    """JSON-ready dict of a validated model (dates as ISO strings, computed fields included)."""
    return model.model_dump(mode="json", exclude_none=False)


# --------------------------------------------------------------------------- type metadata


@dataclass(frozen=True)
class SignatureRect:
    """Where the visible signature goes, in PDF user space (points, origin bottom-left).

    ``page`` is a page index; ``-1`` means the last page (the signer block is drawn on the
    last page of the document). ``box`` is ``(x1, y1, x2, y2)`` as pyHanko's
    ``SigFieldSpec(box=...)`` expects.
    """

    x1: float
    y1: float
    x2: float
    y2: float
    page: int = -1

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x1, self.y1, self.x2, self.y2)


A4_WIDTH_PT = 595.2756
A4_HEIGHT_PT = 841.8898

#: bottom right of an A4 page, above the printed name of the signer
DEFAULT_SIGNATURE_RECT = SignatureRect(x1=340.0, y1=108.0, x2=538.0, y2=156.0)


@dataclass(frozen=True)
class TemplateMeta:
    """Describes a certificate type. Each ``templates/<type>/schema.py`` defines ``META``."""

    key: str
    title_th: str
    title_en: str
    signer_role_th: str = "ผู้ออกใบรับรอง"
    signer_role_en: str = "Certifying professional"
    description: str = ""
    form_note: str = ""  # approval line printed in the footer (e.g. TMC meeting 4/2561)
    signature_rect: SignatureRect = field(default=DEFAULT_SIGNATURE_RECT)
