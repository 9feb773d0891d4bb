"""A click group whose subcommands are imported on first use (click's LazyGroup pattern)."""

from __future__ import annotations

import importlib
from typing import Any

import click

from mohpromt_ca.cli.context import ErrorHandlingGroup


class LazyGroup(ErrorHandlingGroup):
    """``lazy_commands`` maps a name to (module under mohpromt_ca.cli, attribute, short help)."""

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(self.load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, cmd_name: str) -> click.Command:
        module_name, attribute, _summary = self.lazy_commands[cmd_name]
        command = getattr(importlib.import_module(f"mohpromt_ca.cli.{module_name}"), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"mohpromt_ca.cli.{module_name}.{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the summaries, without importing the command modules."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, _summary(name, self.lazy_commands[name][2], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _summary(name: str, text: str, limit: int) -> str:
    """Click's own shortening of a help text, applied to the stored summary."""
    return click.Command(name, help=text).get_short_help_str(limit)
