"""What a plugin is: a name, a version, and optional capabilities.

The shape follows step-ca's pluggable backends: a small required interface, optional
capability methods the registry looks for, and a registry keyed by name. A plugin is
published through the entry-point group ``mohpromt_ca.plugins``; the entry point names a
zero-argument constructor (usually the class) that returns the plugin::

    [project.entry-points."mohpromt_ca.plugins"]
    booking = "mohpromt_booking:BookingPlugin"

What it may ask of the CA is declared, not assumed: ``requires`` (see
:mod:`~mohpromt_ca.plugins.capabilities`), e.g. ``{"issue_pdf": ["lab-result"], "document_status": True}``;
the clients the host gives it refuse anything else.

Capabilities (each optional; :class:`PluginBase` gives the "none" answers):

- ``setup(context)`` -> called once by the host (the service, or the CLI before it publishes
  events) with a :class:`~mohpromt_ca.plugins.context.PluginContext`: the storage namespace
  for the plugin's own tables, its data directory, the clock and a scoped CA client; a setup that raises
  marks the plugin failed (stage ``setup``) and it is neither mounted nor sent events;
- ``certificate_types()`` -> folders shaped like ``mohpromt_ca/templates/<type>/``
  (``template.typ`` importing ``../common.typ``, ``schema.py``, ``sample.json``);
- ``routes()`` -> a FastAPI ``APIRouter``, mounted under ``/plugins/<name>`` by
  the host (``mohpromt_ca.service.plugin_host.mount_plugins``);
- ``on_event(event)`` -> receives every :class:`~mohpromt_ca.plugins.events.Event`.

Keep a plugin module's top-level imports light (import FastAPI inside ``routes()``): plugins
are imported whenever certificate types are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from mohpromt_ca.plugins.context import PluginContext
    from mohpromt_ca.plugins.events import Event

__all__ = ["CAPABILITIES", "Plugin", "PluginBase", "capabilities_of"]

CAPABILITIES = ("setup", "certificate_types", "routes", "on_event")


@runtime_checkable
class Plugin(Protocol):
    """The required part: ``name`` (``[a-z][a-z0-9_-]*``, the URL prefix) and ``version``."""

    name: str
    version: str


class PluginBase:
    """A convenient base: override the capabilities you have."""

    name: str = ""
    version: str = "0"
    #: the CA operations the plugin calls (``mohpromt_ca.plugins.capabilities``); none by default
    requires: Mapping[str, Any] | Iterable[str] = ()

    def setup(self, context: PluginContext) -> None:
        return None

    def certificate_types(self) -> Iterable[Path]:
        return ()

    def routes(self) -> Any:
        return None

    def on_event(self, event: Event) -> None:
        return None


def capabilities_of(plugin: object) -> list[str]:
    """The capabilities ``plugin`` really provides (a :class:`PluginBase` default does not count)."""
    out = []
    for name in CAPABILITIES:
        method = getattr(type(plugin), name, None)
        if callable(method) and method is not getattr(PluginBase, name):
            out.append(name)
    return out
