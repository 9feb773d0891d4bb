"""Where a use case's events go (``mohpromt_ca.plugins.events``), the same for every edge.

:class:`Events` publishes on a bus (``None``: the process's default bus, which the service's
plugins subscribe to) and optionally through a *gate*: the CLI's ``announce``, which loads the
plugins first and reports a subscriber that failed. A plugin that fails never undoes or fails
the use case: the bus isolates subscribers, and anything else is logged here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mohpromt_ca.plugins import publishing
from mohpromt_ca.plugins.events import DocumentIssued, EventBus

log = logging.getLogger("mohpromt_ca.application")

Gate = Callable[[Callable[[], Any]], None]

__all__ = ["Events", "subject_of"]

subject_of = publishing.subject_of


@dataclass(frozen=True)
class Events:
    bus: EventBus | None = None
    gate: Gate | None = None

    def _send(self, thunk: Callable[[], Any]) -> None:
        try:
            if self.gate is not None:
                self.gate(thunk)
            else:
                thunk()
        except Exception as exc:  # noqa: BLE001 - events never fail the use case
            log.warning("publishing an event failed (%s)", type(exc).__name__)

    def document_issued(self, number: str, kind: str, type_key: str, sha256: str, certificate_serial: str,
                        signer_id: int | None, *, actor: str, subject_id: str | None = None) -> None:
        event = DocumentIssued(number, kind, type_key, sha256, certificate_serial, signer_id, subject_id, actor=actor)
        self._send(lambda: publishing.publish(event, bus=self.bus))

    def pdf_issued(self, issued: Any, *, actor: str, subject_id: str | None = None) -> None:
        self._send(lambda: publishing.pdf_issued(issued, actor=actor, bus=self.bus, subject_id=subject_id))

    def dcc_issued(self, signed: Any, *, actor: str, subject_id: str | None = None) -> None:
        self._send(lambda: publishing.dcc_issued(signed, actor=actor, bus=self.bus, subject_id=subject_id))

    def document_revoked(self, number: str, kind: str, reason: str, *, actor: str) -> None:
        self._send(lambda: publishing.document_revoked(number, kind, reason, actor=actor, bus=self.bus))

    def signer_enrolled(self, enrolment: Any, *, actor: str) -> None:
        self._send(lambda: publishing.signer_enrolled(enrolment, actor=actor, bus=self.bus))

    def signer_revoked(self, signer_id: int, reason: str, *, actor: str) -> None:
        self._send(lambda: publishing.signer_revoked(signer_id, reason, actor=actor, bus=self.bus))

    def publish_all(self, events: list[Any]) -> None:
        self._send(lambda: [f for event in events for f in publishing.publish(event, bus=self.bus)])
