"""`mohpromt-ca plugins list`: which plugins (entry-point group `mohpromt_ca.plugins`) loaded
and which failed, with the reason.

Importing this module also activates plugin certificate types for the whole CLI: the
templates registry gets the plugin registry as a lazy provider, so `templates list|show`
and `sign --template` see plugin types. Plugins themselves are imported only when a type
is looked up or listed, never for `--help`.
"""

from __future__ import annotations

import click

from mohpromt_ca.cli.context import emit, json_option


@click.group("plugins")
def plugins_group() -> None:
    """Plugins found through the entry-point group mohpromt_ca.plugins."""


@plugins_group.command("list")
@json_option
def plugins_list(as_json: bool) -> None:
    """Loaded plugins (name, version, capabilities, certificate types) and failed ones (why)."""
    from mohpromt_ca.plugins.registry import default_registry

    registry = default_registry()
    payload = registry.as_dict()
    lines = []
    for p in registry.loaded:
        extra = f"  types: {', '.join(t.key for t in p.certificate_types)}" if p.certificate_types else ""
        lines.append(f"loaded  {p.name:<20} {p.version:<10} {', '.join(p.capabilities) or '-'}{extra}")
    for f in registry.failed:
        lines.append(f"FAILED  {f.name:<20} at {f.stage}: {f.reason}  ({f.entry_point})")
    emit(as_json, payload,
         "\n".join(lines) if lines else "no plugins installed (entry-point group mohpromt_ca.plugins)")


COMMANDS = [plugins_group]
