"""The issuance gate: at most MOHPROMT_ISSUE_CONCURRENCY issuances run at once in a process; the
others wait their turn (and all of them finish)."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]


@pytest.mark.parametrize("limit", [1, 2])
def test_at_most_n_issuances_at_once(tmp_path, limit: int) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.documents import DocumentService
    from mohpromt_ca.authority.context import Authority

    authority = Authority.open(make_settings(tmp_path / "data", issue_concurrency=limit))
    service = DocumentService(authority)
    inside, most, done = 0, 0, []
    lock = threading.Lock()

    def fake_issue(_principal, **_kwargs):  # type: ignore[no-untyped-def]
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)
        with lock:
            inside -= 1
        done.append(1)
        return SimpleNamespace(replayed=True)  # a replay: nothing to announce

    service._issue_dcc = fake_issue  # type: ignore[method-assign]
    threads = [threading.Thread(target=service.issue_dcc, args=(None,), kwargs={"data": {}}) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    authority.close()
    assert len(done) == 6 and most == limit
