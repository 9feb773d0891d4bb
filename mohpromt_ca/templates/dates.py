"""The dates a certificate states, against the time it is issued.

A certificate is issued at the signing time (``issued_at``, set by the issuer from its
clock). Against that:

* the event it certifies (the type's ``event_dates``: the examination, the sample, the
  visit, each dose) is never after the issue time, and lies within the type's
  ``event_window`` before it when the type states one;
* a date of birth (``patient.date_of_birth``) is never after the issue date, and never
  after the event the certificate certifies.

Each refusal names its field (``patient.date_of_birth``, ``doses.1.date``) with a Thai and
English sentence; :func:`check_dates` returns them all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mohpromt_ca.templates.common import BANGKOK, CertificateInput

__all__ = ["check_dates", "event_dates_of"]


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return (value.astimezone(BANGKOK) if value.tzinfo else value).date()
    if isinstance(value, dt.date):
        return value
    return None


def event_dates_of(model: CertificateInput) -> list[tuple[str, dt.date]]:
    """``(field path, date)`` of every event date the type names and the data holds."""
    found: list[tuple[str, dt.date]] = []
    for spec in type(model).event_dates:
        if "[]." in spec:
            list_name, inner = spec.split("[].", 1)
            for index, item in enumerate(getattr(model, list_name, None) or ()):
                day = _as_date(getattr(item, inner, None))
                if day is not None:
                    found.append((f"{list_name}.{index}.{inner}", day))
        else:
            day = _as_date(getattr(model, spec, None))
            if day is not None:
                found.append((spec, day))
    return found


def check_dates(model: CertificateInput) -> list[tuple[str, str]]:
    """Every date of ``model`` that contradicts its issue time: ``(field path, sentence)``."""
    issued = model.issued_at.astimezone(BANGKOK)
    today = issued.date()
    errors: list[tuple[str, str]] = []
    window = type(model).event_window
    events = event_dates_of(model)
    for path, day in events:
        if day > today:
            errors.append((path, f"วันที่ {day.isoformat()} อยู่หลังวันที่ออกใบรับรอง ({today.isoformat()}) / "
                                 f"{day.isoformat()} is after the issue date ({today.isoformat()}): never in the "
                                 "future"))
        elif window is not None and day < today - window:
            errors.append((path, f"วันที่ {day.isoformat()} เก่าเกิน {window.days} วันก่อนวันที่ออกใบรับรอง / "
                                 f"{day.isoformat()} is more than {window.days} days before the issue date "
                                 f"({today.isoformat()}); this certificate type allows {window.days}"))
    birth = getattr(model.patient, "date_of_birth", None)
    if isinstance(birth, dt.date):
        if birth > today:
            errors.append(("patient.date_of_birth",
                           f"วันเกิด {birth.isoformat()} อยู่ในอนาคต / the date of birth {birth.isoformat()} "
                           f"is in the future (issue date {today.isoformat()})"))
        else:
            for path, day in events:
                if birth > day:
                    errors.append(("patient.date_of_birth",
                                   f"วันเกิด {birth.isoformat()} อยู่หลัง {path} ({day.isoformat()}) / the date of "
                                   f"birth {birth.isoformat()} is after {path} ({day.isoformat()})"))
                    break
    return errors
