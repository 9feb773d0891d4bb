"""HTML forms generated from a Pydantic model, and the posted form turned back into data.

The model's JSON schema (validation mode) is walked once per model:

* nested models become fieldsets; lists of models become repeated fieldsets (rows);
* ``Literal`` / enums become selects, lists of enums checkboxes;
* ``date`` → ``<input type=date>``, ``date-time`` → ``datetime-local`` (a value without a
  zone is Bangkok time), numbers → ``number``, booleans → a yes/no select;
* long texts (more than 300 characters allowed) become text areas, lists of strings a
  text area with one entry per line.

Field names are the dotted paths of the data (``patient.name_th``, ``doses.0.date``), so
pydantic's error locations point straight back at the field they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from mohpromt_ca.service.web.i18n import enum_label, field_label

_LOCAL_DT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$")
MAX_ROWS = 30


@dataclass
class Leaf:
    name: str
    kind: str  # text, textarea, number, integer, date, datetime, select, bool, checkboxes, lines
    required: bool
    description: str = ""
    options: list[str] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    pattern: str | None = None
    nullable: bool = False
    default: Any = None


@dataclass
class Group:
    name: str
    required: bool
    children: list[Any]
    description: str = ""
    nullable: bool = False


@dataclass
class Rows:
    name: str
    required: bool
    item: Group
    description: str = ""


def describe(model: type[BaseModel]) -> Group:
    """The form's shape: a tree of Group / Rows / Leaf."""
    schema = model.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in s:
            s = {**defs[s["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in s.items() if k != "$ref"}}
        return s

    def unwrap(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        prop = resolve(prop)
        if "anyOf" in prop:
            non_null = [x for x in prop["anyOf"] if x.get("type") != "null"]
            nullable = len(non_null) < len(prop["anyOf"])
            if len(non_null) == 1:
                merged = {**resolve(non_null[0]), **{k: v for k, v in prop.items() if k not in ("anyOf",)}}
                return merged, nullable
        return prop, False

    def leaf(name: str, s: dict[str, Any], required: bool, nullable: bool, desc: str) -> Leaf:
        made = _leaf(name, s, required, nullable, desc)
        default = s.get("default")
        if default is not None and not isinstance(default, (dict, list)):
            made.default = ("true" if default else "false") if isinstance(default, bool) else str(default)
        return made

    def _leaf(name: str, s: dict[str, Any], required: bool, nullable: bool, desc: str) -> Leaf:
        t = s.get("type")
        if "enum" in s or "const" in s:
            values = [str(v) for v in s.get("enum", [s.get("const")])]
            return Leaf(name, "select", required, desc, values, nullable=nullable)
        if t == "boolean":
            return Leaf(name, "bool", required, desc, nullable=nullable)
        if t in ("integer", "number"):
            lo = s.get("minimum", s.get("exclusiveMinimum"))
            hi = s.get("maximum", s.get("exclusiveMaximum"))
            return Leaf(name, t, required, desc, minimum=lo, maximum=hi, nullable=nullable)
        if t == "array":
            items, _ = unwrap(s.get("items", {}))
            if "enum" in items:
                return Leaf(name, "checkboxes", required, desc, [str(v) for v in items["enum"]], nullable=nullable)
            return Leaf(name, "lines", required, desc, nullable=nullable)
        fmt = s.get("format")
        if fmt == "date":
            return Leaf(name, "date", required, desc, nullable=nullable)
        if fmt == "date-time":
            return Leaf(name, "datetime", required, desc, nullable=nullable)
        limit = s.get("maxLength")
        kind = "textarea" if limit is not None and limit > 300 else "text"
        return Leaf(name, kind, required, desc, max_length=limit, pattern=s.get("pattern"), nullable=nullable)

    def group(name: str, s: dict[str, Any], required: bool, nullable: bool, desc: str) -> Group:
        req = set(s.get("required", []))
        children: list[Any] = []
        for child, prop in s.get("properties", {}).items():
            if prop.get("readOnly"):
                continue
            target, child_nullable = unwrap(prop)
            cdesc = prop.get("description") or target.get("description") or ""
            if target.get("type") == "object" or "properties" in target:
                children.append(group(child, target, child in req, child_nullable, cdesc))
            elif target.get("type") == "array" and "properties" in resolve(target.get("items", {})):
                item = group(child, resolve(target["items"]), True, False, "")
                children.append(Rows(child, child in req, item, cdesc))
            else:
                children.append(leaf(child, target, child in req, child_nullable, cdesc))
        return Group(name, required, children, desc, nullable)

    return group("", resolve(schema), True, False, schema.get("description", ""))


# --------------------------------------------------------------------------- form -> data


def _convert(leaf: Leaf, raw: str) -> Any:
    if leaf.kind == "bool":
        return {"true": True, "false": False}.get(raw, raw)
    if leaf.kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    if leaf.kind == "number":
        try:
            value = float(raw)
        except ValueError:
            return raw
        return int(value) if value.is_integer() and "." not in raw else value
    if leaf.kind == "datetime" and _LOCAL_DT.match(raw):
        return (raw if raw.count(":") == 2 else raw + ":00") + "+07:00"
    return raw


def _row_indices(form: Any, prefix: str) -> list[int]:
    found: set[int] = set()
    pattern = re.compile(rf"^{re.escape(prefix)}(\d{{1,3}})\.")
    for key in form.keys():
        m = pattern.match(key)
        if m and int(m.group(1)) < MAX_ROWS:
            found.add(int(m.group(1)))
    return sorted(found)


def parse(form: Any, shape: Group) -> dict[str, Any]:
    """The data a posted form holds (``form``: a multi-dict); empty fields are left out."""

    def walk(g: Group, prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in g.children:
            path = f"{prefix}{child.name}"
            if isinstance(child, Leaf):
                if child.kind == "checkboxes":
                    values = [v for v in form.getlist(path) if v in child.options]
                    if values:
                        out[child.name] = values
                    continue
                raw = str(form.get(path) or "").strip()
                if child.kind == "lines":
                    lines = [line.strip() for line in raw.splitlines() if line.strip()]
                    if lines:
                        out[child.name] = lines
                    continue
                if raw:
                    out[child.name] = _convert(child, raw)
            elif isinstance(child, Group):
                inner = walk(child, path + ".")
                if inner or child.required:
                    out[child.name] = inner
            else:
                rows = [walk(child.item, f"{path}.{i}.") for i in _row_indices(form, path + ".")]
                rows = [r for r in rows if r]
                if rows or child.required:
                    out[child.name] = rows
        return out

    return walk(shape, "")


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"patient": {"name_th": "x"}}`` → ``{"patient.name_th": "x"}`` (for filling a form)."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}{i}."))
    else:
        out[prefix[:-1]] = data
    return out


def form_values(data: dict[str, Any]) -> dict[str, str | list[str]]:
    """Flat values as the inputs show them."""
    shown: dict[str, str | list[str]] = {}
    for path, value in flatten(data).items():
        if value is None:
            continue
        if isinstance(value, bool):
            shown[path] = "true" if value else "false"
        elif isinstance(value, list):
            shown[path] = [str(v) for v in value]
        elif isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", value):
            shown[path] = value[:16]  # datetime-local shows minutes
        else:
            shown[path] = str(value)
    return shown


def errors_by_path(errors: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, message in errors:
        out.setdefault(path, []).append(message)
    return out


def validation_errors(exc: ValidationError) -> list[tuple[str, str]]:
    found = []
    for err in exc.errors(include_url=False, include_input=False):
        path = ".".join(str(p) for p in err["loc"])
        msg = "Field required" if err["type"] == "missing" else str(err["msg"]).removeprefix("Value error, ")
        found.append((path, msg))
    return found


def attach_errors(shape: Group, errors: list[tuple[str, str]],
                  rows: dict[str, int]) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Each error to the deepest field or fieldset its path names; the rest are form-level, as (path, message)."""
    known: set[str] = set()

    def walk(g: Group, prefix: str) -> None:
        for child in g.children:
            path = f"{prefix}{child.name}"
            known.add(path)
            if isinstance(child, Group):
                walk(child, path + ".")
            elif isinstance(child, Rows):
                for i in range(max(rows.get(path, 1), 1) + 1):
                    known.add(f"{path}.{i}")
                    walk(child.item, f"{path}.{i}.")

    walk(shape, "")
    placed: dict[str, list[str]] = {}
    loose: list[tuple[str, str]] = []
    for path, message in errors:
        target = path
        while target and target not in known:
            target = target.rsplit(".", 1)[0] if "." in target else ""
        if target:
            placed.setdefault(target, []).append(message)
        else:
            loose.append((path, message))
    return placed, loose


def row_counts(shape: Group, values: dict[str, Any], add: str | None = None) -> dict[str, int]:
    """How many rows each list shows: those with values (at least one), plus one when asked."""
    counts: dict[str, int] = {}

    def walk(g: Group, prefix: str) -> None:
        for child in g.children:
            path = f"{prefix}{child.name}"
            if isinstance(child, Group):
                walk(child, path + ".")
            elif isinstance(child, Rows):
                used = _row_indices(values, path + ".")
                n = max((max(used) + 1) if used else 0, 1)
                if add == path:
                    n = min(n + 1, MAX_ROWS)
                counts[path] = n
                for i in range(n):
                    walk(child.item, f"{path}.{i}.")

    walk(shape, "")
    return counts


def label(lang: str, name: str) -> str:
    return field_label(lang, name)


def option_label(lang: str, value: str) -> str:
    return enum_label(lang, value)
