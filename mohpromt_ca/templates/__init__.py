"""Certificate types: one folder per type, found by scanning this package.

A type is a subfolder ``templates/<name>/`` holding

- ``template.typ``: the Typst layout; it imports ``../common.typ`` (header, footer,
  signer block, QR, Thai dates) and reads its data from ``sys.inputs``;
- ``schema.py``: ``META`` (a :class:`TemplateMeta`: key, Thai/English title, signature
  rectangle) and ``Input`` (a Pydantic model built on :class:`CertificateInput`);
- ``sample.json``: valid sample data;
- ``__init__.py`` (empty) so the folder ships as package data.

Adding a type is adding such a folder; nothing else changes.
"""

from __future__ import annotations

import functools
import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mohpromt_ca.templates.common import (
    CertificateInput,
    SignatureRect,
    TemplateInputError,
    TemplateMeta,
    UnknownCertificateType,
)

TEMPLATES_DIR = Path(__file__).resolve().parent

__all__ = [
    "TEMPLATES_DIR",
    "CertificateType",
    "FieldInfo",
    "SignatureRect",
    "TemplateInputError",
    "UnknownCertificateType",
    "get_type",
    "list_types",
    "type_keys",
    "validate",
]


@dataclass(frozen=True)
class FieldInfo:
    """One leaf field of a type's input, for ``templates show`` and forms."""

    path: str  # dotted, "patient.citizen_id"; list items as "doses[].date"
    type: str
    required: bool
    description: str = ""


@dataclass(frozen=True)
class CertificateType:
    key: str
    title_th: str
    title_en: str
    schema: type[CertificateInput]
    meta: TemplateMeta
    folder: Path

    @property
    def template_path(self) -> Path:
        return self.folder / "template.typ"

    @property
    def signature_rect(self) -> SignatureRect:
        return self.meta.signature_rect

    @property
    def sample(self) -> dict[str, Any]:
        """A fresh copy of the type's sample data (valid input for :func:`validate`)."""
        return json.loads((self.folder / "sample.json").read_text(encoding="utf-8"))

    def json_schema(self) -> dict[str, Any]:
        return self.schema.model_json_schema()

    @property
    def fields(self) -> list[FieldInfo]:
        return _fields(self.schema)

    def validate(self, data: dict[str, Any] | BaseModel) -> CertificateInput:
        """Validate ``data`` against the schema; :class:`TemplateInputError` names the bad field."""
        if isinstance(data, self.schema):
            return data
        if isinstance(data, BaseModel):
            data = data.model_dump(mode="json")
        if not isinstance(data, dict):
            raise TemplateInputError(self.key, [("", f"data must be a JSON object, not {type(data).__name__}")])
        try:
            return self.schema.model_validate(data)
        except ValidationError as exc:
            raise TemplateInputError.from_validation_error(self.key, exc) from None


@functools.cache
def _discover() -> dict[str, CertificateType]:
    found: dict[str, CertificateType] = {}
    for folder in sorted(TEMPLATES_DIR.iterdir()):
        if not folder.is_dir() or folder.name.startswith(("_", ".")):
            continue
        if not (folder / "template.typ").is_file() or not (folder / "schema.py").is_file():
            continue
        module = importlib.import_module(f"{__name__}.{folder.name}.schema")
        meta: TemplateMeta = module.META
        schema = module.Input
        if meta.key in found:
            raise RuntimeError(f"certificate type {meta.key!r} defined twice ({folder.name})")
        found[meta.key] = CertificateType(
            key=meta.key, title_th=meta.title_th, title_en=meta.title_en,
            schema=schema, meta=meta, folder=folder,
        )
    return found


def list_types() -> list[CertificateType]:
    """Every certificate type, sorted by key."""
    return [t for _, t in sorted(_discover().items())]


def type_keys() -> list[str]:
    return sorted(_discover())


def get_type(key: str) -> CertificateType:
    try:
        return _discover()[key]
    except KeyError:
        raise UnknownCertificateType(
            f"unknown certificate type {key!r}; known types: {', '.join(type_keys())}"
        ) from None


def validate(key: str, data: dict[str, Any] | BaseModel) -> CertificateInput:
    return get_type(key).validate(data)


# --------------------------------------------------------------------------- field listing


def _fields(model: type[BaseModel]) -> list[FieldInfo]:
    schema = model.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    out: list[FieldInfo] = []

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in s:
            s = defs[s["$ref"].rsplit("/", 1)[-1]]
        return s

    def type_name(s: dict[str, Any]) -> str:
        s = resolve(s)
        if "enum" in s:
            return "|".join(str(v) for v in s["enum"])
        if "const" in s:
            return str(s["const"])
        if "anyOf" in s:
            names = [type_name(x) for x in s["anyOf"] if x.get("type") != "null"]
            return " or ".join(names)
        t = s.get("type", "object")
        fmt = s.get("format")
        if t == "array":
            return f"list of {type_name(s.get('items', {}))}"
        return fmt or t

    def walk(s: dict[str, Any], prefix: str, required_parent: bool) -> None:
        s = resolve(s)
        req = set(s.get("required", []))
        for name, prop in s.get("properties", {}).items():
            path = f"{prefix}{name}"
            required = required_parent and name in req
            target = resolve(prop)
            nullable = False
            if "anyOf" in prop:
                non_null = [x for x in prop["anyOf"] if x.get("type") != "null"]
                nullable = len(non_null) < len(prop["anyOf"])
                if len(non_null) == 1:
                    target = resolve(non_null[0])
            desc = prop.get("description", target.get("description", "")) or ""
            if target.get("type") == "object" or "properties" in target:
                walk(target, path + ".", required and not nullable)
            elif target.get("type") == "array" and "properties" in resolve(target.get("items", {})):
                out.append(FieldInfo(path, "list", required, desc))
                walk(resolve(target["items"]), path + "[].", required)
            else:
                out.append(FieldInfo(path, type_name(prop), required, desc))

    walk(schema, "", True)
    return out
