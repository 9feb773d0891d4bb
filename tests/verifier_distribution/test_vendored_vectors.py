"""The outside test material a plain clone carries (tests/data): each folder with its upstream
licence and SOURCE.md, found first by tests/vectors.py, and complete enough to run on."""

from __future__ import annotations

import json

import pytest

from tests.dgc_cases import dgc_files  # type: ignore[import-not-found]
from tests.vectors import (  # type: ignore[import-not-found]
    VENDORED,
    dgc_testdata_dir,
    dgc_testdata_dirs,
    pdf_corpus_dir,
    spec_dir,
)


@pytest.mark.parametrize("folder", ["dgc-testdata", "pdf-corpus", "spec/dcc-schema", "spec/dcc-valuesets"])
def test_each_vendored_folder_has_its_licence_and_source(folder: str) -> None:
    licence = (VENDORED / folder / "LICENSE").read_text("utf-8")
    assert "Apache License" in licence or "MIT License" in licence
    source = (VENDORED / folder / "SOURCE.md").read_text("utf-8")
    assert "Commit" in source or "commit" in source


def test_the_vendored_copy_comes_first() -> None:
    assert dgc_testdata_dir() == VENDORED / "dgc-testdata" == dgc_testdata_dirs()[0]
    assert pdf_corpus_dir() == VENDORED / "pdf-corpus"
    assert spec_dir() == VENDORED / "spec"


def test_the_pdf_corpus_is_whole() -> None:
    expected = json.loads((pdf_corpus_dir() / "expected.json").read_text("utf-8"))
    assert set(expected) == {p.name for p in pdf_corpus_dir().glob("*.pdf")}
    assert set(expected.values()) == {"genuine", "broken", "indeterminate"}
    for name in expected:
        assert (pdf_corpus_dir() / name).read_bytes().startswith(b"%PDF-")


def test_the_dcc_vectors_and_schemas_are_there() -> None:
    cases = dgc_files()
    assert len(cases) >= 160 and any(rel.startswith("common/") for rel in cases)
    assert (dgc_testdata_dir() / "tests" / "known_issues.csv").is_file()
    releases = {p.parent.name for p in (spec_dir() / "dcc-schema" / "releases").glob("*/*.json")}
    assert {"1.0.0", "1.2.1", "1.3.0", "1.3.3"} <= releases
    assert len(list((spec_dir() / "dcc-valuesets").glob("*.json"))) >= 9
