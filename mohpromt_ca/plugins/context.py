"""What a host (the service, the CLI, a script) hands each plugin: :class:`PluginContext`.

A plugin with a ``setup(context)`` method gets its own context once, before its routes
are mounted or its event handlers run. The context carries what a module of the platform
needs to work beside the CA, and nothing that would let it bypass the CA's rules:

- ``engine``: the register's database (SQLite or PostgreSQL). A plugin keeps its *own*
  tables there, named ``plugin_<name>_*`` and created from its own SQLAlchemy metadata
  (:meth:`PluginContext.create_tables`); it never writes the CA's tables.
- ``data_dir``: ``DATA_DIR/plugins/<name>/`` for files (0700, created on first use).
- ``clock``: the host's clock (tests pin it).
- ``client``: a :class:`~.client.CaClient` acting as ``plugin:<name>`` with the host's
  rights, for work nobody asked for over HTTP (event handlers, scheduled jobs).
- ``principal`` and ``client_for``: inside the service only. ``principal`` is a FastAPI
  dependency that authenticates the caller (``Authorization: Bearer <API key>``) and gives
  its :class:`~mohpromt_ca.service.authorization.Principal`; ``client_for(principal)`` is
  a :class:`~.client.CaClient` that issues *as that caller*, so the service's rules apply
  (a facility's key cannot sign with another facility's signer). A plugin's route that
  issues on a caller's behalf uses these, never ``client``.

The same plugin code runs out of process: build the module's service with an
:class:`~.http_client.HttpClient` and an engine of its own, and nothing else changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PluginContext", "host_context", "host_plugins"]


@dataclass(frozen=True)
class PluginContext:
    name: str
    engine: Any
    data_dir_root: Path
    clock: Any
    client: Any
    principal: Callable[..., Any] | None = None
    client_for: Callable[[Any], Any] | None = None
    settings: Any = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        """``DATA_DIR/plugins/<name>/`` (created 0700 on first use)."""
        path = self.data_dir_root / "plugins" / self.name
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
        return path

    @property
    def table_prefix(self) -> str:
        return f"plugin_{self.name.replace('-', '_')}_"

    def create_tables(self, metadata: Any) -> None:
        """Create the plugin's tables (``metadata``) in the register's database if missing.

        Every table must be named with :attr:`table_prefix`, so plugins never collide with
        the CA's tables or with each other.
        """
        wrong = [t.name for t in metadata.sorted_tables if not t.name.startswith(self.table_prefix)]
        if wrong:
            raise ValueError(f"plugin {self.name}: tables must be named {self.table_prefix}*: {', '.join(wrong)}")
        metadata.create_all(self.engine, checkfirst=True)

    def require_service(self) -> tuple[Callable[..., Any], Callable[[Any], Any]]:
        """``(principal, client_for)``, or a clear error when the host is not the service."""
        if self.principal is None or self.client_for is None:
            raise RuntimeError(f"plugin {self.name}: routes that act for a caller need the issuance service")
        return self.principal, self.client_for


def host_context(authority: Any, name: str, *, principal: Callable[..., Any] | None = None,
                 client_for: Callable[[Any], Any] | None = None, bus: Any = None) -> PluginContext:
    """The context for plugin ``name`` hosted next to ``authority`` (service or CLI)."""
    from mohpromt_ca.plugins.client import InProcessClient

    return PluginContext(name=name, engine=authority.register.engine, data_dir_root=authority.settings.data_dir,
                         clock=authority.clock, client=InProcessClient(authority, actor=f"plugin:{name}", bus=bus),
                         principal=principal, client_for=client_for, settings=authority.settings)


def host_plugins(authority: Any, *, registry: Any = None, principal: Callable[..., Any] | None = None,
                 client_for: Callable[[Any], Any] | None = None) -> Any:
    """Load (once per process), activate and set up the plugins next to ``authority``; returns
    the registry. The service passes ``principal`` and ``client_for``; the CLI does not."""
    from mohpromt_ca.plugins.registry import default_registry

    registry = registry if registry is not None else default_registry()
    registry.setup_all(lambda name: host_context(authority, name, principal=principal, client_for=client_for))
    return registry
