"""worker (run bulk chunk tasks) and bulk status (a job's progress, on a terminal as a bar)."""

from __future__ import annotations

import sys
import time

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli


@click.command("worker")
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Chunk tasks this process runs at once (each in its own thread).")
@click.option("--queues", "queues", multiple=True, metavar="NAME",
              help="Queues to take tasks from (repeatable; default: bulk).")
@pass_cli
def worker_command(cli: CliContext, concurrency: int, queues: tuple[str, ...]) -> None:
    """Run bulk-job chunk tasks from the PostgreSQL register's queue (procrastinate) until SIGINT or
    SIGTERM (running chunks finish first). Start as many as you like, on any machine that reaches
    the database and the signing keys; a worker killed mid-chunk has its chunk run again by
    another (records already issued are replayed, never signed twice). On the embedded SQLite
    default `serve` runs the chunks itself: no worker is needed."""
    import asyncio
    import logging
    import os
    import socket

    from mohpromt_ca.application.bulk_jobs import BulkJobs
    from mohpromt_ca.application.documents import DocumentService
    from mohpromt_ca.application.key_home import check_file_key_home
    from mohpromt_ca.application.task_queue import run_worker
    from mohpromt_ca.errors import ConfigError
    from mohpromt_ca.service.observability import configure_json_logging
    from mohpromt_ca.storage.task_queue import schema_applied

    authority = cli.authority()
    if not authority.register.shared:
        raise ConfigError("`mohpromt-ca worker` needs a PostgreSQL register (MOHPROMT_DATABASE_URL); on SQLite "
                          "`mohpromt-ca serve` runs bulk jobs itself", code="queue-needs-postgresql")
    if not schema_applied(authority.register.url):
        raise ConfigError("the task queue's tables are missing: run `mohpromt-ca db upgrade` first",
                          code="queue-schema-missing")
    check_file_key_home(authority)
    jobs = BulkJobs(DocumentService(authority))
    for name in ("dcc-csca", "document-signing", "tsa"):
        authority.issuing_key(name)  # a wrong passphrase or PIN fails now, not on the first chunk
    configure_json_logging()
    logging.getLogger("mohpromt_ca.worker").setLevel(logging.INFO)
    name = f"{socket.gethostname()[:48]}:{os.getpid()}"
    click.echo(f"mohpromt-ca worker {name}: concurrency {concurrency}, queues {', '.join(queues or ('bulk',))}",
               err=True)
    asyncio.run(run_worker(jobs, concurrency=concurrency, queues=queues or None, name=name))


@click.group("bulk")
def bulk_group() -> None:
    """Bulk jobs submitted over the API (POST /api/v1/bulk-jobs)."""


@bulk_group.command("status")
@click.argument("job_id")
@click.option("--wait/--no-wait", default=None,
              help="Follow the job until it finishes (default: on a terminal, with a progress bar).")
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(0.1, 60))
@json_option
@pass_cli
def bulk_status_command(cli: CliContext, job_id: str, wait: bool | None, interval: float, as_json: bool) -> None:
    """Show a bulk job's state, progress and per-record errors (an operator's view: any job).
    Exit 1 when the job failed or has refused records."""
    from mohpromt_ca.application.bulk_jobs import BulkJobs
    from mohpromt_ca.application.documents import DocumentService

    jobs = BulkJobs(DocumentService(cli.authority()))
    view = jobs.status(None, job_id)
    follow = wait if wait is not None else (sys.stdout.isatty() and not as_json)
    if follow and not view.finished:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, transient=False, disable=as_json) as progress:
            task = progress.add_task(f"job {job_id[:8]} {view.state}", total=view.total,
                                     completed=view.done + view.failed)
            while not view.finished:
                time.sleep(interval)
                view = jobs.status(None, job_id)
                progress.update(task, completed=view.done + view.failed,
                                description=f"job {job_id[:8]} {view.state} (failed {view.failed})")
    payload = view.as_dict()
    lines = [f"job {view.id}: {view.state} — {view.done} issued, {view.failed} refused of {view.total}"]
    if view.error_code:
        lines.append(f"job error: {view.error_code}: {view.error}")
    lines += [f"  record {e['line']}: {e['code']}" + (f" ({e['field']})" if e.get("field") else "")
              + f": {e['message']}" for e in view.errors[:50]]
    if len(view.errors) > 50:
        lines.append(f"  ... {len(view.errors) - 50} more (--json for all)")
    emit(as_json, payload, "\n".join(lines))
    if view.state == "failed" or view.failed:
        sys.exit(1)


COMMANDS = [worker_command, bulk_group]
