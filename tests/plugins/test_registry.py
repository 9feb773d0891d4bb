"""Loading plugins through entry points, each in isolation: failures are recorded, never raised."""

from __future__ import annotations

import itertools
import shutil
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from mohpromt_ca.plugins.events import DocumentIssued, EventBus
from mohpromt_ca.plugins.registry import GROUP, PluginRegistry, discover

_counter = itertools.count()

GOOD = '''
from pathlib import Path
from mohpromt_ca.plugins import PluginBase

EVENTS = []

class Plugin(PluginBase):
    name = "{name}"
    version = "2.0.1"

    def certificate_types(self):
        return [Path(__file__).parent / "types" / "dive_fitness"] if {with_types} else []

    def on_event(self, event):
        EVENTS.append(event)
'''


@pytest.fixture
def make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_type: Path):  # type: ignore[no-untyped-def]
    """``make(source, attr="Plugin", ep_name=...)`` -> an EntryPoint into a fresh module."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(source: str, *, attr: str = "Plugin", ep_name: str = "demo", with_type: bool = False) -> EntryPoint:
        module = f"plugin_under_test_{next(_counter)}"
        package = tmp_path / module
        package.mkdir()
        (package / "__init__.py").write_text(textwrap.dedent(source))
        if with_type:
            shutil.copytree(demo_type, package / "types" / "dive_fitness")
        return EntryPoint(ep_name, f"{module}:{attr}", GROUP)

    return make


def test_a_good_plugin_loads_with_its_capabilities_and_types(make, isolated_templates) -> None:  # type: ignore[no-untyped-def]
    ep = make(GOOD.format(name="dive", with_types=True), with_type=True)
    registry = PluginRegistry().load([ep])
    assert registry.failed == []
    (loaded,) = registry.loaded
    assert (loaded.name, loaded.version) == ("dive", "2.0.1")
    assert loaded.capabilities == ("certificate_types", "on_event")
    assert [t.key for t in loaded.certificate_types] == ["dive-fitness"]
    assert registry.as_dict()["loaded"][0]["certificate_types"] == ["dive-fitness"]
    isolated_templates.add_provider(registry.certificate_types)
    assert isolated_templates.get("dive-fitness").source == "dive"

    bus = EventBus()
    registry.subscribe(bus)
    event = DocumentIssued("N-1", "pdf", "dive-fitness", "0" * 64, "1")
    bus.publish(event)
    assert loaded.plugin.on_event.__self__ is loaded.plugin
    import sys

    assert sys.modules[loaded.plugin.__module__].EVENTS == [event]


@pytest.mark.parametrize(("source", "attr", "stage", "reason"), [
    ("raise RuntimeError('boom at import')", "Plugin", "import", "RuntimeError: boom at import"),
    ("import sys\nsys.exit(3)", "Plugin", "import", "SystemExit: 3"),
    ("import no_such_module_anywhere", "Plugin", "import", "ModuleNotFoundError"),
    ("X = 1", "Missing", "import", "AttributeError"),
    ("X = 1", "X", "construct", "must name a constructor"),
    ("class Plugin:\n    def __init__(self):\n        raise ValueError('no config')", "Plugin", "construct",
     "ValueError: no config"),
    ("class Plugin:\n    name = 'Bad Name!'\n    version = '1'", "Plugin", "check", "name 'Bad Name!'"),
    ("class Plugin:\n    name = 'ok'\n    version = None", "Plugin", "check", "version None"),
    ("class Plugin:\n    name = 'ok'\n    version = '1'\n"
     "    def certificate_types(self):\n        raise OSError('gone')",
     "Plugin", "certificate-types", "OSError: gone"),
    ("class Plugin:\n    name = 'ok'\n    version = '1'\n"
     "    def certificate_types(self):\n        return ['/nonexistent']",
     "Plugin", "certificate-types", "no template.typ"),
])
def test_a_failing_plugin_is_recorded_and_the_others_still_load(make, source, attr, stage, reason) -> None:  # type: ignore[no-untyped-def]
    bad = make(source, attr=attr, ep_name="bad")
    good = make(GOOD.format(name="good", with_types=False), ep_name="good")
    registry = PluginRegistry().load([bad, good])
    assert [p.name for p in registry.loaded] == ["good"]
    (failed,) = registry.failed
    assert (failed.name, failed.stage) == ("bad", stage)
    assert reason in failed.reason
    assert registry.as_dict()["failed"][0]["status"] == "failed"


def test_duplicate_names_and_type_keys_are_refused(make, demo_type) -> None:  # type: ignore[no-untyped-def]
    first = make(GOOD.format(name="dive", with_types=True), with_type=True, ep_name="first")
    same_name = make(GOOD.format(name="dive", with_types=False), ep_name="second")
    same_type = make(GOOD.format(name="other", with_types=True), with_type=True, ep_name="third")
    registry = PluginRegistry().load([first, same_name, same_type])
    assert [p.name for p in registry.loaded] == ["dive"]
    assert {f.name: f.stage for f in registry.failed} == {"second": "check", "third": "certificate-types"}


def test_discover_reads_the_entry_point_group() -> None:
    assert all(ep.group == GROUP for ep in discover())
