"""The periodic tasks, and a runner that runs them in a thread of this process.

Two tasks keep the register's derived state current:

* ``application.audit_log.seal_pending``: the audit sequencer (chain pending entries, sign a
  checkpoint), every ``MOHPROMT_PERIODIC_INTERVAL_SECONDS`` (default 2 s);
* ``refresh_ocsp``: re-sign pre-produced OCSP responses past half their validity and sign the
  missing ones, every ``OCSP_REFRESH_EVERY`` runs;
* ``authority.crl.publish_crls``: rebuild stale CRLs and write them to ``<data dir>/crl/<ca>.crl``,
  on the same schedule.

``serve`` starts a :class:`PeriodicRunner` (the embedded SQLite deployment has nothing else);
with PostgreSQL a task queue may run the same functions instead (interval 0 turns the in-process
runner off). Several runners at once are safe: the sequencer lets one seal at a time, and
re-signing a response twice only replaces it.

A lost register (``storage.outage.failure_class``) is reported to an
``application.outage_log.OutageLog`` (the service's own, so the process logs one line per outage
whoever meets it first), not logged every round; any other failure is logged with its type.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from mohpromt_ca.application.audit_log import seal_pending
from mohpromt_ca.application.outage_log import OutageLog
from mohpromt_ca.authority.audit_checkpoints import CheckpointSealer
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.crl import publish_crls
from mohpromt_ca.authority.ocsp_presigning import RefreshOutcome, refresh_responses
from mohpromt_ca.errors import NotFound
from mohpromt_ca.storage.outage import failure_class

log = logging.getLogger("mohpromt_ca.periodic")

__all__ = ["OCSP_REFRESH_EVERY", "PeriodicRunner", "refresh_ocsp"]

OCSP_REFRESH_EVERY = 15  # runs: every 30 s at the default interval, far inside half an OCSP validity


def refresh_ocsp(authority: Authority) -> RefreshOutcome:
    """Re-sign OCSP responses past half their validity (RFC 5019) and sign the missing ones."""
    return refresh_responses(authority)


class PeriodicRunner:
    """Runs the periodic tasks every ``interval`` seconds in a daemon thread until :meth:`stop`."""

    def __init__(self, authority: Authority, *, interval: float, outages: OutageLog | None = None) -> None:
        self.authority = authority
        self.interval = interval
        self.outages = outages if outages is not None else OutageLog(log)
        self.runs = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sealer: CheckpointSealer | None = None

    def run_once(self) -> dict[str, Any]:
        """One round of every task due; a failing task is logged (its type) and retried next round,
        a lost register once for the whole outage (:attr:`outages`)."""
        done: dict[str, Any] = {}
        lost = False

        def failed(task: str, exc: Exception) -> None:
            nonlocal lost
            kind = failure_class(exc)
            if kind is not None:
                lost = True
                self.outages.failed(kind)
            else:
                log.error("periodic: %s failed (%s)", task, type(exc).__name__)

        try:
            if self._sealer is None:
                self._sealer = CheckpointSealer(self.authority)
            done["audit"] = seal_pending(self.authority, sealer=self._sealer).as_dict()
        except NotFound:
            pass  # not initialised yet
        except Exception as exc:  # noqa: BLE001 - a periodic task must outlive a bad round
            self._sealer = None
            failed("sealing the audit log", exc)
        if self.runs % OCSP_REFRESH_EVERY == 0:
            try:
                done["ocsp"] = refresh_ocsp(self.authority).as_dict()
            except Exception as exc:  # noqa: BLE001
                failed("refreshing OCSP responses", exc)
            try:
                done["crl"] = publish_crls(self.authority)
            except NotFound:
                pass
            except Exception as exc:  # noqa: BLE001
                failed("publishing the CRL files", exc)
        if not lost:
            self.outages.recovered()  # the register answered this round: the outage (if any) is over
        self.runs += 1
        return done

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)

    def start(self) -> None:
        if self.interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="mohpromt-periodic", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
