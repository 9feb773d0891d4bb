"""The booking reference plugin: appointments whose completion issues the certificates."""

from __future__ import annotations

from typing import Any

from mohpromt_ca.plugins import DocumentRevoked, PluginBase, PluginContext

__all__ = ["BookingPlugin"]


class BookingPlugin(PluginBase):
    """``setup`` creates ``plugin_booking_*`` in its storage namespace and the citizen-ID hash
    key in the plugin's data directory; ``routes`` serve ``/plugins/booking``; ``on_event``
    marks an attached document revoked when the CA revokes it."""

    name = "booking"
    version = "0.1.0"
    requires = {"issue_pdf": ["vaccination", "rt-pcr", "atk"], "issue_dcc": ["vaccination", "test"],
                "document_status": True, "fetch_pdf": True}

    def __init__(self) -> None:
        self.context: Any = None
        self.store: Any = None

    def setup(self, context: PluginContext) -> None:
        from mohpromt_plugins.booking.store import BookingStore

        self.store = BookingStore(context.storage, context.secret("citizen-id.key"))
        self.store.create_tables()
        self.context = context

    def service(self, client: Any) -> Any:
        """A :class:`~.service.BookingService` over this plugin's store that issues through ``client``."""
        from mohpromt_plugins.booking.service import BookingService

        if self.store is None:
            raise RuntimeError("plugin booking: setup(context) was not called")
        return BookingService(self.store, client, self.context.clock, checks=self.context.documents)

    def routes(self) -> Any:
        from mohpromt_plugins.booking.routes import booking_router

        if self.context is None:
            raise RuntimeError("plugin booking: routes need setup(context) first")
        return booking_router(self)

    def on_event(self, event: Any) -> None:
        if isinstance(event, DocumentRevoked) and self.store is not None:
            self.store.set_document_status(event.number, status="revoked", revoked_at=event.at, reason=event.reason)
