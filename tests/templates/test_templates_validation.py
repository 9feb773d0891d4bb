"""Input validation: missing fields named, citizen IDs, licence prefixes, professions."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mohpromt_ca.templates import TemplateInputError, get_type, list_types
from mohpromt_ca.templates.common import (
    citizen_id_check_digit,
    english_date,
    format_citizen_id,
    thai_date,
    thai_time,
    validate_citizen_id,
)


def _required_top_level(key: str) -> list[str]:
    return [f.path for f in get_type(key).fields if f.required and "." not in f.path and "[]" not in f.path]


@pytest.mark.parametrize("key", [t.key for t in list_types()])
def test_missing_required_field_is_named(key: str) -> None:
    t = get_type(key)
    required = _required_top_level(key)
    assert required
    for name in required:
        data = t.sample
        del data[name]
        with pytest.raises(TemplateInputError) as info:
            t.validate(data)
        assert info.value.field == name
        assert name in str(info.value) and "required field is missing" in str(info.value)
        assert key in str(info.value)


@pytest.mark.parametrize("path", ["patient.citizen_id", "signer.licence_no", "facility.name_th",
                                  "vitals.pulse_per_min"])
def test_missing_nested_field_is_named_with_its_path(path: str) -> None:
    t = get_type("general-health")
    data = t.sample
    parent, leaf = path.split(".")
    del data[parent][leaf]
    with pytest.raises(TemplateInputError) as info:
        t.validate(data)
    assert info.value.field == path
    assert path in str(info.value)


def test_list_item_field_is_named_with_its_index() -> None:
    t = get_type("vaccination")
    data = t.sample
    del data["doses"][1]["batch"]
    with pytest.raises(TemplateInputError) as info:
        t.validate(data)
    assert info.value.field == "doses.1.batch"


def test_unknown_field_is_refused() -> None:
    t = get_type("atk")
    data = t.sample
    data["reslt"] = "negative"
    with pytest.raises(TemplateInputError) as info:
        t.validate(data)
    assert info.value.field == "reslt"


def test_bad_citizen_id_check_digit_is_refused() -> None:
    t = get_type("general-health")
    data = t.sample
    data["patient"]["citizen_id"] = "1101700123457"
    with pytest.raises(TemplateInputError) as info:
        t.validate(data)
    assert info.value.field == "patient.citizen_id"
    assert "check digit" in str(info.value)


@pytest.mark.parametrize(
    ("profession", "title", "licence", "printed"),
    [
        ("physician", "แพทย์หญิง", "ว.12345", "ว.12345"),
        ("physician", "ผศ.นพ.", "12345", "ว.12345"),
        ("dentist", "ทันตแพทย์", "ท.2345", "ท.2345"),
        ("pharmacist", "ภญ.", "ภ. 24680", "ภ.24680"),
        ("medical-technologist", "ทนพ.", "ทน.6789", "ทน.6789"),
    ],
)
def test_licence_prefix_follows_profession(profession: str, title: str, licence: str, printed: str) -> None:
    key = {"physician": "doctor-opinion", "dentist": "doctor-opinion", "pharmacist": "atk",
           "medical-technologist": "lab-result"}[profession]
    t = get_type(key)
    data = t.sample
    data["signer"].update(profession=profession, title=title, licence_no=licence)
    model = t.validate(data)
    assert model.signer.licence == printed
    assert model.signer.licence_no == printed.split(".")[-1]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"licence_no": "ท.12345"}, "signer", "prefix"),
        ({"title": "เภสัชกร"}, "signer", "does not match profession"),
        ({"licence_no": "ว.12ab"}, "signer", "digits"),
    ],
)
def test_signer_inconsistencies_are_refused(change: dict[str, Any], field: str, words: str) -> None:
    t = get_type("general-health")
    data = t.sample
    data["signer"].update(change)
    with pytest.raises(TemplateInputError) as info:
        t.validate(data)
    assert info.value.field == field
    assert words in str(info.value)


def test_profession_not_allowed_for_type() -> None:
    t = get_type("general-health")
    data = t.sample
    data["signer"].update(profession="pharmacist", title="เภสัชกร", licence_no="ภ.1234")
    with pytest.raises(TemplateInputError, match="may not sign"):
        t.validate(data)


def test_patient_needs_an_identifier() -> None:
    t = get_type("atk")
    data = t.sample
    del data["patient"]["citizen_id"]
    with pytest.raises(TemplateInputError, match="citizen_id or passport_no"):
        t.validate(data)
    data["patient"]["passport_no"] = "AA1234567"
    assert t.validate(data).patient.passport_no == "AA1234567"


def test_type_specific_rules() -> None:
    fw = get_type("foreign-worker")
    data = fw.sample
    data["patient"]["sex"] = "female"
    with pytest.raises(TemplateInputError, match="pregnancy is required"):
        fw.validate(data)
    data = fw.sample
    data["tuberculosis"] = "treat"
    with pytest.raises(TemplateInputError, match="contradicts"):
        fw.validate(data)
    op = get_type("doctor-opinion")
    data = op.sample
    data["rest_to"] = "2025-06-01"
    with pytest.raises(TemplateInputError, match="rest_to is before rest_from"):
        op.validate(data)
    assert op.validate(op.sample).rest_days == 3


def test_issue_time_is_bangkok_time() -> None:
    t = get_type("atk")
    data = t.sample
    data["issued_at"] = "2022-03-14T02:40:00Z"
    m = t.validate(data)
    assert m.issued_at.utcoffset() == dt.timedelta(hours=7)
    assert (m.issued_at.hour, m.issued_at.minute) == (9, 40)
    data["issued_at"] = "2022-03-14T09:40:00"  # naive: taken as Bangkok time
    assert t.validate(data).issued_at.utcoffset() == dt.timedelta(hours=7)


# ------------------------------------------------------------------ citizen ID


@pytest.mark.parametrize("cid", ["1101700123456", "3100600987659", "1-5099-00456-12-6", "3 7102 00332 17 0"])
def test_valid_citizen_ids(cid: str) -> None:
    digits = validate_citizen_id(cid)
    assert len(digits) == 13 and digits.isdigit()


@pytest.mark.parametrize(
    ("cid", "why"),
    [
        ("1101700123457", "check digit"),
        ("110170012345", "13 digits"),
        ("11017001234567", "13 digits"),
        ("11017001234a6", "13 digits"),
        ("1111111111111", "repeated"),
        ("", "13 digits"),
    ],
)
def test_invalid_citizen_ids(cid: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        validate_citizen_id(cid)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_check_digit_matches_the_spec_formula(first12: str) -> None:
    total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
    r = total % 11
    alt = {0: 1, 1: 0}.get(r, 11 - r) % 10  # "remainder 0 → 1, 1 → 0, else 11 − remainder"
    assert citizen_id_check_digit(first12) == (11 - r) % 10 == alt
    cid = first12 + str(citizen_id_check_digit(first12))
    if len(set(cid)) > 1:
        assert validate_citizen_id(cid) == cid
        wrong = cid[:12] + str((int(cid[12]) + 1) % 10)
        with pytest.raises(ValueError):
            validate_citizen_id(wrong)


def test_citizen_id_display_groups() -> None:
    assert format_citizen_id("1101700123456") == "1-1017-00123-45-6"


def test_thai_dates() -> None:
    d = dt.date(2025, 3, 5)
    assert thai_date(d) == "วันที่ 5 มีนาคม พ.ศ. 2568"
    assert thai_date(d, prefix=False, abbreviated=True) == "5 มี.ค. พ.ศ. 2568"
    assert english_date(d) == "5 March 2025"
    assert thai_time(dt.time(14, 30)) == "14.30 น."


def test_validation_does_not_change_the_callers_data() -> None:
    t = get_type("general-health")
    data = t.sample
    before = copy.deepcopy(data)
    t.validate(data)
    assert data == before
