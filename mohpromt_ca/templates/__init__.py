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
import resolves under its own Typst root). Which types a host knows is a
:class:`CertificateTypes` object the host builds (the CLI context, the service's app factory)
and passes to the issuer; the host adds its plugins' types to it. There is no module-level
registry: the only module state is the discovery of the built-in folders (read once, never
changed) and the per-process staging folder for plugin types (each load gets a fresh
sub-folder). This module never imports plugins itself.
"""

from __future__ import annotations

import atexit
import datetime as dt
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
from mohpromt_ca.templates.dates import check_dates
from mohpromt_ca.templates.text_safety import unsafe_text

TEMPLATES_DIR = Path(__file__).resolve().parent

__all__ = [
    "TEMPLATES_DIR",
    "CertificateType",
    "CertificateTypes",
    "FieldInfo",
    "SignatureRect",
    "TemplateInputError",
    "UnknownCertificateType",
    "get_type",
    "list_types",
    "builtin_keys",
    "load_type_folder",
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
        """A fresh copy of the type's sample data as written (valid input for :func:`validate`;
        to issue it now, :meth:`request_sample` or :meth:`sample_as_of`)."""
        data: dict[str, Any] = json.loads((self.folder / "sample.json").read_text(encoding="utf-8"))
        return data

    def sample_as_of(self, now: dt.datetime) -> dict[str, Any]:
        """The sample data as if issued at ``now``: every date and date-time of ``sample.json``
        (but the date of birth) moves by the days between its ``issued_at`` and ``now``, so
        the sample's examination, sample or dose dates stay inside the type's window."""
        data: dict[str, Any] = json.loads((self.folder / "sample.json").read_text(encoding="utf-8"))
        return _rebased(data, now)

    def request_sample(self, now: dt.datetime) -> dict[str, Any]:
        """What a caller sends with ``--signer N`` / ``signer_id``: the sample as of ``now``
        without the blocks the issuer takes from the register and its clock (``facility``,
        ``signer``, ``issued_at``)."""
        data = self.sample_as_of(now)
        for name in ("facility", "signer", "issued_at"):
            data.pop(name, None)
        return data

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
        unsafe = unsafe_text(data)
        if unsafe:
            raise TemplateInputError(self.key, [(".".join(str(p) for p in path), why) for path, why in unsafe])
        try:
            model = self.schema.model_validate(data)
        except ValidationError as exc:
            raise TemplateInputError.from_validation_error(self.key, exc) from None
        wrong_dates = check_dates(model)
        if wrong_dates:
            raise TemplateInputError(self.key, wrong_dates)
        return model


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _rebased(data: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    issued = data.get("issued_at")
    match = _ISO_DATE.match(issued) if isinstance(issued, str) else None
    if match is None:
        return data
    from mohpromt_ca.templates.common import BANGKOK

    delta = now.astimezone(BANGKOK).date() - dt.date(*(int(g) for g in match.groups()))

    def shift(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: shift(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [shift(v, key) for v in value]
        if isinstance(value, str) and key != "date_of_birth":
            found = _ISO_DATE.match(value)
            if found is not None:
                try:
                    day = dt.date(*(int(g) for g in found.groups())) + delta
                except ValueError:
                    return value
                return day.isoformat() + value[10:]
        return value

    rebased: dict[str, Any] = shift(data, "")
    return rebased


@functools.cache
def _discover() -> dict[str, CertificateType]:
    """The built-in types (this package's folders): read once, never changed afterwards
    (callers get copies of the mapping, never this one)."""
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

#: Where plugin types are staged: one folder per process, made on first use and removed at
#: exit. Each :func:`load_type_folder` call stages into a fresh sub-folder of its own, so two
#: registries loading the same plugin never share (or overwrite) each other's files.
_stage_dir: Path | None = None
_stage_lock = threading.Lock()

Provider = Callable[[], Iterable[CertificateType]]


class CertificateTypes:
    """The certificate types one host knows: the built-in ones, plus those its plugins add.

    There is no process-wide registry: the entry points (the CLI context, the service's app
    factory, a bench run, a test) build one and pass it to the issuer
    (:class:`~mohpromt_ca.issuer.pdf.service.PdfIssuer` ``types=``) and to whatever lists
    types. A host adds its plugins' types with :meth:`add` (types already loaded) or
    :meth:`add_provider` (called lazily, once, the first time types are listed or looked up,
    so plugins are imported only when a type is needed). Built-in types always win: a
    provider's type whose key is taken is skipped; :meth:`add` refuses it.

    ``CertificateTypes()`` with nothing added is the built-in set: what a caller that passes
    no registry gets. Safe to share between threads.
    """

    def __init__(self, types: Iterable[CertificateType] = (), *, providers: Iterable[Provider] = ()) -> None:
        self._lock = threading.RLock()
        self._added: dict[str, CertificateType] = {}
        self._providers: list[Provider] = []
        self._collected: dict[str, CertificateType] | None = None
        self._collecting = False
        for ctype in types:
            self.add(ctype)
        for provider in providers:
            self.add_provider(provider)

    def add(self, ctype: CertificateType) -> None:
        """Add a type (made by :func:`load_type_folder`); a key already taken is refused."""
        with self._lock:
            if ctype.key in self._current():
                raise ValueError(f"certificate type {ctype.key!r} is already defined")
            self._added[ctype.key] = ctype
            self._collected = None

    def add_provider(self, provider: Provider) -> None:
        """Add a lazy source of types (called once, on the first lookup or listing after this)."""
        with self._lock:
            if provider not in self._providers:
                self._providers.append(provider)
            self._collected = None

    def _current(self) -> dict[str, CertificateType]:
        found = dict(_discover())
        for key, ctype in self._added.items():
            found.setdefault(key, ctype)
        return found

    def _all(self) -> dict[str, CertificateType]:
        with self._lock:
            if self._collected is not None:
                return self._collected
            found = self._current()
            if not self._providers:
                return found
            if self._collecting:  # a provider looked a type up while loading: what is known so far
                return found
            self._collecting = True
            try:
                for provider in list(self._providers):
                    for ctype in provider():
                        found.setdefault(ctype.key, ctype)
                self._collected = found
            finally:
                self._collecting = False
            return found

    def get(self, key: str) -> CertificateType:
        try:
            return self._all()[key]
        except KeyError:
            raise UnknownCertificateType(
                f"unknown certificate type {key!r}; known types: {', '.join(self.keys())}"
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self._all()

    def all(self) -> list[CertificateType]:
        """Every certificate type, sorted by key."""
        return [t for _, t in sorted(self._all().items())]

    def keys(self) -> list[str]:
        return sorted(self._all())

    def validate(self, key: str, data: dict[str, Any] | BaseModel) -> CertificateInput:
        return self.get(key).validate(data)


def builtin_keys() -> list[str]:
    return sorted(_discover())


def _stage_folder(source: str, name: str) -> tuple[Path, Path]:
    """A fresh ``<process stage>/<source>-XXXX/`` holding a copy of ``common.typ``, and the
    path ``name`` takes in it."""
    global _stage_dir
    with _stage_lock:
        if _stage_dir is None:
            _stage_dir = Path(tempfile.mkdtemp(prefix="mohpromt-plugin-types-"))
            atexit.register(shutil.rmtree, _stage_dir, True)
        stage = _stage_dir
    root = Path(tempfile.mkdtemp(prefix=f"{source}-", dir=stage))
    shutil.copy2(TEMPLATES_DIR / "common.typ", root / "common.typ")
    return root, root / name


def load_type_folder(folder: Path | str, *, source: str) -> CertificateType:
    """Load a certificate type from a folder outside this package (a plugin's).

    The folder has the built-in shape (``template.typ`` importing ``../common.typ``,
    ``schema.py`` with ``META`` and ``Input``, ``sample.json``). Its schema module is loaded
    from the file; the sample must validate. The folder is copied beside a copy of
    ``common.typ`` into a staging root of its own, which becomes the type's Typst root.
    The type is returned, not registered: the host adds it to its :class:`CertificateTypes`.
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
    root, staged = _stage_folder(source, folder.name)
    shutil.copytree(folder, staged, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    ctype = CertificateType(key=meta.key, title_th=meta.title_th, title_en=meta.title_en, schema=schema,
                            meta=meta, folder=staged, root=root, source=source)
    try:
        ctype.validate(ctype.sample)
    except TemplateInputError as exc:
        raise ValueError(f"certificate type {meta.key!r}: sample.json does not validate: {exc}") from None
    return ctype


# Lookups for a caller that has no host registry at hand: ``types`` is the host's
# :class:`CertificateTypes`; without it, the built-in types.


def _or_builtin(types: CertificateTypes | None) -> CertificateTypes:
    return types if types is not None else CertificateTypes()


def list_types(types: CertificateTypes | None = None) -> list[CertificateType]:
    """Every certificate type of ``types`` (default: the built-in ones), sorted by key."""
    return _or_builtin(types).all()


def type_keys(types: CertificateTypes | None = None) -> list[str]:
    return _or_builtin(types).keys()


def get_type(key: str, types: CertificateTypes | None = None) -> CertificateType:
    return _or_builtin(types).get(key)


def validate(key: str, data: dict[str, Any] | BaseModel, types: CertificateTypes | None = None) -> CertificateInput:
    return get_type(key, types).validate(data)


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
