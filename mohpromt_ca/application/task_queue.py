"""Where bulk chunk tasks run: procrastinate on PostgreSQL, the same task code in-process on SQLite.

* PostgreSQL (the scale-out deployment): a service node defers one procrastinate job per chunk
  (task :data:`CHUNK_TASK`, queue :data:`QUEUE`) on the submission's own connection, so the job's
  rows and its tasks commit together (:class:`ProcrastinateQueue`). ``mohpromt-ca worker``
  processes, on any machine that reaches the database and the keys, run them
  (:func:`run_worker`): ``FOR UPDATE SKIP LOCKED`` hands each chunk to one worker, LISTEN/NOTIFY
  wakes them, a failed chunk is retried, and a chunk whose worker stopped sending heartbeats
  (killed, its machine gone) is put back in the queue after :data:`STALLED_AFTER` seconds.
* SQLite (the embedded default, one machine): ``serve`` runs the chunk tasks in one background
  thread (:class:`InProcessQueue`), seeded at start with every chunk not done yet; no
  procrastinate tables are needed.

Either way a chunk may run twice (a retry, a recovered stall, two SQLite processes starting
together): the per-record idempotency keys make the second run issue nothing (``bulk_jobs``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue as queue_module
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mohpromt_ca.application.bulk_jobs import BulkJobs

log = logging.getLogger("mohpromt_ca.worker")

QUEUE = "bulk"
CHUNK_TASK = "mohpromt.bulk_chunk"
HEARTBEAT = 2.0
"""Seconds between a worker's heartbeats."""
STALLED_AFTER = 10.0
"""A worker silent this long is taken for dead; its chunks are queued again."""
RECOVER_EVERY = 3.0
SWEEP_EVERY_ROUNDS = 200
MAX_ATTEMPTS = 8

__all__ = ["CHUNK_TASK", "QUEUE", "InProcessQueue", "ProcrastinateQueue", "ThreadedWorker", "queue_for",
           "run_worker", "worker_app"]


class ProcrastinateQueue:
    """A service node's side: defer chunk tasks inside the submission's transaction."""

    def __init__(self, url: str) -> None:
        import procrastinate

        from mohpromt_ca.storage import task_queue

        self.app = procrastinate.App(connector=task_queue.sync_connector(url))

    def defer(self, session: Any, job_id: int, chunks: list[int]) -> None:
        from mohpromt_ca.storage.task_queue import driver_connection

        deferrer = self.app.configure_task(CHUNK_TASK, queue=QUEUE, connection=driver_connection(session))
        kwargs: list[dict[str, Any]] = [{"job_id": job_id, "chunk": number} for number in chunks]
        try:
            deferrer.batch_defer(*kwargs)
        except Exception as exc:  # procrastinate's ConnectorException: say what to check, not the SQL
            from mohpromt_ca.errors import StorageError

            log.error("queueing bulk job %d failed: %s", job_id, type(exc.__cause__ or exc).__name__)
            raise StorageError("the bulk job could not be queued: is the task queue's schema applied "
                               "(`mohpromt-ca db upgrade`) and the database reachable?", code="queue-unavailable"
                               ) from None

    def committed(self, job_id: int, chunks: list[int]) -> None:
        return None


class InProcessQueue:
    """The embedded default's worker: one thread runs the chunk tasks in order; at start it picks
    up every chunk left undone (a crash, a restart)."""

    def __init__(self, jobs: BulkJobs) -> None:
        self.jobs = jobs
        self._queue: queue_module.Queue[tuple[int, int, int] | None] = queue_module.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def defer(self, session: Any, job_id: int, chunks: list[int]) -> None:
        return None  # the rows are the queue: a start-up finds them if the process dies before committed()

    def committed(self, job_id: int, chunks: list[int]) -> None:
        for number in chunks:
            self._queue.put((job_id, number, 1))

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        try:
            self.jobs.sweep_abandoned_uploads()
        except Exception as exc:  # noqa: BLE001 - a sweep must not stop the service starting
            log.error("sweeping abandoned bulk uploads: %s", type(exc).__name__)
        for job_id, number in self.jobs.pending_chunks():
            self._queue.put((job_id, number, 1))
        self._thread = threading.Thread(target=self._loop, name="mohpromt-bulk-chunks", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout=timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            item = self._queue.get()
            if item is None:
                return
            job_id, number, attempt = item
            try:
                self.jobs.run_chunk(job_id, number)
            except Exception as exc:  # noqa: BLE001 - retried like procrastinate would
                log.error("bulk chunk %d/%d failed (attempt %d): %s", job_id, number, attempt, type(exc).__name__)
                if attempt < MAX_ATTEMPTS and not self._stop.wait(min(2.0 * attempt, 10.0)):
                    self._queue.put((job_id, number, attempt + 1))


def queue_for(jobs: BulkJobs) -> ProcrastinateQueue | InProcessQueue:
    """The chunk queue for this register: procrastinate on PostgreSQL, in-process on SQLite."""
    register = jobs.authority.register
    if register.shared:
        return ProcrastinateQueue(register.url)
    return InProcessQueue(jobs)


def worker_app(jobs: BulkJobs, *, pool_size: int = 4) -> Any:
    """A procrastinate app whose chunk task runs ``jobs.run_chunk`` (a worker process's)."""
    import procrastinate

    from mohpromt_ca.storage import task_queue

    app = procrastinate.App(connector=task_queue.connector(jobs.authority.register.url, pool_size=pool_size))

    @app.task(name=CHUNK_TASK, queue=QUEUE, pass_context=False,
              retry=procrastinate.RetryStrategy(max_attempts=MAX_ATTEMPTS, wait=1, linear_wait=2))
    def bulk_chunk(job_id: int, chunk: int) -> None:
        started = time.monotonic()
        outcome = jobs.run_chunk(int(job_id), int(chunk))
        log.info("bulk chunk %d/%d %s in %.1f s", job_id, chunk, outcome, time.monotonic() - started)

    return app


async def _recover_stalled(app: Any, jobs: BulkJobs) -> None:
    """Queue again the chunks of workers that stopped sending heartbeats (killed, machine gone);
    now and then, delete uploads a node never finished."""
    rounds = 0
    while True:
        await asyncio.sleep(RECOVER_EVERY)
        rounds += 1
        if rounds % SWEEP_EVERY_ROUNDS == 1:
            try:
                await asyncio.to_thread(jobs.sweep_abandoned_uploads)
            except Exception as exc:  # noqa: BLE001 - the next sweep tries again
                log.error("sweeping abandoned bulk uploads: %s", type(exc).__name__)
        try:
            stalled = await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=STALLED_AFTER)
        except Exception as exc:  # noqa: BLE001 - the next round tries again
            log.error("stalled-chunk recovery: %s", type(exc).__name__)
            continue
        for job in stalled:
            try:
                await app.job_manager.retry_job(job)
            except Exception:  # noqa: BLE001 - another worker's recovery queued it first
                continue
            log.warning("bulk chunk task %s: its worker stopped; queued again", job.id)


async def run_worker(jobs: BulkJobs, *, concurrency: int = 1, queues: Iterable[str] | None = None,
                     name: str | None = None, install_signal_handlers: bool = True) -> None:
    """Run chunk tasks until cancelled (or SIGINT/SIGTERM: the running chunks finish first)."""
    app = worker_app(jobs, pool_size=concurrency + 2)
    async with app.open_async():
        recovery = asyncio.create_task(_recover_stalled(app, jobs))
        try:
            await app.run_worker_async(
                queues=list(queues) if queues else [QUEUE], concurrency=concurrency, name=name,
                update_heartbeat_interval=HEARTBEAT, stalled_worker_timeout=STALLED_AFTER, delete_jobs="successful",
                install_signal_handlers=install_signal_handlers)
        finally:
            recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await recovery


class ThreadedWorker:
    """A procrastinate worker on a thread of this process (tests, benchmarks); stop() ends it."""

    def __init__(self, jobs: BulkJobs, *, concurrency: int = 1) -> None:
        self.jobs, self.concurrency = jobs, concurrency
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        def main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._task = loop.create_task(run_worker(self.jobs, concurrency=self.concurrency,
                                                     install_signal_handlers=False))
            self._ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                loop.run_until_complete(self._task)
            loop.close()

        self._thread = threading.Thread(target=main, name="mohpromt-worker", daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def stop(self, timeout: float = 30.0) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
