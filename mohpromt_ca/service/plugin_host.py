"""Hosting plugins: the registry a host builds, each plugin's context, and mounting routes.

The plugin SDK (:mod:`mohpromt_ca.plugins`) says what a plugin is and what it gets; this
module is the host's side of it, used by the service's app factory, the CLI (which sets the
plugins up before it publishes events) and the bench:

- :func:`new_registry` -- a :class:`~mohpromt_ca.plugins.registry.PluginRegistry` of the
  host's own (no process-wide registry), activated for the templates registry and loading
  lazily, its plugins subscribed to the event bus;
- :func:`host_context` -- the :class:`~mohpromt_ca.plugins.context.PluginContext` for one
  plugin: a client made by the host's *client factory* (in process: the authority's client
  acting as ``plugin:<name>``) wrapped in the plugin's declared capabilities, its storage
  namespace in the register's database, its data directory, the clock, the DCC checks, and
  in the service ``principal`` / ``client_for`` (the caller's client, scoped the same way).
  Never the authority, the engine, the settings or a key;
- :func:`host_plugins` -- set up every loaded plugin with its context;
- :func:`mount_plugins` -- each plugin's routes under ``/plugins/<name>``;
- :func:`install_plugins` -- all of it for the service's app, plus ``GET /plugins``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mohpromt_ca.plugins.capabilities import Permissions, ScopedClient
from mohpromt_ca.plugins.client import CaClient
from mohpromt_ca.plugins.context import PluginContext
from mohpromt_ca.plugins.events import EventBus, default_bus
from mohpromt_ca.plugins.registry import PluginRegistry, activate
from mohpromt_ca.templates import CertificateTypes

__all__ = ["ClientFactory", "LocalDocumentChecks", "MountReport", "host_context", "host_plugins",
           "in_process_client", "install_plugins", "local_document_checks", "mount_plugins", "new_registry",
           "plugin_namespace", "prefix_for"]

log = logging.getLogger("mohpromt_ca.plugins")

#: ``factory(authority, actor, bus)`` -> the client a plugin's own work goes through
ClientFactory = Callable[[Any, str, EventBus | None], CaClient]


def in_process_client(authority: Any, actor: str, bus: EventBus | None, types: CertificateTypes | None = None
                      ) -> CaClient:
    """The default client factory: the CA in this process, acting as ``actor``, issuing the
    host's certificate types (``types``; None: the built-in ones)."""
    from mohpromt_ca.application.in_process_client import InProcessClient

    return InProcessClient(authority, actor=actor, bus=bus, types=types)


def new_registry(*, types: CertificateTypes, bus: EventBus | None = None) -> PluginRegistry:
    """A registry for one host: its plugins' certificate types are added to the host's
    ``types``; it loads the entry points on first use and subscribes its plugins to ``bus``
    (default: the process's bus)."""
    registry = PluginRegistry(discover_on_use=True)
    activate(registry, types, bus=bus if bus is not None else default_bus())
    return registry


class LocalDocumentChecks:
    """:class:`~mohpromt_ca.plugins.documents.DocumentChecks` with the issuer's own code."""

    def dcc_from_vaccination_record(self, record: Any) -> dict[str, Any]:
        from mohpromt_ca.issuer.pdf.vaccination_dcc import dcc_input_from_record

        return dcc_input_from_record(record)

    def check_dcc(self, data: dict[str, Any], *, dcc_type: str) -> None:
        from mohpromt_ca.issuer.dcc.request import parse_request

        parse_request(data, dcc_type=dcc_type)


def local_document_checks() -> LocalDocumentChecks:
    """For a module out of process (it has the CA's distribution installed, not its keys)."""
    return LocalDocumentChecks()


def plugin_namespace(authority: Any, name: str) -> Any:
    """Plugin ``name``'s namespace in the register's database."""
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace

    return PluginNamespace(name, authority.register.engine)


def _data_dir(root: Path, name: str) -> Path:
    path = Path(root) / "plugins" / name
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def _secret_loader(authority: Any) -> Callable[[Path], bytes]:
    """A plugin's secrets: files on SQLite, the register's shared values on PostgreSQL."""
    from mohpromt_ca.application.shared_secrets import load_shared_secret

    def load(path: Path) -> bytes:
        return load_shared_secret(authority, path)

    return load


def host_context(authority: Any, name: str, *, permissions: Permissions | Any = None,
                 principal: Callable[..., Any] | None = None, client_for: Callable[[Any], CaClient] | None = None,
                 bus: EventBus | None = None, client_factory: ClientFactory | None = None,
                 types: CertificateTypes | None = None) -> PluginContext:
    """The context for plugin ``name`` hosted next to ``authority`` (service, CLI, bench, tests).

    ``permissions`` is the plugin's declared ``requires`` (a :class:`Permissions`, or the raw
    declaration); both the plugin's own client and ``client_for(caller)`` are scoped by it.
    """
    granted = permissions if isinstance(permissions, Permissions) else Permissions.parse(permissions)
    if client_factory is not None:
        own = client_factory(authority, f"plugin:{name}", bus)
    else:
        own = in_process_client(authority, f"plugin:{name}", bus, types)
    client = ScopedClient(own, plugin=name, permissions=granted)
    scoped_for = None
    if client_for is not None:
        def scoped_for(who: Any, _inner: Callable[[Any], CaClient] = client_for) -> CaClient:
            return ScopedClient(_inner(who), plugin=name, permissions=granted)

    return PluginContext(name=name, client=client, storage=plugin_namespace(authority, name),
                         data_dir=_data_dir(authority.settings.data_dir, name), clock=authority.clock,
                         documents=LocalDocumentChecks(), principal=principal, client_for=scoped_for,
                         secret_loader=_secret_loader(authority))


def host_plugins(authority: Any, registry: PluginRegistry, *, principal: Callable[..., Any] | None = None,
                 client_for: Callable[[Any], CaClient] | None = None, bus: EventBus | None = None,
                 client_factory: ClientFactory | None = None, types: CertificateTypes | None = None
                 ) -> PluginRegistry:
    """Load ``registry`` (once) and set up its plugins next to ``authority``; returns it. The
    service passes ``principal`` and ``client_for``; the CLI does not. ``types``: the host's
    certificate types, which the plugins' in-process clients issue."""
    registry.load_once(bus if bus is not None else default_bus())

    def make(name: str) -> PluginContext:
        loaded = registry.get(name)
        return host_context(authority, name, permissions=loaded.permissions if loaded else None,
                            principal=principal, client_for=client_for, bus=bus, client_factory=client_factory,
                            types=types)

    registry.setup_all(make)
    return registry


@dataclass
class MountReport:
    mounted: list[str] = field(default_factory=list)  # prefixes
    failed: dict[str, str] = field(default_factory=dict)  # plugin name -> reason


def prefix_for(name: str) -> str:
    return f"/plugins/{name}"


def mount_plugins(app: Any, plugins: Iterable[Any] | PluginRegistry) -> MountReport:
    """Include each plugin's ``routes()`` router in ``app`` under ``/plugins/<name>``.

    ``plugins`` are plugin objects (or a :class:`PluginRegistry`). A plugin whose ``routes()``
    raises or returns something that is not an ``APIRouter`` is skipped and reported; the
    app and the other plugins are not affected.
    """
    from fastapi import APIRouter

    if isinstance(plugins, PluginRegistry):
        plugins = plugins.plugins()
    report = MountReport()
    for plugin in plugins:
        name = getattr(plugin, "name", "?")
        routes = getattr(plugin, "routes", None)
        if not callable(routes):
            continue
        before = len(app.router.routes)
        try:
            router = routes()
            if router is None:
                continue
            if not isinstance(router, APIRouter):
                raise TypeError(f"routes() returned a {type(router).__name__}, not a fastapi.APIRouter")
            app.include_router(router, prefix=prefix_for(name))
            _check_openapi(app)  # a route FastAPI cannot describe would break /api/v1/openapi.json for all
        except Exception as exc:  # noqa: BLE001 - one plugin's routes never take the app down
            del app.router.routes[before:]
            app.openapi_schema = None
            report.failed[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            log.warning("plugin %s: routes not mounted: %s", name, report.failed[name])
            continue
        report.mounted.append(prefix_for(name))
    return report


def _check_openapi(app: Any) -> None:
    app.openapi_schema = None
    try:
        app.openapi()
    finally:
        app.openapi_schema = None


def install_plugins(app: Any, registry: PluginRegistry | None, authority: Any, documents: Any) -> PluginRegistry:
    """The service's plugins: their certificate types, their routes under /plugins/<name>,
    their event handlers; ``GET /plugins`` reports what loaded and failed. ``registry``: the one
    the app factory was given, else a new one for this app."""
    from mohpromt_ca.service.api import api_principal
    from mohpromt_ca.service.principal_client import PrincipalClient

    own = registry is None
    if registry is None:
        registry = new_registry(types=documents.types)
    else:  # a registry the caller made: its plugins' types join this app's
        activate(registry, documents.types, bus=default_bus())
    host_plugins(authority, registry, principal=api_principal(authority),
                 client_for=lambda who: PrincipalClient(documents, who), types=documents.types)
    report = mount_plugins(app, registry)
    app.state.plugins = registry
    if own:  # the app's own registry: its plugins stop getting events when the app shuts down
        app.router.on_shutdown.append(registry.unsubscribe)

    @app.get("/plugins", include_in_schema=False)
    async def plugins_report() -> dict[str, Any]:
        return {**registry.as_dict(), "routes": {"mounted": report.mounted, "failed": report.failed}}

    return registry
