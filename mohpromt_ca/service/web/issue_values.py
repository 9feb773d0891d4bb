"""The issuance form's posted values: parsed for the service, kept to show again, summarised for the preview."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from mohpromt_ca.service.web import forms, kinds

NOT_DATA = ("csrf_token", "_add", "signer_id")


def posted_values(form: FormData, kind: kinds.FormKind,
                  record: kinds.SignerRecord) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data for the service, flat values to show again)."""
    data = kind.apply_locked(forms.parse(form, kind.shape), record)
    shown: dict[str, Any] = {}
    for key in form:
        if key in NOT_DATA:
            continue
        got = form.getlist(key)
        shown[key] = got if len(got) > 1 or key in checkbox_paths(kind.shape) else got[0]
    shown.update(kind.locked(record))
    return data, shown


def checkbox_paths(shape: forms.Group) -> set[str]:
    found: set[str] = set()

    def walk(g: forms.Group, prefix: str) -> None:
        for child in g.children:
            if isinstance(child, forms.Leaf) and child.kind == "checkboxes":
                found.add(prefix + child.name)
            elif isinstance(child, forms.Group):
                walk(child, f"{prefix}{child.name}.")
    walk(shape, "")
    return found


def hidden(shown: dict[str, Any]) -> list[tuple[str, str]]:
    """The values as hidden fields: the preview posts them again to sign."""
    out: list[tuple[str, str]] = []
    for key, value in shown.items():
        for item in (value if isinstance(value, list) else [value]):
            if item is not None and item != "":
                out.append((key, str(item)))
    return out


def summary(shape: forms.Group, data: dict[str, Any],
            lang: str | None = None) -> list[tuple[list[tuple[str, str]], Any]]:
    """([(name, dotted path) of each step], value) for every filled field, in form order; a row's
    step is ``("#2", path)``. With ``lang``, dates and times read as the page shows them (Bangkok time)."""
    from mohpromt_ca.service.web.i18n import when

    out: list[tuple[list[tuple[str, str]], Any]] = []

    def walk(g: forms.Group, node: Any, trail: list[tuple[str, str]], prefix: str) -> None:
        if not isinstance(node, dict):
            return
        for child in g.children:
            if child.name not in node:
                continue
            value = node[child.name]
            path = prefix + child.name
            if isinstance(child, forms.Leaf):
                if lang and child.kind in ("date", "datetime") and isinstance(value, str):
                    value = when(lang, value)
                out.append(([*trail, (child.name, path)], value))
            elif isinstance(child, forms.Group):
                walk(child, value, [*trail, (child.name, path)], path + ".")
            else:
                for i, row in enumerate(value or []):
                    walk(child.item, row, [*trail, (child.name, path), (f"#{i + 1}", f"{path}.{i}")], f"{path}.{i}.")

    walk(shape, data, [], "")
    return out
