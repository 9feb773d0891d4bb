"""The shape of a plugin's storage namespace, as the SDK knows it.

The host makes the namespace (``mohpromt_ca.storage.plugin_namespace.PluginNamespace``: the
register's database inside the service or the CLI, ``PluginNamespace.standalone(name, url)``
out of process) and hands it over as ``context.storage``. A plugin defines its tables with
``storage.table(suffix, *columns)`` or adopts a ``MetaData`` whose tables are all named
``storage.prefix + ...``, creates them with ``create_tables()``, and runs SQLAlchemy
statements through ``transaction()`` / ``reading()``: a statement that names a table outside
``plugin_<name>_*`` or carries raw SQL text is refused.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

__all__ = ["PluginStorage", "StorageConnection"]


@runtime_checkable
class StorageConnection(Protocol):
    @property
    def dialect_name(self) -> str: ...

    def execute(self, statement: Any, parameters: Any = None) -> Any: ...


@runtime_checkable
class PluginStorage(Protocol):
    name: str
    prefix: str  # "plugin_<name>_"
    metadata: Any  # sqlalchemy.MetaData

    @property
    def dialect_name(self) -> str: ...

    def table(self, suffix: str, *columns: Any, **kw: Any) -> Any: ...

    def adopt(self, metadata: Any) -> None: ...

    def create_tables(self) -> None: ...

    def transaction(self) -> AbstractContextManager[StorageConnection]: ...

    def reading(self) -> AbstractContextManager[StorageConnection]: ...
