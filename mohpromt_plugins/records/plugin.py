"""The ``records`` plugin: wires :class:`~.service.RecordsService` into a host.

``setup`` creates the ``plugin_records_*`` tables in the register's database, loads (or
creates, 0600) the secret in the plugin's data directory and checks it is the one the
tables were keyed with. ``on_event`` adds a reference for every ``DocumentIssued`` that
names a citizen and marks references revoked on ``DocumentRevoked``. ``routes`` are under
``/plugins/records`` (see :mod:`.routes`). Top-level imports stay light: the plugin is
imported whenever certificate types are listed.
"""

from __future__ import annotations

from typing import Any

from mohpromt_ca.plugins import DocumentIssued, DocumentRevoked, PluginBase, PluginContext

__all__ = ["RecordsPlugin"]


class RecordsPlugin(PluginBase):
    name = "records"
    version = "0.1"
    requires = {"issue_pdf": ["lab-result"], "document_status": True, "fetch_pdf": True}

    def __init__(self) -> None:
        self.context: Any = None
        self.keys: Any = None
        self.store: Any = None

    def setup(self, context: PluginContext) -> None:
        from mohpromt_plugins.records.keys import RecordsKeys
        from mohpromt_plugins.records.store import RecordsStore

        keys = RecordsKeys.from_context(context)
        store = RecordsStore(context.storage).create()
        store.check_fingerprint(keys.fingerprint)
        self.context, self.keys, self.store = context, keys, store

    def service(self, client: Any = None) -> Any:
        """A :class:`~.service.RecordsService` over ``client`` (default: the plugin's own client)."""
        from mohpromt_plugins.records.service import RecordsService

        if self.store is None:
            raise RuntimeError("plugin records: setup(context) has not run")
        return RecordsService(self.store, client if client is not None else self.context.client, self.keys,
                              self.context.clock)

    def on_event(self, event: Any) -> None:
        if self.store is None:  # not set up in this host: nothing to keep the record in
            return
        if isinstance(event, DocumentIssued):
            self.service().note_issued(event)
        elif isinstance(event, DocumentRevoked):
            self.service().note_revoked(event)

    def routes(self) -> Any:
        from mohpromt_plugins.records.routes import build_router

        return build_router(self)
