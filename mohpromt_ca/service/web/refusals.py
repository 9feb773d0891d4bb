"""Which fields a refusal is about: an error from the service as ``(dotted path, sentence)`` pairs.

Errors name their fields in a few ways: a list of ``(path, sentence)`` (``errors``, as
``TemplateInputError``), a dotted ``field``, a JSON pointer ``path`` (DCC errors: ``/v/0/mp``,
mapped back to the form field it came from), or ``problems`` (every problem of a DCC, each with
its pointer). A sentence the error carries in Thai (``message_th``) is kept with the English.
A refusal that names no field is one pair with an empty path (shown above the form).
"""

from __future__ import annotations

from typing import Any


def _dotted(pointer: str) -> str:
    from mohpromt_ca.issuer.dcc.mapping import INPUT_FIELD

    return INPUT_FIELD.get(pointer) or pointer.strip("/").replace("/", ".")


def _sentence(exc: Any, message: str) -> str:
    thai = getattr(exc, "message_th", None)
    return f"{thai} / {message}" if isinstance(thai, str) and thai and thai not in message else message


def field_problems(exc: Exception) -> list[tuple[str, str]]:
    message = str(getattr(exc, "message", "") or exc)
    listed = getattr(exc, "errors", None)
    if isinstance(listed, (list, tuple)) and listed and all(isinstance(e, tuple) and len(e) == 2 for e in listed):
        return [(str(path), str(text)) for path, text in listed]
    problems = getattr(exc, "problems", None)
    if isinstance(problems, (list, tuple)) and problems and all(hasattr(p, "path") for p in problems):
        return [(_dotted(str(p.path)), str(getattr(p, "message", message))) for p in problems]
    field = getattr(exc, "field", None)
    if isinstance(field, str) and field:
        return [(field.strip("/").replace("/", "."), _sentence(exc, message))]
    path = getattr(exc, "path", None)
    if isinstance(path, str) and path.strip("/"):
        return [(_dotted(path), _sentence(exc, message))]
    return [("", _sentence(exc, message))]
