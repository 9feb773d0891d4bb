"""`mohpromt-ca plugins list` with the registry the CLI's host code makes replaced by one of the
test's (the installed case is test_distribution.py): nothing installed, and the failed-plugin
rendering."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mohpromt_ca.plugins.registry import FailedPlugin, LoadedPlugin, PluginRegistry


def _host_registry(monkeypatch: pytest.MonkeyPatch, registry: PluginRegistry) -> None:
    """Every CLI run gets ``registry`` from its context (``CliContext.plugins``)."""
    from mohpromt_ca.service import plugin_host

    monkeypatch.setattr(plugin_host, "new_registry", lambda **_kw: registry)


def test_plugins_list_with_nothing_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    from mohpromt_ca.cli import main

    _host_registry(monkeypatch, PluginRegistry())
    result = CliRunner().invoke(main, ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"group": "mohpromt_ca.plugins", "loaded": [], "failed": []}
    result = CliRunner().invoke(main, ["plugins", "list"])
    assert "no plugins installed" in result.output


def test_plugins_list_shows_loaded_and_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    from mohpromt_ca.cli import main

    registry = PluginRegistry(
        loaded=[LoadedPlugin("booking", "1.0", object(), "booking = b:P", "mohpromt-booking", ("routes", "on_event"))],
        failed=[FailedPlugin("broken", "broken = x:P", "broken-dist", "import", "RuntimeError: boom")])
    _host_registry(monkeypatch, registry)
    result = CliRunner().invoke(main, ["plugins", "list"])
    assert result.exit_code == 0, result.output
    assert "loaded  booking" in result.output and "routes, on_event" in result.output
    assert "FAILED  broken" in result.output and "at import: RuntimeError: boom" in result.output
    data = json.loads(CliRunner().invoke(main, ["plugins", "list", "--json"]).output)
    assert data["failed"][0] == {"name": "broken", "status": "failed", "entry_point": "broken = x:P",
                                 "distribution": "broken-dist", "stage": "import", "reason": "RuntimeError: boom"}
