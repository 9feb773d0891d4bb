"""A plugin's own corner of a database: :class:`PluginNamespace`.

A plugin keeps its tables in the register's database (inside the service or the CLI) or in
a database of its own (a module running out of process, :meth:`PluginNamespace.standalone`).
Either way it never holds the engine: it gets a namespace, which

- names its tables: every one is ``plugin_<name>_<suffix>`` (:attr:`~PluginNamespace.prefix`),
  defined with :meth:`~PluginNamespace.table` or adopted from the plugin's own ``MetaData``
  (:meth:`~PluginNamespace.adopt`, which refuses any other name);
- creates them (:meth:`~PluginNamespace.create_tables`, idempotent);
- runs statements: :meth:`~PluginNamespace.transaction` (one transaction, committed when the
  block ends, rolled back when it raises) and :meth:`~PluginNamespace.reading` yield a
  :class:`NamespaceConnection` whose ``execute()`` inspects each statement's tables
  (``FROM``, joins, subqueries, the target of ``INSERT``/``UPDATE``/``DELETE``) and refuses
  anything but a SELECT / INSERT / UPDATE / DELETE (no DDL: tables are made by
  :meth:`create_tables`), and one that names a table outside the namespace -- the CA's ``certificates``, another
  plugin's ``plugin_other_*`` -- or that carries raw SQL text (``text()``, a string, a
  ``literal_column``), which cannot be inspected.

Plugins still import SQLAlchemy to define columns and build statements (``select``,
``insert``, ``update``, ``func``; ``sqlalchemy.exc.IntegrityError`` to tell a constraint
apart); they run them only through their namespace. The namespace is the storage layer's:
the plugin SDK (:mod:`mohpromt_ca.plugins`) only knows its shape
(:class:`mohpromt_ca.plugins.storage.PluginStorage`) and the host makes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.expression import CompoundSelect, Delete, Insert, Select, TableClause, Update
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables

from mohpromt_ca.errors import ConfigError, MohpromtError

__all__ = ["FUNCTIONS", "NamespaceConnection", "NamespaceViolation", "PluginNamespace"]

#: SQL functions a plugin's statement may call: they compute over its own rows. Others (a
#: server's file or large-object functions, ``dblink``, ``load_extension``) could reach outside.
FUNCTIONS = frozenset({"count", "sum", "min", "max", "avg", "coalesce", "nullif", "lower", "upper", "length",
                       "char_length", "abs", "round", "trim", "substr", "substring", "replace", "concat",
                       "greatest", "least", "now", "current_timestamp", "current_date", "date", "cast"})

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


class NamespaceViolation(MohpromtError):
    """A plugin's statement reached outside its namespace (or could not be inspected)."""

    code = "plugin-namespace"
    http_status = 500
    exit_code = 1


def _textual(element: Any) -> bool:
    if isinstance(element, TextClause):
        return True
    # literal_column("..."): SQL text spelled as a column (``count(*)``'s "*" is the one allowed)
    return getattr(element, "is_literal", False) is True and getattr(element, "name", None) != "*"


class NamespaceConnection:
    """A connection that runs only the namespace's statements (see the module's docstring)."""

    def __init__(self, namespace: PluginNamespace, connection: Connection) -> None:
        self._namespace = namespace
        self._connection = connection

    @property
    def dialect_name(self) -> str:
        return self._namespace.dialect_name

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        self._namespace.check(statement)
        if parameters is None:
            return self._connection.execute(statement)
        return self._connection.execute(statement, parameters)


class PluginNamespace:
    """The tables ``plugin_<name>_*`` of plugin ``name`` in ``engine``."""

    def __init__(self, name: str, engine: Engine, *, owns_engine: bool = False) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(f"plugin name {name!r}: a lower-case letter, then letters, digits, '-' and '_'")
        self.name = name
        self.prefix = f"plugin_{name.replace('-', '_')}_"
        self.metadata = MetaData()
        self._adopted: list[MetaData] = []
        self._engine = engine
        self._owns_engine = owns_engine

    def __repr__(self) -> str:
        return f"PluginNamespace({self.name!r}, dialect={self.dialect_name!r})"

    @classmethod
    def standalone(cls, name: str, url: str) -> PluginNamespace:
        """A namespace in a database of the module's own (SQLite or PostgreSQL URL), for a
        module running out of process."""
        from mohpromt_ca.storage.database import create_register_engine

        return cls(name, create_register_engine(url), owns_engine=True)

    @property
    def dialect_name(self) -> str:
        return str(self._engine.dialect.name)

    # -- tables ---------------------------------------------------------------------------------
    def table(self, suffix: str, *columns: Any, **kw: Any) -> Table:
        """``Table("plugin_<name>_<suffix>", namespace.metadata, *columns, **kw)``."""
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", suffix or ""):
            raise ConfigError(f"table suffix {suffix!r}: lower-case letters, digits and '_'")
        return Table(f"{self.prefix}{suffix}", self.metadata, *columns, **kw)

    def adopt(self, metadata: MetaData) -> None:
        """Take a plugin's own ``MetaData`` into the namespace; every table must be named
        ``plugin_<name>_*`` (no schema)."""
        wrong = [t.name for t in metadata.sorted_tables if not self.owns(t)]
        if wrong:
            raise ConfigError(f"plugin {self.name}: tables must be named {self.prefix}*: {', '.join(wrong)}")
        if metadata is not self.metadata and metadata not in self._adopted:
            self._adopted.append(metadata)

    def owns(self, table: Any) -> bool:
        name = getattr(table, "name", None)
        return (isinstance(name, str) and name.startswith(self.prefix) and len(name) > len(self.prefix)
                and getattr(table, "schema", None) is None)

    def create_tables(self) -> None:
        """Create the namespace's tables that do not exist yet (idempotent)."""
        for metadata in (self.metadata, *self._adopted):
            self.adopt(metadata)  # tables added since adoption are checked too
            metadata.create_all(self._engine, checkfirst=True)

    # -- statements -----------------------------------------------------------------------------
    def check(self, statement: Any) -> None:
        """Refuse ``statement`` unless every table it names is the namespace's and it carries
        no raw SQL text."""
        if not isinstance(statement, Select | CompoundSelect | Insert | Update | Delete):
            raise NamespaceViolation(f"plugin {self.name}: only SQLAlchemy SELECT, INSERT, UPDATE and DELETE "
                                     f"statements run here, not a {type(statement).__name__}")
        for element in visitors.iterate(statement):
            if _textual(element):
                raise NamespaceViolation(f"plugin {self.name}: raw SQL text cannot be checked; build the "
                                         "statement with SQLAlchemy's expression language")
            if isinstance(element, FunctionElement) and str(getattr(element, "name", "")).lower() not in FUNCTIONS:
                raise NamespaceViolation(f"plugin {self.name}: SQL function {getattr(element, 'name', '?')!r} is not "
                                         "one a plugin may call")
            if isinstance(element, TableClause) and not self.owns(element):
                raise NamespaceViolation(f"plugin {self.name}: table {element.name!r} is outside its namespace "
                                         f"({self.prefix}*)")
        for table in find_tables(statement, include_crud=True, include_aliases=True, include_joins=True):
            if not self.owns(table):
                raise NamespaceViolation(f"plugin {self.name}: table {getattr(table, 'name', table)!r} is "
                                         f"outside its namespace ({self.prefix}*)")

    @contextmanager
    def transaction(self) -> Iterator[NamespaceConnection]:
        """One transaction: committed at the end of the block, rolled back if it raises."""
        with self._engine.begin() as connection:
            yield NamespaceConnection(self, connection)

    @contextmanager
    def reading(self) -> Iterator[NamespaceConnection]:
        """A connection for reads (nothing is committed)."""
        with self._engine.connect() as connection:
            connection = connection.execution_options(mohpromt_read_only=True)
            yield NamespaceConnection(self, connection)

    def dispose(self) -> None:
        """Close the pool of a :meth:`standalone` namespace (tests, shutdown); a no-op on the
        host's database, which is not the plugin's to close."""
        if self._owns_engine:
            self._engine.dispose()
