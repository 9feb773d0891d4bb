"""What each issuance form issues: a PDF certificate type, or a DCC (vaccination / test / recovery).

A :class:`FormKind` knows its form's shape (generated from the Pydantic model), the values
the register fixes (facility and signer: the logged-in signer's own, whatever the form
posts), the defaults a fresh form shows, how to validate without signing, and how to issue
through :class:`~mohpromt_ca.application.documents.DocumentService` for the principal.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mohpromt_ca.application import registration
from mohpromt_ca.issuer.dcc.inputs import Holder, RecoveryEvent, TestEvent, VaccinationEvent
from mohpromt_ca.service.web import forms

BANGKOK = dt.timezone(dt.timedelta(hours=7))
DCC_KINDS = ("vaccination", "test", "recovery")


class _VaccinationForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holder: Holder
    vaccination: VaccinationEvent


class _TestForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holder: Holder
    test: TestEvent


class _RecoveryForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holder: Holder
    recovery: RecoveryEvent


_DCC_MODELS: dict[str, type[BaseModel]] = {"vaccination": _VaccinationForm, "test": _TestForm,
                                           "recovery": _RecoveryForm}
_DCC_TITLES = {"vaccination": ("ใบรับรองการฉีดวัคซีนโควิด-19 (QR)", "COVID-19 vaccination certificate (QR)"),
               "test": ("ใบรับรองผลตรวจโควิด-19 (QR)", "COVID-19 test certificate (QR)"),
               "recovery": ("ใบรับรองการหายป่วยโควิด-19 (QR)", "COVID-19 recovery certificate (QR)")}


SignerRecord = registration.SignerRecord  # the logged-in signer as the register knows it


@dataclass(frozen=True)
class FormKind:
    kind: str  # "pdf" or "dcc"
    key: str  # certificate type key, or the DCC type
    title: tuple[str, str]
    model: type[BaseModel]
    #: the app's certificate types (``templates.CertificateTypes``, with its plugins'); None: built-in
    types: Any = field(default=None, compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.key if self.kind == "pdf" else f"dcc-{self.key}"

    @property
    def shape(self) -> forms.Group:
        return _shape(self.model)

    def locked(self, signer: SignerRecord) -> dict[str, Any]:
        if self.kind != "pdf":
            return {}
        return {"facility.name_th": signer.facility_name_th, "facility.name_en": signer.facility_name_en,
                "facility.licence": signer.facility_licence, "signer.profession": signer.profession,
                "signer.licence_no": signer.licence_digits, "signer.name_th": signer.name_th,
                "signer.name_en": signer.name_en}

    def choices(self, signer: SignerRecord, lang: str = "th") -> dict[str, list[tuple[str, str]]]:
        """Text fields shown as selects, as (value, text): the signer's professional titles on a PDF form,
        the coded fields of a DCC form (by their value sets' Thai and English names)."""
        if self.kind != "pdf":
            from mohpromt_ca.service.web.value_set_names import FIELD_VALUE_SET, field_choices

            found = {path: field_choices(lang, path) for path in FIELD_VALUE_SET if path.startswith(self.key + ".")}
            return {path: options for path, options in found.items() if options is not None}
        from mohpromt_ca.templates.common import PROFESSIONS

        return {"signer.title": [(title, title) for title in PROFESSIONS[signer.profession].titles]}

    def defaults(self, now: dt.datetime) -> dict[str, Any]:
        local = now.astimezone(BANGKOK)
        if self.kind != "pdf":
            if self.key == "vaccination":
                return {"vaccination.date": local.date().isoformat()}
            return {}
        prefix = "".join(part[0] for part in self.key.split("-")).upper()
        return {"document_number": f"{prefix}-{local:%Y%m%d}-{secrets.token_hex(3).upper()}",
                "issued_at": local.strftime("%Y-%m-%dT%H:%M")}

    def apply_locked(self, data: dict[str, Any], signer: SignerRecord) -> dict[str, Any]:
        for path, value in self.locked(signer).items():
            *parents, last = path.split(".")
            node = data
            for part in parents:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
            node[last] = value
        return data

    def check(self, data: dict[str, Any]) -> list[tuple[str, str]]:
        """Problems with ``data`` as (dotted path, sentence); empty when it would be accepted."""
        if self.kind == "pdf":
            from mohpromt_ca.templates import TemplateInputError, get_type

            try:
                get_type(self.key, self.types).validate(data)
            except TemplateInputError as exc:
                return list(exc.errors)
            return []
        try:
            self.model.model_validate(data)
        except ValidationError as exc:
            return forms.validation_errors(exc)
        return _dcc_problems(data, self.key)


def _dcc_problems(data: dict[str, Any], dcc_type: str) -> list[tuple[str, str]]:
    """Every problem the issuer would find in the DCC this form makes (schema, value sets), each
    under the form field it came from, so the form shows them all at once."""
    from mohpromt_ca.errors import MohpromtError
    from mohpromt_ca.issuer.dcc.mapping import INPUT_FIELD
    from mohpromt_ca.issuer.dcc.request import parse_request
    from mohpromt_verifier.formats.hcert.payload import dcc_problems

    try:
        request = parse_request(data, dcc_type=dcc_type)
    except MohpromtError as exc:
        path = str(getattr(exc, "path", "") or "")
        return [(INPUT_FIELD.get(path, path.strip("/").replace("/", ".")), exc.message)]
    generated_later = '"ci" is a required property'  # the UVCI is drawn when signing
    return [(INPUT_FIELD.get(p.path, ""), p.message) for p in dcc_problems(request.dcc)
            if not (generated_later in p.message and not request.entry.get("ci"))]


@lru_cache(maxsize=64)
def _shape(model: type[BaseModel]) -> forms.Group:
    return forms.describe(model)


def pdf_kinds(types: Any = None) -> list[FormKind]:
    from mohpromt_ca.templates import list_types

    return [FormKind("pdf", t.key, (t.title_th, t.title_en), t.schema, types) for t in list_types(types)]


def dcc_kinds() -> list[FormKind]:
    return [FormKind("dcc", k, _DCC_TITLES[k], _DCC_MODELS[k]) for k in DCC_KINDS]


def type_titles(types: Any = None) -> dict[str, tuple[str, str]]:
    """Every document type key (PDF certificate types and the DCC types) -> its (Thai, English) title."""
    from mohpromt_ca.templates import list_types

    titles = {t.key: (t.title_th, t.title_en) for t in list_types(types)}
    titles.update(_DCC_TITLES)
    return titles


def find_kind(slug: str, types: Any = None) -> FormKind | None:
    if slug.startswith("dcc-") and slug[4:] in _DCC_MODELS:
        key = slug[4:]
        return FormKind("dcc", key, _DCC_TITLES[key], _DCC_MODELS[key])
    from mohpromt_ca.errors import NotFound
    from mohpromt_ca.templates import get_type

    try:
        t = get_type(slug, types)
    except NotFound:
        return None
    return FormKind("pdf", t.key, (t.title_th, t.title_en), t.schema, types)
