"""Certificate types from outside the templates package: same folder shape, shared common.typ."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mohpromt_ca import templates
from mohpromt_ca.templates import TEMPLATES_DIR, UnknownCertificateType, load_type_folder


def test_built_in_types_are_unchanged(isolated_templates: templates.CertificateTypes) -> None:
    for ctype in isolated_templates.all():
        assert ctype.source == "built-in"
        assert ctype.root == TEMPLATES_DIR
        assert ctype.folder.parent == TEMPLATES_DIR
    assert isolated_templates.keys() == templates.type_keys() == templates.builtin_keys()


def test_a_plugin_folder_loads_and_renders_with_the_shared_layout(demo_type: Path) -> None:
    from mohpromt_ca.issuer.rendering import Renderer

    ctype = load_type_folder(demo_type, source="dive")
    assert (ctype.key, ctype.source) == ("dive-fitness", "dive")
    assert (ctype.root / "common.typ").read_bytes() == (TEMPLATES_DIR / "common.typ").read_bytes()
    assert ctype.template_path.parent.parent == ctype.root
    assert ctype.sample["document_number"] == "DIVE-2568-000001"
    pdf = Renderer().render_validated(ctype, ctype.validate(ctype.sample), "https://example.org/verify/1")
    assert pdf.startswith(b"%PDF-")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Fitness to Dive" in text and "DIVE-2568-000001" in text  # common.typ's header and footer


def test_providers_add_types_and_built_ins_win(isolated_templates: templates.CertificateTypes,
                                              demo_type: Path) -> None:
    types = isolated_templates
    ctype = load_type_folder(demo_type, source="dive")
    with pytest.raises(UnknownCertificateType):
        types.get("dive-fitness")
    calls = []

    def provider():  # type: ignore[no-untyped-def]
        calls.append(1)
        return [ctype]

    types.add_provider(provider)
    assert types.get("dive-fitness") is ctype
    assert "dive-fitness" in types.keys()
    assert types.get("atk").source == "built-in"
    types.all()
    assert calls == [1]  # asked once, lazily


@pytest.mark.parametrize("breakage", ["no-sample", "bad-sample", "builtin-key", "bad-meta", "schema-raises"])
def test_a_broken_folder_is_refused_with_a_reason(tmp_path: Path, demo_type: Path, breakage: str) -> None:
    folder = tmp_path / "dive_fitness"
    shutil.copytree(demo_type, folder)
    schema = folder / "schema.py"
    if breakage == "no-sample":
        (folder / "sample.json").unlink()
        match = "no sample.json"
    elif breakage == "bad-sample":
        (folder / "sample.json").write_text('{"fit": "perhaps"}')
        match = "sample.json does not validate"
    elif breakage == "builtin-key":
        schema.write_text(schema.read_text().replace('key="dive-fitness"', 'key="atk"'))
        match = "built-in"
    elif breakage == "bad-meta":
        schema.write_text(schema.read_text() + "\nMETA = 'not meta'\n")
        match = "META"
    else:
        schema.write_text("raise RuntimeError('schema boom')\n")
        match = "schema boom"
    with pytest.raises(Exception, match=match):
        load_type_folder(folder, source="broken")


def test_a_provider_that_looks_types_up_while_loading_does_not_recurse(
        isolated_templates: templates.CertificateTypes, demo_type: Path) -> None:
    types = isolated_templates

    def provider():  # type: ignore[no-untyped-def]
        assert types.get("atk").source == "built-in"  # built-ins only, meanwhile
        with pytest.raises(UnknownCertificateType):
            types.get("dive-fitness")
        return [load_type_folder(demo_type, source="dive")]

    types.add_provider(provider)
    assert types.get("dive-fitness").source == "dive"
