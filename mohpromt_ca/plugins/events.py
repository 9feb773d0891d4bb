"""Events a plugin can subscribe to, and the small in-process bus that delivers them.

Events carry identifiers only (document number, type, hashes, signer and facility ids),
never a citizen's medical data: the same rule as the register. Delivery is synchronous,
in the publisher's thread; a subscriber that raises is logged and skipped, and the
publisher and the other subscribers carry on.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "DocumentIssued",
    "DocumentRevoked",
    "Event",
    "EventBus",
    "SignerEnrolled",
    "SignerRevoked",
    "SubscriberFailure",
    "default_bus",
]

log = logging.getLogger("mohpromt_ca.plugins.events")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Event:
    """Base of every event; subscribe to it to receive all of them."""

    at: dt.datetime = field(default_factory=_now, kw_only=True)
    actor: str = field(default="", kw_only=True)

    @property
    def name(self) -> str:
        return _NAMES.get(type(self), type(self).__name__)


@dataclass(frozen=True)
class DocumentIssued(Event):
    number: str  # PDF document number, or the DCC's UVCI
    kind: str  # "pdf" or "dcc"
    type: str  # certificate type key, or the DCC type
    sha256: str
    certificate_serial: str
    signer_id: int | None = None
    #: the citizen ID the document was issued to, where its data names one (``patient.citizen_id``
    #: or ``holder.citizen_id``): in-process only, never logged or shown (``repr`` leaves it out),
    #: so a health-record module can link the document to its keyed hash of that ID
    subject_id: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DocumentRevoked(Event):
    number: str
    kind: str
    reason: str


@dataclass(frozen=True)
class SignerEnrolled(Event):
    signer_id: int
    facility_id: int
    profession: str
    certificate_serial: str


@dataclass(frozen=True)
class SignerRevoked(Event):
    signer_id: int
    reason: str


_NAMES: dict[type, str] = {DocumentIssued: "document.issued", DocumentRevoked: "document.revoked",
                           SignerEnrolled: "signer.enrolled", SignerRevoked: "signer.revoked"}

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class SubscriberFailure:
    subscriber: str
    event: str
    error: str


class EventBus:
    """Subscribe handlers to an event class (or :class:`Event` for all); publish events."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[type[Event], Callable[[Event], object], str]] = []
        self._lock = threading.Lock()

    def subscribe(self, event_type: type[E], handler: Callable[[E], object], *, name: str | None = None
                  ) -> Callable[[], None]:
        """Call ``handler`` for every published ``event_type`` (subclasses included).

        Returns a function that removes the subscription.
        """
        if not (isinstance(event_type, type) and issubclass(event_type, Event)):
            raise TypeError("event_type must be an Event class")
        label = name or getattr(handler, "__qualname__", repr(handler))
        entry = (event_type, handler, label)
        with self._lock:
            self._subscribers.append(entry)  # type: ignore[arg-type]

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subscribers:
                    self._subscribers.remove(entry)

        return unsubscribe

    def publish(self, event: Event) -> list[SubscriberFailure]:
        """Deliver ``event`` to each matching subscriber; return the ones that raised."""
        with self._lock:
            targets = [(h, label) for t, h, label in self._subscribers if isinstance(event, t)]
        failures: list[SubscriberFailure] = []
        for handler, label in targets:
            try:
                handler(event)
            except Exception as exc:  # noqa: BLE001 - a subscriber never breaks the publisher
                failure = SubscriberFailure(label, event.name, f"{type(exc).__name__}: {exc}")
                failures.append(failure)
                log.warning("event subscriber %s failed on %s: %s", label, event.name, failure.error,
                            exc_info=True)
        return failures

    def clear(self) -> None:
        with self._lock:
            self._subscribers.clear()


_default = EventBus()


def default_bus() -> EventBus:
    """The process's bus: the plugin registry subscribes plugins here, publishers publish here."""
    return _default
