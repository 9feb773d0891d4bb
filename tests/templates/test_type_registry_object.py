"""The certificate-type registry is an object each host builds, not module state: what one
host adds (a plugin's type) is invisible to another host and to callers that pass nothing."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest

from mohpromt_ca import templates
from mohpromt_ca.templates import CertificateTypes, UnknownCertificateType, builtin_keys, load_type_folder

DEMO = Path(__file__).resolve().parents[1] / "plugins" / "demo_type" / "dive_fitness"


def test_module_has_no_mutable_registry() -> None:
    """Nothing at module level a caller could register into."""
    assert not hasattr(templates, "register_provider")
    for name, value in vars(templates).items():
        if name.startswith("__") or callable(value) or isinstance(value, type(templates)):
            continue
        assert not isinstance(value, list | dict | set), f"templates.{name} is a mutable module-level {type(value)}"


def test_a_host_sees_its_own_types_only() -> None:
    dive = load_type_folder(DEMO, source="dive")
    host_a = CertificateTypes([dive])
    host_b = CertificateTypes()
    assert host_a.get("dive-fitness") is dive
    assert "dive-fitness" in host_a and "dive-fitness" not in host_b
    assert host_a.keys() == sorted([*builtin_keys(), "dive-fitness"])
    assert host_b.keys() == builtin_keys() == templates.type_keys()
    with pytest.raises(UnknownCertificateType):
        templates.get_type("dive-fitness")  # a caller that passes no registry: built-in types
    assert templates.get_type("dive-fitness", host_a) is dive
    assert templates.validate("dive-fitness", dive.sample, host_a).document_number == dive.sample["document_number"]


def test_providers_are_called_lazily_once_and_built_ins_win() -> None:
    calls: list[int] = []
    dive = load_type_folder(DEMO, source="dive")
    impostor = dataclasses.replace(dive, key="atk", source="dive")

    def provide() -> list[templates.CertificateType]:
        calls.append(1)
        return [dive, impostor]

    types = CertificateTypes(providers=[provide])
    assert calls == []  # nothing loaded until a type is needed
    assert types.get("dive-fitness") is dive
    assert types.get("atk").source == "built-in"
    types.all()
    types.keys()
    assert calls == [1]
    with pytest.raises(ValueError, match="already defined"):
        types.add(dataclasses.replace(dive, key="general-health"))


def test_a_provider_that_looks_types_up_while_loading_does_not_recurse() -> None:
    types = CertificateTypes()
    dive = load_type_folder(DEMO, source="dive")

    def provide() -> list[templates.CertificateType]:
        assert types.get("atk").source == "built-in"  # re-entrant lookup: what is known so far
        return [dive]

    types.add_provider(provide)
    assert types.get("dive-fitness") is dive


def test_each_load_is_staged_apart() -> None:
    """Two hosts loading the same plugin get separate Typst roots: neither overwrites the
    files the other is rendering from."""
    first = load_type_folder(DEMO, source="dive")
    second = load_type_folder(DEMO, source="dive")
    assert first.root != second.root and first.folder != second.folder
    for ctype in (first, second):
        assert (ctype.root / "common.typ").is_file() and ctype.template_path.is_file()
        assert ctype.template_path.read_bytes() == (DEMO / "template.typ").read_bytes()


def test_concurrent_first_lookups_collect_once() -> None:
    calls: list[int] = []
    dive = load_type_folder(DEMO, source="dive")
    gate = threading.Barrier(4)

    def provide() -> list[templates.CertificateType]:
        calls.append(1)
        return [dive]

    types = CertificateTypes(providers=[provide])
    seen: list[str] = []

    def look() -> None:
        gate.wait()
        seen.append(types.get("dive-fitness").key)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == ["dive-fitness"] * 4 and calls == [1]


def test_renderer_renders_a_host_type_only_through_that_host(tmp_path: Path) -> None:
    from mohpromt_ca.issuer.rendering import Renderer

    dive = load_type_folder(DEMO, source="dive")
    host = CertificateTypes([dive])
    renderer = Renderer()
    pdf = renderer.render("dive-fitness", dive.sample, "https://example.test/v/1", types=host)
    assert pdf.startswith(b"%PDF-")
    with pytest.raises(UnknownCertificateType):
        renderer.render("dive-fitness", dive.sample, "https://example.test/v/1")
    # a second load (another host) is compiled from its own staged copy, with the same output
    other = CertificateTypes([load_type_folder(DEMO, source="dive")])
    assert renderer.render("dive-fitness", dive.sample, "https://example.test/v/1", types=other) == pdf
