"""What a host (the service, the CLI, a script) hands each plugin: :class:`PluginContext`.

A plugin with a ``setup(context)`` method gets its own context once, before its routes
are mounted or its event handlers run. The context carries what a module of the platform
needs to work beside the CA, and nothing that would let it bypass the CA's rules -- no
authority, no engine, no settings, no key:

- ``name``: the plugin's name;
- ``client``: a **capability-scoped** :class:`~.client.CaClient` acting as ``plugin:<name>``
  for work nobody asked for over HTTP (event handlers, jobs). It passes only the operations
  the plugin declared in ``requires`` (:mod:`.capabilities`); anything else raises
  :class:`~.errors.CapabilityError`;
- ``storage``: the plugin's :class:`~.storage.PluginStorage` namespace (tables
  ``plugin_<name>_*`` only, in the register's database);
- ``data_dir``: ``DATA_DIR/plugins/<name>/`` for files (0700, made by the host);
  ``secret(filename)`` a 32-byte secret kept there (0600, made once);
- ``clock``: the host's clock (tests pin it);
- ``documents``: :class:`~.documents.DocumentChecks` (the DCC checks a plugin cannot import);
- ``principal`` and ``client_for``: inside the service only. ``principal`` is a FastAPI
  dependency that authenticates the caller (``Authorization: Bearer <API key>``) and gives
  its principal (``.label``, ``.facility_id``, ``.signer_id``); ``client_for(principal)`` is
  a scoped :class:`~.client.CaClient` that acts *as that caller*, so the service's rules
  apply too (a facility's key cannot sign with another facility's signer). A plugin's route
  that issues on a caller's behalf uses these, never ``client``. Vouchers are the exception:
  the CA signs them only for the rewards module itself, so the rewards plugin asks with
  ``client`` (``client_for(caller)`` would get 403 for a facility's or a signer's key).

The host builds it (``mohpromt_ca.service.plugin_host``); the same plugin code runs out of
process over an :class:`~.http_client.HttpClient` and a standalone namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mohpromt_ca.plugins.client import CaClient
from mohpromt_ca.plugins.documents import DocumentChecks
from mohpromt_ca.plugins.storage import PluginStorage

__all__ = ["PluginContext"]


@dataclass(frozen=True)
class PluginContext:
    name: str
    client: CaClient
    storage: PluginStorage
    data_dir: Path  # DATA_DIR/plugins/<name>/, made 0700 by the host
    clock: Any
    documents: DocumentChecks | None = field(default=None, repr=False)
    principal: Callable[..., Any] | None = field(default=None, repr=False)
    client_for: Callable[[Any], CaClient] | None = field(default=None, repr=False)
    secret_loader: Callable[[Path], bytes] | None = field(default=None, repr=False)

    @property
    def table_prefix(self) -> str:
        return self.storage.prefix

    def secret(self, filename: str) -> bytes:
        """The 32-byte secret in ``data_dir/filename`` (made once, 0600; never in the database)."""
        if self.secret_loader is None:
            raise RuntimeError(f"plugin {self.name}: this host keeps no secrets for plugins")
        if not filename or "/" in filename or filename.startswith("."):
            raise ValueError("secret: a plain file name")
        return self.secret_loader(self.data_dir / filename)

    def require_service(self) -> tuple[Callable[..., Any], Callable[[Any], CaClient]]:
        """``(principal, client_for)``, or a clear error when the host is not the service."""
        if self.principal is None or self.client_for is None:
            raise RuntimeError(f"plugin {self.name}: routes that act for a caller need the issuance service")
        return self.principal, self.client_for
