"""The type registry: what it finds, what each type declares, and its samples."""

from __future__ import annotations

import pytest

from mohpromt_ca.errors import InputError, NotFound
from mohpromt_ca.templates import (
    CertificateType,
    TemplateInputError,
    UnknownCertificateType,
    get_type,
    list_types,
    type_keys,
    validate,
)
from mohpromt_ca.templates.common import A4_HEIGHT_PT, A4_WIDTH_PT, CertificateInput

EXPECTED = {
    "general-health", "covid-release", "driving-licence", "doctor-opinion", "foreign-worker",
    "atk", "rt-pcr", "lab-result", "vaccination",
}


def test_all_types_are_discovered() -> None:
    assert set(type_keys()) == EXPECTED
    assert [t.key for t in list_types()] == sorted(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_type_declares_title_schema_fields_sample_and_signature_rect(key: str) -> None:
    t = get_type(key)
    assert isinstance(t, CertificateType)
    assert t.title_th and t.title_en and t.title_th != t.title_en
    assert issubclass(t.schema, CertificateInput)
    assert t.template_path.is_file()
    paths = {f.path for f in t.fields}
    for common in ("document_number", "issued_at", "facility.name_th", "facility.licence",
                   "signer.profession", "signer.licence_no", "patient.name_th"):
        assert common in paths, common
    assert all(f.type for f in t.fields)
    model = t.validate(t.sample)
    assert model.document_number == t.sample["document_number"]
    r = t.signature_rect
    assert 0 <= r.x1 < r.x2 <= A4_WIDTH_PT and 0 <= r.y1 < r.y2 <= A4_HEIGHT_PT
    assert r.x1 > A4_WIDTH_PT / 2 and r.y2 < A4_HEIGHT_PT / 4, "bottom right"
    assert r.box == (r.x1, r.y1, r.x2, r.y2)
    assert t.json_schema()["type"] == "object"


def test_sample_is_a_fresh_copy() -> None:
    t = get_type("general-health")
    s = t.sample
    s["document_number"] = "changed"
    assert t.sample["document_number"] != "changed"


def test_unknown_type_is_a_not_found_error_listing_the_known_ones() -> None:
    with pytest.raises(UnknownCertificateType) as info:
        get_type("no-such-type")
    assert isinstance(info.value, NotFound)
    assert "general-health" in str(info.value)


def test_validate_by_key() -> None:
    t = get_type("atk")
    assert validate("atk", t.sample).result == "negative"


def test_input_error_is_the_project_error() -> None:
    with pytest.raises(TemplateInputError) as info:
        validate("atk", {})
    assert isinstance(info.value, InputError)
    assert info.value.code == "template-input"
