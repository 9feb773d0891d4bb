"""Find plugins through the entry-point group ``mohpromt_ca.plugins`` and load each in isolation.

Each entry point is loaded on its own: importing it, constructing the plugin, checking its
name, version and declared ``requires`` (:mod:`.capabilities`) and loading its certificate
types. Whatever goes wrong at any of these steps (an exception, even ``SystemExit``) marks
that plugin *failed* with the step and the reason, is logged, and the next plugin is loaded:
a broken plugin never takes the CLI or the service down.

There is no process-wide registry: the host (the CLI's context, the service's app factory,
the bench) makes a :class:`PluginRegistry`, loads it (:meth:`PluginRegistry.load_once`, which
also subscribes the plugins' ``on_event`` to the host's bus) and passes it on;
:func:`activate` lets the templates registry see its certificate types.
"""

from __future__ import annotations

import logging
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from mohpromt_ca.plugins.capabilities import Permissions
from mohpromt_ca.plugins.interface import capabilities_of

__all__ = ["GROUP", "FailedPlugin", "LoadedPlugin", "PluginRegistry", "activate", "discover"]

GROUP = "mohpromt_ca.plugins"
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
log = logging.getLogger("mohpromt_ca.plugins")


@dataclass(frozen=True)
class LoadedPlugin:
    name: str
    version: str
    plugin: Any
    entry_point: str  # "name = module:attr"
    distribution: str | None
    capabilities: tuple[str, ...]
    certificate_types: tuple[Any, ...] = ()  # CertificateType
    permissions: Permissions = field(default_factory=lambda: Permissions({}))  # its declared ``requires``

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "status": "loaded", "entry_point": self.entry_point,
                "distribution": self.distribution, "capabilities": list(self.capabilities),
                "certificate_types": [t.key for t in self.certificate_types],
                "requires": self.permissions.as_dict()}


@dataclass(frozen=True)
class FailedPlugin:
    name: str  # the entry point's name (the plugin never told us its own)
    entry_point: str
    distribution: str | None
    stage: str  # import, construct, check, certificate-types
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": "failed", "entry_point": self.entry_point,
                "distribution": self.distribution, "stage": self.stage, "reason": self.reason}


def discover() -> list[EntryPoint]:
    """The entry points of group ``mohpromt_ca.plugins`` in the environment, by name."""
    return sorted(entry_points(group=GROUP), key=lambda ep: (ep.name, ep.value))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class _Failed(Exception):
    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(reason)
        self.stage, self.reason = stage, reason


@dataclass
class PluginRegistry:
    loaded: list[LoadedPlugin] = field(default_factory=list)
    failed: list[FailedPlugin] = field(default_factory=list)
    #: a host's registry (``plugin_host.new_registry``) finds the entry points itself on first use;
    #: one made by hand holds what was loaded into it (``PluginRegistry()``: no plugins)
    discover_on_use: bool = False
    _done: bool = field(default=False, repr=False)
    _lock: Any = field(default_factory=threading.RLock, repr=False)
    _subscriptions: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def load_once(self, bus: Any = None, points: Iterable[EntryPoint] | None = None) -> PluginRegistry:
        """For a :attr:`discover_on_use` registry: load the entry points (default: :func:`discover`)
        the first time only, and subscribe the plugins' ``on_event`` to ``bus`` if given.
        Thread-safe; returns the registry."""
        with self._lock:
            if not self._done and self.discover_on_use:
                self._done = True
                self.load(points)
                if bus is not None:
                    self.subscribe(bus)
        return self

    def load(self, points: Iterable[EntryPoint] | None = None) -> PluginRegistry:
        """Load every entry point (default: :func:`discover`); failures are recorded, not raised."""
        self._done = True
        for ep in discover() if points is None else points:
            dist = getattr(getattr(ep, "dist", None), "name", None)
            label = f"{ep.name} = {ep.value}"
            try:
                self.loaded.append(self._load_one(ep, label, dist))
            except _Failed as exc:
                self.failed.append(FailedPlugin(ep.name, label, dist, exc.stage, exc.reason))
                log.warning("plugin %s (%s) failed to load at %s: %s", ep.name, label, exc.stage, exc.reason)
        return self

    def _load_one(self, ep: EntryPoint, label: str, dist: str | None) -> LoadedPlugin:
        from mohpromt_ca import templates

        def step(stage: str, fn: Any, *args: Any) -> Any:
            try:
                return fn(*args)
            except (KeyboardInterrupt, _Failed):
                raise
            except BaseException as exc:  # noqa: BLE001 - SystemExit at import is a failed plugin too
                raise _Failed(stage, _reason(exc)) from None

        factory = step("import", ep.load)
        if not callable(factory):
            raise _Failed("construct", f"the entry point must name a constructor, not a {type(factory).__name__}")
        plugin = step("construct", factory)
        name, version = getattr(plugin, "name", None), getattr(plugin, "version", None)
        if not isinstance(name, str) or not NAME.match(name):
            raise _Failed("check", f"name {name!r}: a lower-case letter, then letters, digits, '-' and '_', at most 64")
        if not isinstance(version, str) or not version:
            raise _Failed("check", f"version {version!r}: a non-empty string")
        if any(p.name == name for p in self.loaded):
            raise _Failed("check", f"another plugin is already named {name!r}")
        permissions = step("check", Permissions.parse, getattr(plugin, "requires", None))
        capabilities = tuple(capabilities_of(plugin))
        types: list[Any] = []
        if "certificate_types" in capabilities:
            folders = step("certificate-types", lambda: list(plugin.certificate_types()))
            taken = {t.key for p in self.loaded for t in p.certificate_types}
            for folder in folders:
                ctype = step("certificate-types", lambda f=folder: templates.load_type_folder(f, source=name))
                if ctype.key in taken or any(t.key == ctype.key for t in types):
                    raise _Failed("certificate-types", f"certificate type {ctype.key!r} is already defined by "
                                  "another plugin")
                types.append(ctype)
        return LoadedPlugin(name, version, plugin, label, dist, capabilities, tuple(types), permissions)

    def get(self, name: str) -> LoadedPlugin | None:
        return next((p for p in self.loaded if p.name == name), None)

    def plugins(self) -> list[Any]:
        return [p.plugin for p in self.loaded]

    def certificate_types(self) -> list[Any]:
        return [t for p in self.loaded for t in p.certificate_types]

    def subscribe(self, bus: Any) -> None:
        """Subscribe each plugin's ``on_event`` to every event on ``bus`` (a plugin whose setup
        later fails stops receiving them). The bus holds the registry weakly: once its host
        (an app, a CLI run) lets go of it, its plugins stop receiving events."""
        from mohpromt_ca.plugins.events import Event

        ref = weakref.ref(self)
        for p in self.loaded:
            if "on_event" in p.capabilities:
                unsubscribe: list[Callable[[], None]] = []

                def deliver(event: Any, p: LoadedPlugin = p, unsubscribe: list[Callable[[], None]] = unsubscribe
                            ) -> None:
                    registry = ref()
                    if registry is None:
                        for done in unsubscribe:
                            done()
                        return
                    if p in registry.loaded:
                        p.plugin.on_event(event)

                unsubscribe.append(bus.subscribe(Event, deliver, name=f"plugin:{p.name}"))
                self._subscriptions.extend(unsubscribe)

    def unsubscribe(self) -> None:
        """Stop delivering events to this registry's plugins (its host is shutting down)."""
        while self._subscriptions:
            self._subscriptions.pop()()

    def setup_all(self, make_context: Any) -> dict[str, str]:
        """Call each plugin's ``setup(make_context(name))``; one that raises is moved to the failed
        list (stage ``setup``) and the others carry on. Returns the failures by name."""
        failures: dict[str, str] = {}
        for p in list(self.loaded):
            if "setup" not in p.capabilities:
                continue
            try:
                p.plugin.setup(make_context(p.name))
            except Exception as exc:  # noqa: BLE001 - one plugin's setup never takes the host down
                failures[p.name] = _reason(exc)
                self.loaded.remove(p)
                self.failed.append(FailedPlugin(p.name, p.entry_point, p.distribution, "setup", failures[p.name]))
                log.warning("plugin %s failed at setup: %s", p.name, failures[p.name])
        return failures

    def as_dict(self) -> dict[str, Any]:
        return {"group": GROUP, "loaded": [p.as_dict() for p in self.loaded],
                "failed": [p.as_dict() for p in self.failed]}


def activate(registry: PluginRegistry, types: Any, *, bus: Any = None) -> None:
    """Add ``registry``'s certificate types to ``types``, a host's
    :class:`~mohpromt_ca.templates.CertificateTypes`; the plugins load lazily, on the first type
    lookup (:meth:`PluginRegistry.load_once` with ``bus``). ``types`` holds ``registry`` weakly."""
    ref = weakref.ref(registry)

    def provide() -> list[Any]:
        found = ref()
        return found.load_once(bus).certificate_types() if found is not None else []

    types.add_provider(provide)
