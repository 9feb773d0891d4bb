"""The checks shared by the two forms that open an account with its owner (facility, signer).

Each check records a message under the field it is about, so the page shows it next to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import FormData

from mohpromt_ca.errors import InputError
from mohpromt_ca.service.web import i18n


def record_refusal(exc: Exception, errors: dict[str, str], lang: str, fields: Iterable[str]) -> None:
    """A refusal from the service, each sentence under the form field it names (``_form`` otherwise)."""
    from mohpromt_ca.service.web.refusals import field_problems

    known = set(fields)
    for path, text in field_problems(exc):
        name = path.rsplit(".", 1)[-1] if path else ""
        key = name if name in known else "_form"
        said = i18n.error_text(lang, text, getattr(exc, "code", None))
        errors[key] = f"{errors[key]} {said}" if key in errors else said


def read_values(form: FormData, names: Iterable[str]) -> dict[str, str]:
    return {k: str(form.get(k) or "").strip() for k in names}


def require(values: dict[str, str], errors: dict[str, str], lang: str, *, choice: str, choices: Iterable[str],
            texts: Iterable[str] = ("licence", "name_th", "name_en")) -> None:
    """``choice`` must be one of ``choices`` and every one of ``texts`` filled in."""
    if values[choice] not in choices:
        errors[choice] = i18n.t(lang, "required")
    for key in texts:
        if not values[key]:
            errors[key] = i18n.t(lang, "required")


def check_new_account(authority: Any, form: FormData, username: str, errors: dict[str, str],
                      lang: str) -> tuple[str, str]:
    """(the normalised username, the password): free, well-formed, and typed the same twice."""
    from mohpromt_ca.application.accounts import check_password_policy, normalised_username, username_taken

    password, again = str(form.get("password") or ""), str(form.get("password2") or "")
    name = ""
    try:
        name = normalised_username(username)
    except InputError as exc:
        errors["username"] = i18n.error_text(lang, exc.message, exc.code)
    else:
        if username_taken(authority, name):
            errors["username"] = i18n.t(lang, "username_taken")
    try:
        check_password_policy(password)
    except InputError as exc:
        errors["password"] = i18n.error_text(lang, exc.message, exc.code)
    if password != again:
        errors["password2"] = i18n.t(lang, "passwords_differ")
    return name, password
