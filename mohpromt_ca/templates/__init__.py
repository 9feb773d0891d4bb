"""Certificate types: one folder per type, found by scanning this package.

A type is a subfolder ``templates/<name>/`` holding

- ``template.typ``: the Typst layout; it imports ``../common.typ`` (header, footer,
  signer block, QR, Thai dates) and reads its data from ``sys.inputs``;
- ``schema.py``: ``META`` (a :class:`TemplateMeta`: key, Thai/English title, signature
  rectangle) and ``Input`` (a Pydantic model built on :class:`CertificateInput`);
- ``sample.json``: valid sample data;
- ``__init__.py`` (empty) so the folder ships as package data.

Adding a type is adding such a folder; nothing else changes.

Plugins add types in the same folder shape, outside this package: :func:`load_type_folder`
loads one (and stages a copy beside a copy of ``common.typ`` so its ``../common.typ``
import resolves under its own Typst root), and :func:`register_provider` lets an edge (the
plugin registry) supply such types lazily. This module never imports plugins itself.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import importlib.util
import json
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
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
    "load_type_folder",
    "register_provider",
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
    root: Path = TEMPLATES_DIR
    """The Typst project root the template compiles under (it holds ``common.typ``)."""
    source: str = "built-in"
    """``built-in``, or the name of the plugin that added the type."""

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
    """The built-in types (this package's folders)."""
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


# --------------------------------------------------------------------------- types from plugins

_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_providers: list[Callable[[], Iterable[CertificateType]]] = []
_providers_lock = threading.RLock()
_all_cache: dict[str, CertificateType] | None = None
_collecting = False
_stage_dir: Path | None = None
_stage_lock = threading.RLock()  # not _providers_lock: a provider may be loading types while it is held


def register_provider(provider: Callable[[], Iterable[CertificateType]]) -> None:
    """Add a source of extra types (called lazily, once, the first time types are listed or looked up).

    A provider returns types made by :func:`load_type_folder`; a key that is already taken
    (by a built-in type or an earlier provider) is skipped: built-in types always win.
    """
    global _all_cache
    with _providers_lock:
        if provider not in _providers:
            _providers.append(provider)
        _all_cache = None


def _all() -> dict[str, CertificateType]:
    global _all_cache, _collecting
    builtin = _discover()
    if not _providers:
        return builtin
    with _providers_lock:
        if _all_cache is not None:
            return _all_cache
        if _collecting:  # a provider looked a type up while loading: built-ins only, meanwhile
            return builtin
        _collecting = True
        try:
            found = dict(builtin)
            for provider in list(_providers):
                for ctype in provider():
                    found.setdefault(ctype.key, ctype)
            _all_cache = found
        finally:
            _collecting = False
        return found


def builtin_keys() -> list[str]:
    return sorted(_discover())


def _stage_root(source: str) -> Path:
    """A per-process folder ``<tmp>/<source>/`` holding a copy of ``common.typ``."""
    global _stage_dir
    with _stage_lock:
        if _stage_dir is None:
            _stage_dir = Path(tempfile.mkdtemp(prefix="mohpromt-plugin-types-"))
            atexit.register(shutil.rmtree, _stage_dir, True)
        root = _stage_dir / source
        if not root.is_dir():
            root.mkdir(parents=True)
            shutil.copy2(TEMPLATES_DIR / "common.typ", root / "common.typ")
        return root


def load_type_folder(folder: Path | str, *, source: str) -> CertificateType:
    """Load a certificate type from a folder outside this package (a plugin's).

    The folder has the built-in shape (``template.typ`` importing ``../common.typ``,
    ``schema.py`` with ``META`` and ``Input``, ``sample.json``). Its schema module is loaded
    from the file; the sample must validate. The folder is copied beside a copy of
    ``common.typ`` into a per-process staging root, which becomes the type's Typst root.
    Raises ``ValueError`` (or whatever the schema module raises) naming what is wrong.
    """
    folder = Path(folder).resolve()
    if not _KEY.match(source):
        raise ValueError(f"source {source!r}: lower-case letters, digits, '-' and '_'")
    for name in ("template.typ", "schema.py", "sample.json"):
        if not (folder / name).is_file():
            raise ValueError(f"{folder}: no {name}")
    module_name = f"mohpromt_ca_plugin_types.{source.replace('-', '_')}.{folder.name}.schema"
    spec = importlib.util.spec_from_file_location(module_name, folder / "schema.py")
    if spec is None or spec.loader is None:
        raise ValueError(f"{folder / 'schema.py'}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # pydantic resolves the annotations through sys.modules
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    meta = getattr(module, "META", None)
    schema = getattr(module, "Input", None)
    if not isinstance(meta, TemplateMeta):
        raise ValueError(f"{folder / 'schema.py'}: META must be a TemplateMeta")
    if not (isinstance(schema, type) and issubclass(schema, CertificateInput)):
        raise ValueError(f"{folder / 'schema.py'}: Input must be a CertificateInput subclass")
    if not _KEY.match(meta.key):
        raise ValueError(f"certificate type key {meta.key!r}: lower-case letters, digits, '-' and '_' (at most 64)")
    if meta.key in _discover():
        raise ValueError(f"certificate type {meta.key!r} is a built-in type")
    with _stage_lock:
        root = _stage_root(source)
        staged = root / folder.name
        if staged.exists():
            shutil.rmtree(staged)
        shutil.copytree(folder, staged, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    ctype = CertificateType(key=meta.key, title_th=meta.title_th, title_en=meta.title_en, schema=schema,
                            meta=meta, folder=staged, root=root, source=source)
    try:
        ctype.validate(ctype.sample)
    except TemplateInputError as exc:
        raise ValueError(f"certificate type {meta.key!r}: sample.json does not validate: {exc}") from None
    return ctype


def list_types() -> list[CertificateType]:
    """Every certificate type, sorted by key."""
    return [t for _, t in sorted(_all().items())]


def type_keys() -> list[str]:
    return sorted(_all())


def get_type(key: str) -> CertificateType:
    try:
        return _all()[key]
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
