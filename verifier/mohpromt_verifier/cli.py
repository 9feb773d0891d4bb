"""The verifier's command line: ``mohpromt-verify INPUT`` and ``mohpromt-verifier serve``.

The same click commands are mounted in ``mohpromt-ca`` (``mohpromt-ca verify`` and
``mohpromt-ca verifier serve``), so options and output are one code path. Nothing here
needs the CA, a database or a key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from mohpromt_verifier import __version__
from mohpromt_verifier.errors import MohpromtError


def default_trust_dir(ctx: click.Context) -> Path:
    """DATA_DIR/trust-list: the data directory of the hosting command (``mohpromt-ca --data-dir``),
    else MOHPROMT_DATA_DIR, else ./mohpromt-data."""
    data_dir = getattr(ctx.find_root().obj, "data_dir", None) or os.environ.get("MOHPROMT_DATA_DIR") or "mohpromt-data"
    return Path(data_dir) / "trust-list"


def run_guarded(invoke: Any) -> Any:
    """Errors become one clear line on stderr and a non-zero exit, never a traceback."""
    try:
        return invoke()
    except MohpromtError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("MOHPROMT_DEBUG"):
            raise
        click.echo(f"internal error ({type(exc).__name__}); set MOHPROMT_DEBUG=1 to see the details", err=True)
        sys.exit(70)


class GuardedCommand(click.Command):
    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(lambda: super(GuardedCommand, self).invoke(ctx))


class GuardedGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(lambda: super(GuardedGroup, self).invoke(ctx))


def _read_input(source: str) -> bytes:
    from mohpromt_verifier.errors import InputError, InputTooLarge
    from mohpromt_verifier.verifier.input_sniffing import MAX_INPUT_BYTES

    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    elif _is_file(source):
        with open(source, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    elif source.upper().startswith("HC1:") or ":" in source[:8]:
        data = source.encode()
    else:
        raise InputError(f"{source!r} is neither a file nor QR text")
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"the input is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    return data


def _is_file(source: str) -> bool:
    try:
        return len(source) < 4096 and Path(source).is_file()
    except (OSError, ValueError):  # names too long for the file system, NUL bytes
        return False


@click.command("verify", cls=GuardedCommand)
@click.argument("source", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True, help="Print the machine report.")
@click.option("--at", "at", default=None, help="Verify as of this time (ISO 8601; a date alone means 00:00 UTC).")
@click.option("--trust-list", "trust_dir", type=click.Path(file_okay=False), default=None,
              help="The trust-list cache (default: DATA_DIR/trust-list).")
@click.option("--dsc", "dsc_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also trust this Document Signer Certificate (PEM or DER); repeatable.")
@click.option("--anchor", "anchor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="PDFs: also trust this root or intermediate (PEM or DER); repeatable.")
@click.option("--signer-cert", "signer_cert_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Summary QRs: a signer certificate to look the QR's kid up in; repeatable.")
@click.option("--no-rules", is_flag=True, help="Technical verification only (no business rules).")
@click.option("--allow-expired-trust-list", is_flag=True,
              help="Use a trust list past its expiry (every result is then marked).")
@click.option("--online", is_flag=True, help="PDFs: also fetch revocation data online.")
@click.option("--test-max-age-hours", type=click.IntRange(1, 24 * 30), default=72, show_default=True,
              help="Rule: a test certificate's sample may be at most this old.")
@click.option("--accept-partial-vaccination", is_flag=True,
              help="Rule: accept a vaccination before the series is complete (e.g. dose 1 of 2).")
@click.option("--verbose", is_flag=True, help="Show the libraries' log messages on stderr (also MOHPROMT_DEBUG).")
@click.pass_context
def verify_command(ctx: click.Context, source: str, as_json: bool, at: str | None, trust_dir: str | None,
                   dsc_files: tuple[str, ...], anchor_files: tuple[str, ...], signer_cert_files: tuple[str, ...],
                   no_rules: bool, allow_expired_trust_list: bool, online: bool, test_max_age_hours: int,
                   accept_partial_vaccination: bool, verbose: bool) -> None:
    """Verify INPUT: a PDF, a PNG/JPEG holding a QR, an HC1: string, a summary QR string, or - for stdin.

    Exit codes: 0 valid, 1 invalid, 2 indeterminate, 3 usage or input error.
    """
    from mohpromt_verifier.clock import FixedClock, SystemClock
    from mohpromt_verifier.errors import InputError, UsageError
    from mohpromt_verifier.verifier.quiet import set_verbose
    from mohpromt_verifier.verifier.verify_input import TrustOptions, verify_bytes

    set_verbose(verbose)
    clock = SystemClock()
    if at:
        from mohpromt_verifier.verifier.hcert_verifier import at_time

        try:
            clock = FixedClock(at_time(at))  # type: ignore[assignment]
        except ValueError:
            raise UsageError(f"--at {at!r} is not an ISO 8601 time") from None
    data = _read_input(source)
    settings_dir = Path(trust_dir) if trust_dir else default_trust_dir(ctx)
    options = TrustOptions(directory=settings_dir, extra_dsc_files=tuple(Path(p) for p in dsc_files),
                           extra_anchor_files=tuple(Path(p) for p in anchor_files),
                           signer_cert_files=tuple(Path(p) for p in signer_cert_files),
                           allow_expired=allow_expired_trust_list, rules=not no_rules, online=online,
                           test_max_age_hours=test_max_age_hours,
                           require_complete_series=not accept_partial_vaccination)
    try:
        reports = verify_bytes(data, clock=clock, options=options)
    except InputError:
        raise
    for report in reports:
        click.echo(report.to_json() if as_json else report.to_text())
    worst = max(reports, key=lambda r: {"valid": 0, "indeterminate": 1, "invalid": 2}[r.verdict])
    sys.exit(worst.exit_code)


@click.group("verifier", cls=GuardedGroup)
def verifier_group() -> None:
    """The border staff's verifier app."""


@verifier_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Keep it on localhost: browsers only allow the camera on a secure origin.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--trust-list", "trust_dir", type=click.Path(file_okay=False), default=None,
              help="The trust-list cache (default: DATA_DIR/trust-list).")
@click.option("--dsc", "dsc_files", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--anchor", "anchor_files", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--allow-expired-trust-list", is_flag=True)
@click.pass_context
def verifier_serve(ctx: click.Context, host: str, port: int, trust_dir: str | None, dsc_files: tuple[str, ...],
                   anchor_files: tuple[str, ...], allow_expired_trust_list: bool) -> None:
    """Serve the verifier page (camera or file in, a large verdict out), offline on localhost."""
    import uvicorn

    from mohpromt_verifier.verifier.app import create_verifier_app
    from mohpromt_verifier.verifier.verify_input import TrustOptions

    directory = Path(trust_dir) if trust_dir else default_trust_dir(ctx)
    options = TrustOptions(directory=directory, extra_dsc_files=tuple(Path(p) for p in dsc_files),
                           extra_anchor_files=tuple(Path(p) for p in anchor_files),
                           allow_expired=allow_expired_trust_list)
    click.echo(f"verifier on http://{host}:{port}/ (trust list: {directory})", err=True)
    uvicorn.run(create_verifier_app(options), host=host, port=port, log_level="warning", access_log=False)


@click.group("mohpromt-verifier", cls=GuardedGroup)
@click.version_option(__version__, prog_name="mohpromt-verifier")
def verifier_main() -> None:
    """The offline verifier for MOPH Promt documents: PDFs, HC1 QR codes, summary QRs and vouchers."""


verifier_main.add_command(verify_command)
for _command in verifier_group.commands.values():
    verifier_main.add_command(_command)


def main() -> None:
    """``mohpromt-verify``: the verify command on its own."""
    verify_command(prog_name="mohpromt-verify")
