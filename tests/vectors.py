"""Where the tests find outside test material: the copy vendored under tests/data (with its
licence and SOURCE.md), else the shared folder beside the repository (../shared), which may
hold more cases than the vendored copy."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
VENDORED = TESTS / "data"
SHARED = REPO.parent / "shared"


def _first(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def dgc_testdata_dir() -> Path:
    """The EU DCC test vectors (eu-digital-green-certificates/dgc-testdata)."""
    return _first(VENDORED / "dgc-testdata", SHARED / "testdata" / "dgc-testdata")


def dgc_testdata_dirs() -> list[Path]:
    """Every copy present (vendored first, then the shared one), for tests that run over all."""
    return [p for p in (VENDORED / "dgc-testdata", SHARED / "testdata" / "dgc-testdata") if p.is_dir()]


def pdf_corpus_dir() -> Path:
    """Signed PDFs made by others, each with its expected class (expected.json)."""
    return _first(VENDORED / "pdf-corpus", SHARED / "testdata" / "pdf-corpus")


def spec_dir() -> Path:
    """The EU DCC JSON schema releases and value sets, ETSI XSDs."""
    return _first(VENDORED / "spec", SHARED / "spec")
