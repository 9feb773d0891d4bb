"""What every command shares: settings, the authority (opened lazily), output and errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import click


@dataclass
class CliContext:
    data_dir: str | None = None
    _authority: Any = field(default=None, repr=False)
    _plugins_ready: bool = field(default=False, repr=False)
    _plugins: Any = field(default=None, repr=False)
    _types: Any = field(default=None, repr=False)

    def settings(self) -> Any:
        from pydantic import ValidationError

        from mohpromt_ca.config import Settings
        from mohpromt_ca.errors import ConfigError

        overrides: dict[str, Any] = {}
        if self.data_dir:
            overrides["data_dir"] = self.data_dir
        try:
            return Settings(**overrides)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise ConfigError(f"invalid setting MOHPROMT_{where.upper()}: {first.get('msg')}") from None

    def authority(self) -> Any:
        if self._authority is None:
            from mohpromt_ca.authority.context import Authority

            self._authority = Authority.open(self.settings())
        return self._authority

    def events(self) -> Any:
        """Where a command's use case publishes its events (``application.events.Events``):
        through :meth:`announce`, so the plugins are loaded first and a failure is reported."""
        from mohpromt_ca.application.events import Events

        return Events(gate=self.announce)

    def types(self) -> Any:
        """This run's certificate types (``templates.CertificateTypes``): the built-in ones and
        the plugins' (the plugins load only when a type is looked up or listed, never for ``--help``)."""
        if self._types is None:
            from mohpromt_ca.templates import CertificateTypes

            self._types = CertificateTypes()
            self.plugins()  # adds the plugins' types to this run's types
        return self._types

    def plugins(self) -> Any:
        """This run's plugin registry (``service.plugin_host.new_registry``): made once, loaded on
        first use, its plugins subscribed to the event bus and their types added to :meth:`types`."""
        if self._plugins is None:
            from mohpromt_ca.service.plugin_host import new_registry

            self._plugins = new_registry(types=self.types())
        return self._plugins

    def announce(self, publish: Any) -> None:
        """Tell the plugins what this command did: load and set them up in this process (once),
        then call ``publish()`` (a ``mohpromt_ca.plugins.publishing`` call). A plugin that fails
        is reported by the registry and skipped; the command's result stands either way."""
        if not self._plugins_ready:
            from mohpromt_ca.service.plugin_host import host_plugins

            host_plugins(self.authority(), self.plugins(), types=self.types())
            self._plugins_ready = True
        for failure in publish() or ():
            click.echo(f"warning: plugin {failure.subscriber} failed on {failure.event}: {failure.error}", err=True)


pass_cli = click.make_pass_decorator(CliContext)

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def emit(as_json: bool, payload: Any, human: str | None = None) -> None:
    """Print ``payload`` as JSON, or ``human`` (default: a key: value listing)."""
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    if human is not None:
        click.echo(human)
        return
    from mohpromt_verifier.plain_text import field_lines, plain

    if isinstance(payload, dict):
        for key, value in payload.items():
            click.echo("\n".join(field_lines(str(key), value)))
    else:
        click.echo(plain(payload))


class ErrorHandlingGroup(click.Group):
    """Errors become one clear line on stderr and a non-zero exit, never a traceback (the
    verifier distribution's guard, so both command lines answer alike)."""

    def invoke(self, ctx: click.Context) -> Any:
        from mohpromt_verifier.cli import run_guarded

        return run_guarded(lambda: super(ErrorHandlingGroup, self).invoke(ctx))
