"""Plugins: the platform's other modules (booking, health records, volunteer rewards, a
third party's) extend the CA through the entry-point group ``mohpromt_ca.plugins``.

One job per module:

- :mod:`.interface` -- what a plugin is (``Plugin``, ``PluginBase``, capabilities);
- :mod:`.registry` -- discovery through entry points, isolated loading, the process registry;
- :mod:`.events` -- event classes and the in-process bus; :mod:`.publishing` builds events
  from what the issuers return;
- :mod:`.routes` -- ``mount_plugins(app, plugins)`` under ``/plugins/<name>``;
- :mod:`.client` -- ``CaClient`` and its in-process implementation.

Plugins are an edge (DESIGN.md): nothing below imports this package. Importing it is
cheap (no FastAPI, SQLAlchemy or pyHanko).
"""

from __future__ import annotations

from mohpromt_ca.plugins.events import (
    DocumentIssued,
    DocumentRevoked,
    Event,
    EventBus,
    SignerEnrolled,
    SignerRevoked,
    default_bus,
)
from mohpromt_ca.plugins.interface import Plugin, PluginBase
from mohpromt_ca.plugins.registry import GROUP, PluginRegistry, activate, default_registry

__all__ = [
    "GROUP",
    "DocumentIssued",
    "DocumentRevoked",
    "Event",
    "EventBus",
    "Plugin",
    "PluginBase",
    "PluginRegistry",
    "SignerEnrolled",
    "SignerRevoked",
    "activate",
    "default_bus",
    "default_registry",
]
