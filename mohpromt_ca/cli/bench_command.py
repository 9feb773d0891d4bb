"""`mohpromt-ca bench SCENARIO`: rates as ratios to the raw primitive measured in the same run."""

from __future__ import annotations

import importlib

import click

from mohpromt_ca.cli.context import emit, json_option

# scenario name -> "module" or "module:function" under mohpromt_ca.bench; each takes seconds= and
# returns a ScenarioResult (the function defaults to run).
SCENARIOS = {
    "ca-issue": "ca_issue",
    "ocsp": "pki_services:run_ocsp",
    "tsa": "pki_services:run_tsa",
    "crl": "pki_services:run_crl",
    "pki-http": "pki_http",
    "ocsp-http": "ocsp_http",
    "audit-append": "audit_append",
    "verify": "verify",
    "cold-start": "cold_start",
    "service-http": "service_http",
    "pdf": "pdf",
    "dcc-issue": "dcc_issue",
    "plugins": "plugins",
    "scale": "scale",
}


@click.command("bench")
@click.argument("scenarios", nargs=-1, type=click.Choice(sorted(SCENARIOS) + ["all"]))
@click.option("--seconds", type=float, default=None,
              help="Time spent on each measurement (default 2 s; 10 s for pki-http's load).")
@json_option
def bench_command(scenarios: tuple[str, ...], seconds: float, as_json: bool) -> None:
    """Measure the hot paths (e.g. `bench ca-issue`); `bench all` runs every scenario."""
    import os

    everything = [name for name in sorted(SCENARIOS)  # `scale` needs PostgreSQL: in `all` only when given one
                  if name != "scale" or os.environ.get("MOHPROMT_BENCH_POSTGRES_URL")]
    chosen = everything if not scenarios or "all" in scenarios else list(dict.fromkeys(scenarios))
    results = []
    for name in chosen:
        module_name, _, function = SCENARIOS[name].partition(":")
        module = importlib.import_module(f"mohpromt_ca.bench.{module_name}")
        runner = getattr(module, function or "run")
        result = runner(seconds=seconds) if seconds is not None else runner()
        results.append(result)
        if not as_json:
            click.echo(result.as_text())
    if as_json:
        emit(True, [r.as_dict() for r in results])


COMMANDS = [bench_command]
