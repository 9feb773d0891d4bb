"""serve (the PKI HTTP endpoints) and crl."""

from __future__ import annotations

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli
from mohpromt_ca.config import CA_NAMES


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each opens its own authority (keys from the environment, no prompt).")
@pass_cli
def serve_command(cli: CliContext, host: str, port: int, workers: int) -> None:
    """Serve the issuance service: the REST API (/api/v1), the PKI endpoints (/pki/ocsp, /pki/tsa,
    /pki/crl/{ca}.crl, /pki/certs/{ca}.crt), the trust lists, /healthz, /readyz and /metrics.

    On a fresh data directory it first initialises the authority (as `mohpromt-ca init`) and
    creates an RA officer account (MOHPROMT_ADMIN_USERNAME, default ra-admin; password from
    MOHPROMT_ADMIN_PASSWORD or generated and printed once). The URLs written into certificates
    come from MOHPROMT_BASE_URL.
    """
    import uvicorn

    from mohpromt_ca.cli.service_commands import first_start
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.service.client_address import SERVER_OPTIONS
    from mohpromt_ca.service.observability import configure_json_logging

    authority = cli.authority()
    started = first_start(authority)
    app = create_service_app(authority)  # loads the keys now: a wrong passphrase fails before listening
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    base = f"http://{shown}:{port}"
    for line in started:
        click.echo(line)
    click.echo(f"mohpromt-ca is serving on {base}/ (data directory {authority.settings.data_dir})")
    click.echo(f"log in: open {base}/ as an RA officer (the first one is created on first start); "
               "integrators: `mohpromt-ca apikey create --facility N`, then send Authorization: Bearer <key>")
    click.echo(f"issuance API on {base}/api/v1 (OpenAPI: {base}/api/v1/openapi.json); PKI endpoints on {base}/pki "
               f"(certificates name {authority.settings.base_url})", err=True)
    configure_json_logging()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, **SERVER_OPTIONS)
        return
    import os

    from mohpromt_ca.errors import PassphraseError

    settings = authority.settings
    if settings.key_passphrase is None and "file" in {settings.key_backend, *settings.ca_key_backends.values()}:
        raise PassphraseError("--workers needs MOHPROMT_KEY_PASSPHRASE in the environment: workers cannot prompt")
    os.environ["MOHPROMT_DATA_DIR"] = str(settings.data_dir)
    authority.close()
    uvicorn.run("mohpromt_ca.service.app:create_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False, **SERVER_OPTIONS)


@click.command("crl")
@click.option("--ca", "ca_name", required=True, type=click.Choice(CA_NAMES))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--pem", is_flag=True, help="Write PEM instead of DER.")
@click.option("--force", is_flag=True, help="Publish a new CRL now even if the current one is fresh.")
@json_option
@pass_cli
def crl_command(cli: CliContext, ca_name: str, output: str, pem: bool, force: bool, as_json: bool) -> None:
    """Write the CA's current CRL (rebuilt when stale or after a revocation)."""
    from mohpromt_ca.authority.crl import current_crl

    published = current_crl(cli.authority(), ca_name, force=force)
    with open(output, "wb") as handle:
        handle.write(published.pem() if pem else published.der)
    emit(as_json, {"ca": ca_name, "number": published.number, "this_update": published.this_update.isoformat(),
                   "next_update": published.next_update.isoformat(), "output": output},
         f"wrote CRL #{published.number} of {ca_name} to {output} (next update {published.next_update.isoformat()})")


COMMANDS = [serve_command, crl_command]
