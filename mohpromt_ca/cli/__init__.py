"""The `mohpromt-ca` command: thin click wrappers that parse, call a service, print.

Each command group lives in its own module; this one holds the root group and
registers them. Nothing imports this package.
"""

from __future__ import annotations

import click

from mohpromt_ca import __version__
from mohpromt_ca.cli.context import CliContext, ErrorHandlingGroup


@click.group(cls=ErrorHandlingGroup)
@click.version_option(__version__, prog_name="mohpromt-ca")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="MOHPROMT_DATA_DIR",
    default=None,
    help="Where keys, certificates and the register live (env MOHPROMT_DATA_DIR; default ./mohpromt-data).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """Certificate authority, issuance and offline verification for MOPH Promt."""
    ctx.obj = CliContext(data_dir=data_dir)


def _register_commands() -> None:
    from mohpromt_ca.cli import (
        authority_commands,
        bench_command,
        ca_commands,
        dcc_commands,
        pki_commands,
        registration_commands,
        trust_list_commands,
        verify_commands,
    )

    for module in (authority_commands, registration_commands, pki_commands, dcc_commands, verify_commands,
                   bench_command, trust_list_commands, ca_commands):
        for command in module.COMMANDS:
            main.add_command(command)
    from mohpromt_ca.cli import pdf_commands  # sign, templates

    for command in pdf_commands.COMMANDS:
        main.add_command(command)
    from mohpromt_ca.cli import service_commands  # user, apikey

    for command in service_commands.COMMANDS:
        main.add_command(command)
    from mohpromt_ca.cli import plugins_commands  # plugins list; lets templates/sign see plugin certificate types

    for command in plugins_commands.COMMANDS:
        main.add_command(command)
    from mohpromt_ca.cli import db_commands  # db upgrade, db status

    main.add_command(db_commands.db_group)
    from mohpromt_ca.cli import backup_commands  # backup, backup verify, restore

    for command in backup_commands.COMMANDS:
        main.add_command(command)

    from mohpromt_ca.cli import worker_commands  # worker, bulk status

    for command in worker_commands.COMMANDS:
        main.add_command(command)


_register_commands()
