"""`ca rollover NAME`: successor CAs and service keys (the overlap keeps old documents verifying)."""

from __future__ import annotations

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli


@click.group("ca")
def ca_group() -> None:
    """The authority's own CAs and service keys."""


@ca_group.command("rollover")
@click.argument("name")
@click.option("--backend", type=click.Choice(("file", "pkcs11")), default=None,
              help="Key backend of the successor (default: the one configured for NAME).")
@click.option("--only", is_flag=True,
              help="Roll NAME alone, not the OCSP responder, TSA or trust-list key it certifies.")
@json_option
@pass_cli
def rollover_command(cli: CliContext, name: str, backend: str | None, only: bool, as_json: bool) -> None:
    """Issue a successor for NAME (root, document-signing, dcc-csca, tsa, ocsp-*, trust-list).

    The successor has a new key and a new certificate (CN ending in G2, G3, ...) and issues from
    now on; the previous one stays in the trust lists and PEM anchors until its notAfter, so
    documents signed under it keep verifying. Restart the service afterwards."""
    from mohpromt_ca.authority.rollover import roll_over

    results = roll_over(cli.authority(), name, backend=backend, with_dependants=not only)
    rows = [result.summary() for result in results]
    lines = []
    for row in rows:
        successor, previous = row["successor"], row["previous"]
        assert isinstance(successor, dict) and isinstance(previous, dict)
        lines.append(f"{row['name']}: generation {row['generation']} {successor['subject']} "
                     f"(serial {successor['serial']}, until {successor['not_after'][:10]}); "
                     f"{row['previous_name']} stays valid until {previous['not_after'][:10]}")
    emit(as_json, {"rolled": rows}, "\n".join(lines))


COMMANDS = [ca_group]
