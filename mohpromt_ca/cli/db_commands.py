"""db upgrade and db status: the register's schema changes only when the operator says so."""

from __future__ import annotations

import sys

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli


@click.group("db")
def db_group() -> None:
    """The register's schema: `db upgrade` migrates it to this version's newest revision, `db status`
    compares it (exit 1 when it is behind). A PostgreSQL register (MOHPROMT_DATABASE_URL) is never
    migrated implicitly: run `db upgrade` after installing a new version, before `serve`."""


@db_group.command("upgrade")
@json_option
@pass_cli
def upgrade_command(cli: CliContext, as_json: bool) -> None:
    """Migrate the register's schema to the newest revision (one migrator at a time; safe to repeat)."""
    from mohpromt_ca.storage.database import describe_database, head_revision, upgrade_database
    from mohpromt_ca.storage.task_queue import apply_schema, is_postgresql

    url = cli.settings().resolved_database_url
    done = upgrade_database(url)
    # the bulk task queue's own tables (procrastinate's schema API): PostgreSQL only
    queue = ("created" if apply_schema(url) else "present") if is_postgresql(url) else "in-process"
    payload = {"database": describe_database(url), "from": done.from_revision, "to": done.to_revision,
               "head": head_revision(), "changed": done.changed, "task_queue": queue}
    before = done.from_revision or "empty"
    human = (f"register: {payload['database']}\n"
             + (f"schema upgraded: {before} -> {done.to_revision} (head)" if done.changed
                else f"schema already at {done.to_revision} (head): nothing to do")
             + {"created": "\ntask queue (procrastinate): tables created", "present": "\ntask queue: tables present",
                "in-process": ""}[queue])
    emit(as_json, payload, human)


@db_group.command("status")
@json_option
@pass_cli
def status_command(cli: CliContext, as_json: bool) -> None:
    """Show the register's schema revision against this version's head; exit 1 unless they match."""
    from mohpromt_ca.storage.database import database_status, describe_database

    url = cli.settings().resolved_database_url
    status = database_status(url)
    payload = {"database": describe_database(url), **status.as_dict()}
    advice = {"up-to-date": "up to date", "behind": "behind: run `mohpromt-ca db upgrade`",
              "unknown-revision": "at a revision this version does not know (a newer version migrated it)"}
    human = (f"register: {payload['database']}\ncurrent: {status.current or 'none (empty)'}\n"
             f"head: {status.head}\nstate: {advice[status.state]}")
    emit(as_json, payload, human)
    if not status.up_to_date:
        sys.exit(1)


COMMANDS = [db_group]
