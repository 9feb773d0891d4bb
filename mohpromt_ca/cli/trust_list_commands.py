"""trust-list export | signer | import | show | update | add | log, and dcc revoke.

Only ``export``, ``signer`` and ``dcc revoke`` open the CA and live here; ``import``, ``show``,
``update``, ``add`` and ``log`` work on the trust-list cache alone (``--trust-list DIR``, default
DATA_DIR/trust-list, the one `verify` reads): they are the verifier distribution's commands
(``mohpromt-verifier trust-list ...``), mounted here unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from mohpromt_ca.cli.context import CliContext, pass_cli

EXPORT_FORMATS = ("gateway", "national", "revocation", "document-revocation", "signers", "pem", "tsl", "gdhcn-did",
                  "gdhcn-participant")


def _write(path: str, data: bytes) -> None:
    from mohpromt_ca.errors import InputError

    if path == "-":
        stdout: Any = click.get_binary_stream("stdout")  # type: ignore[operator]  # click 8.2 stubs: an object
        stdout.write(data)
        return
    try:
        target = Path(path)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None


@click.group("trust-list")
def trust_list_group() -> None:
    """Trust lists: publish ours, import others' (verified against a pinned anchor), the local cache."""


def _export_one(cli: CliContext, fmt: str) -> bytes:
    if fmt == "document-revocation":
        from mohpromt_ca.application.document_revocations import export_document_revocations

        return export_document_revocations(cli.authority())
    from mohpromt_ca.authority.trust_list_export import export

    return export(cli.authority(), fmt)


@trust_list_group.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="gateway / national: our DSCs; revocation: our revoked DCCs; document-revocation: the PDFs "
                   "revoked; signers: the document signers' certificates (for the QR on every PDF); "
                   "pem / tsl: PDF trust anchors (tsl: ETSI TS 119 612, XAdES-B-B); gdhcn-did: our DSCs as a WHO "
                   "GDHCN DID trust list; gdhcn-participant: the GDHCN onboarding files, into the directory -o names.")
@click.option("--all", "export_all", is_flag=True,
              help="Write every signed list the service publishes into the directory -o names (one file each, "
                   "named as under /trust-lists/), each importable with `trust-list import FILE --anchor`.")
@click.option("-o", "--output", required=True, help="File to write ('-' for stdout); with --all, a directory.")
@pass_cli
def trust_list_export(cli: CliContext, fmt: str | None, export_all: bool, output: str) -> None:
    """Write one of our lists (or --all of them), signed by the trust-list key."""
    from mohpromt_ca.errors import InputError

    if export_all == (fmt is not None):
        raise InputError("give either --format FORMAT or --all")
    if fmt == "gdhcn-participant":
        from mohpromt_ca.authority.trust_list_export_gdhcn import export_participant

        if output == "-":
            raise InputError("--format gdhcn-participant writes a directory: give -o DIR")
        authority = cli.authority()
        for path in export_participant(authority, Path(output), authority.clock.now()):
            click.echo(f"wrote {path}", err=True)
        return
    if fmt is not None:
        data = _export_one(cli, fmt)
        _write(output, data)
        if output != "-":
            click.echo(f"wrote {fmt} list to {output} ({len(data)} bytes)", err=True)
        return
    from mohpromt_ca.authority.trust_list_export import IMPORTABLE, PUBLISHED

    directory = Path(output)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {output}: {exc.strerror}") from None
    for name in IMPORTABLE:
        data = _export_one(cli, PUBLISHED[name][0])
        _write(str(directory / name), data)
        click.echo(f"wrote {PUBLISHED[name][0]} list to {directory / name} ({len(data)} bytes)", err=True)


@trust_list_group.command("signer")
@click.option("-o", "--output", required=True, help="PEM file to write ('-' for stdout).")
@pass_cli
def trust_list_signer(cli: CliContext, output: str) -> None:
    """Write the trust-list signer certificate, the anchor a receiver pins."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_ca.authority.trust_list_signer import trust_list_key

    certificate = trust_list_key(cli.authority()).certificate
    _write(output, certificate.public_bytes(Encoding.PEM))
    if output != "-":
        click.echo(f"wrote {certificate.subject.rfc4514_string()} to {output}", err=True)



def _mount_cache_commands() -> None:
    from mohpromt_verifier.cli import trust_list_group as cache_commands

    for command in cache_commands.commands.values():
        trust_list_group.add_command(command)


_mount_cache_commands()

COMMANDS = [trust_list_group]
