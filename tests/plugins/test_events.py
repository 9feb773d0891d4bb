"""The in-process event bus: typed events, filtering by class, failing subscribers isolated."""

from __future__ import annotations

import logging

import pytest

from mohpromt_ca.plugins.events import DocumentIssued, DocumentRevoked, Event, EventBus, SignerEnrolled, SignerRevoked


def issued(number: str = "GH-1") -> DocumentIssued:
    return DocumentIssued(number, "pdf", "general-health", "ab" * 32, "1f", 7, actor="test")


def test_subscribers_get_the_events_of_their_class() -> None:
    bus = EventBus()
    everything: list[Event] = []
    documents: list[DocumentIssued] = []
    bus.subscribe(Event, everything.append)
    bus.subscribe(DocumentIssued, documents.append)
    events = [issued(), DocumentRevoked("GH-1", "pdf", "error"), SignerEnrolled(3, 1, "physician", "2a"),
              SignerRevoked(3, "keyCompromise")]
    for event in events:
        assert bus.publish(event) == []
    assert everything == events
    assert documents == [events[0]]
    assert [e.name for e in events] == ["document.issued", "document.revoked", "signer.enrolled", "signer.revoked"]
    assert events[0].at.tzinfo is not None


def test_a_failing_subscriber_is_logged_and_isolated(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    before: list[Event] = []
    after: list[Event] = []

    def broken(event: Event) -> None:
        raise RuntimeError("subscriber boom")

    bus.subscribe(Event, before.append)
    bus.subscribe(DocumentIssued, broken, name="broken-one")
    bus.subscribe(Event, after.append)
    with caplog.at_level(logging.WARNING, logger="mohpromt_ca.plugins.events"):
        failures = bus.publish(issued())
    assert len(before) == len(after) == 1
    assert [(f.subscriber, f.event, f.error) for f in failures] == [
        ("broken-one", "document.issued", "RuntimeError: subscriber boom")]
    assert "broken-one" in caplog.text and "subscriber boom" in caplog.text


def test_unsubscribe_and_type_check() -> None:
    bus = EventBus()
    seen: list[Event] = []
    stop = bus.subscribe(Event, seen.append)
    bus.publish(issued("A"))
    stop()
    stop()  # twice is harmless
    bus.publish(issued("B"))
    assert [e.number for e in seen] == ["A"]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        bus.subscribe(dict, seen.append)  # type: ignore[arg-type]
