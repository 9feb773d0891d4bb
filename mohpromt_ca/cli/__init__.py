"""The `mohpromt-ca` command: thin click wrappers that parse, call a service, print.

Each command group lives in its own module; this one holds the root group, which imports a
command's module only when that command runs (cli.command_table says where each one lives).
Nothing imports this package.
"""

from __future__ import annotations

import click

from mohpromt_ca import __version__
from mohpromt_ca.cli.command_table import LAZY_COMMANDS
from mohpromt_ca.cli.context import CliContext
from mohpromt_ca.cli.lazy_group import LazyGroup


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS)
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
