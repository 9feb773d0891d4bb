"""dsc issue | list | retire, and dcc issue (one DCC, or a JSONL file in bulk)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli

DCC_TYPES = ("vaccination", "test", "recovery")
PROFILES = ("eu-dcc", "th-dhp")


@click.group("dsc")
def dsc_group() -> None:
    """Document Signer Certificates (HCERT) from the DCC Country Signing CA."""


@dsc_group.command("issue")
@click.option("--type", "restrict_to", type=click.Choice(DCC_TYPES), default=None,
              help="Restrict the DSC to one DCC type (extended key usage); default: every type.")
@click.option("--algorithm", type=click.Choice(("ES256", "PS256")), default="ES256", show_default=True,
              help="ES256 = EC P-256; PS256 = RSA-3072 PSS.")
@json_option
@pass_cli
def dsc_issue(cli: CliContext, restrict_to: str | None, algorithm: str, as_json: bool) -> None:
    """Issue a new DSC; the ones already active stay active (roll a new one in early)."""
    from mohpromt_ca.authority.dsc import find_dsc, issue_dsc

    authority = cli.authority()
    issued = issue_dsc(authority, restrict_to=restrict_to, algorithm=algorithm)
    info = find_dsc(authority, issued.name)
    payload: dict[str, Any] = dict(info.as_dict(authority.clock.now()))
    emit(as_json, payload, f"issued {info.name}  kid {info.kid_b64}  serial {info.serial}  {info.algorithm}  "
                           f"types {','.join(payload['types'])}  notAfter {info.not_after.isoformat()}")


@dsc_group.command("list")
@json_option
@pass_cli
def dsc_list(cli: CliContext, as_json: bool) -> None:
    """Every DSC, newest first, with its status (active, retired, expired, revoked)."""
    from mohpromt_ca.authority.dsc import list_dscs

    authority = cli.authority()
    now = authority.clock.now()
    rows: list[dict[str, Any]] = [dict(d.as_dict(now)) for d in list_dscs(authority)]
    lines = [f"{r['name']:<13} {r['kid']:<13} {r['algorithm']:<6} {r['status']:<8} "
             f"{','.join(r['types']):<26} until {r['not_after'][:10]}  serial {r['serial']}" for r in rows]
    emit(as_json, rows, "\n".join(lines) if lines else "no DSC yet: run `mohpromt-ca dsc issue`")


@dsc_group.command("retire")
@click.argument("dsc")
@json_option
@pass_cli
def dsc_retire(cli: CliContext, dsc: str, as_json: bool) -> None:
    """Stop signing with DSC (name or kid); what it signed still verifies."""
    from mohpromt_ca.authority.dsc import retire_dsc

    authority = cli.authority()
    info = retire_dsc(authority, dsc)
    emit(as_json, info.as_dict(authority.clock.now()), f"retired {info.name} (kid {info.kid_b64})")


@click.group("dcc")
def dcc_group() -> None:
    """EU Digital COVID Certificates and the Digital Health Pass (HC1 QR codes)."""


def _read_json(path: str) -> Any:
    from mohpromt_ca.errors import InputError

    try:
        stdin: Any = click.get_text_stream("stdin")  # type: ignore[operator]  # click 8.2 stubs: an object
        text = Path(path).read_text("utf-8") if path != "-" else stdin.read()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


@dcc_group.command("issue")
@click.argument("data", required=False)
@click.option("--type", "dcc_type", type=click.Choice(DCC_TYPES), default=None,
              help="The certificate type (read from DATA when left out).")
@click.option("--profile", type=click.Choice(PROFILES), default="eu-dcc", show_default=True,
              help="eu-dcc: the EU DCC only; th-dhp: adds the WHO DDCC:VS for vaccinations.")
@click.option("--dsc", default=None, help="Sign with this DSC (name or kid) instead of choosing one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="OUT.png, OUT.svg (QR, level Q, 45 mm) or OUT.txt (the HC1 text).")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Bulk: a JSONL file, one DATA object per line.")
@click.option("--out-dir", type=click.Path(file_okay=False), default=None,
              help="Bulk: where the QR codes, the journal and manifest.jsonl go (rerun to resume).")
@click.option("--format", "fmt", type=click.Choice(("png", "svg", "txt")), default="png", show_default=True,
              help="Bulk: the output format.")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Bulk: worker processes (default: CPU count; 0 = in this process).")
@click.option("--batch", type=click.IntRange(1, 10000), default=50, show_default=True,
              help="Bulk: DCCs per register transaction.")
@json_option
@pass_cli
def dcc_issue(cli: CliContext, data: str | None, dcc_type: str | None, profile: str, dsc: str | None,
              output: str | None, data_file: str | None, out_dir: str | None, fmt: str, workers: int | None,
              batch: int, as_json: bool) -> None:
    """Issue a DCC from DATA.json (typed input or a ready EU DCC payload).

    Bulk: --data FILE.jsonl --out-dir DIR. Killed or interrupted runs resume when run
    again with the same arguments; every record is issued exactly once.
    """
    from mohpromt_ca.errors import UsageError

    if data_file is not None or out_dir is not None:
        if data is not None or output is not None:
            raise UsageError("bulk mode takes --data and --out-dir, not DATA or -o")
        if data_file is None or out_dir is None:
            raise UsageError("bulk mode needs both --data FILE.jsonl and --out-dir DIR")
        _bulk(cli, Path(data_file), Path(out_dir), dcc_type=dcc_type, profile=profile, dsc=dsc, fmt=fmt,
              workers=workers, batch=batch, as_json=as_json)
        return
    if data is None:
        raise UsageError("give DATA.json (or --data FILE.jsonl --out-dir DIR for bulk)")
    if output is None and not as_json:
        raise UsageError("give -o OUT.png|OUT.svg|OUT.txt, or --json to print the HC1 text")
    from mohpromt_ca.issuer.dcc import DccIssuer
    from mohpromt_ca.issuer.dcc.output import format_of, write_output

    if output is not None:
        format_of(Path(output))  # refuse a bad suffix before signing anything
    payload = _read_json(data)
    from mohpromt_ca.application.issuance import issue_dcc

    signed = issue_dcc(DccIssuer(cli.authority(), profile=profile, dsc=dsc), payload, dcc_type=dcc_type,
                       events=cli.events())
    if output is not None:
        write_output(Path(output), signed.hc1)
    result = {"uvci": signed.uvci, "kid": signed.kid_b64, "type": signed.dcc_type, "profile": signed.profile,
              "dsc": signed.dsc_name, "exp": signed.exp, "exp_capped": signed.capped, "hc1": signed.hc1,
              "output": output}
    emit(as_json, result, f"issued {signed.uvci} ({signed.dcc_type}, {signed.profile}, kid {signed.kid_b64})"
                          + (f" -> {output}" if output else ""))


def _bulk(cli: CliContext, data_file: Path, out_dir: Path, *, dcc_type: str | None, profile: str, dsc: str | None,
          fmt: str, workers: int | None, batch: int, as_json: bool) -> None:
    import os
    import sys

    from mohpromt_ca.issuer.dcc.bulk import BulkOptions, run_bulk

    settings = cli.settings()
    if settings.key_passphrase is None and settings.key_backend == "file" and sys.stdin is not None \
            and sys.stdin.isatty():
        import getpass

        from pydantic import SecretStr

        settings = settings.model_copy(update={"key_passphrase": SecretStr(getpass.getpass("Key passphrase: "))})
    options = BulkOptions(data_file=data_file, out_dir=out_dir, dcc_type=dcc_type, profile=profile, dsc=dsc,
                          fmt=fmt, workers=os.cpu_count() or 1 if workers is None else workers, batch=batch)
    summary = run_bulk(settings, options, progress=not as_json)
    emit(as_json, summary, (f"{summary['issued']} issued now, {summary['already']} issued before, "
                            f"{summary['failed']} refused, of {summary['records']} records -> {out_dir}"
                            + (f" (refusals in {summary['errors_file']})" if summary["failed"] else "")))
    if summary["failed"]:
        raise SystemExit(1)


COMMANDS = [dsc_group, dcc_group]


@dcc_group.command("revoke")
@click.argument("uvci")
@click.option("--reason", type=click.Choice(("error", "fraud", "withdrawn", "superseded", "other")),
              default="withdrawn", show_default=True)
@click.option("--hc1", "hc1", default=None,
              help="The HC1 text (or @FILE) to also publish the SIGNATURE hash; checked against the register.")
@json_option
@pass_cli
def dcc_revoke(cli: CliContext, uvci: str, reason: str, hc1: str | None, as_json: bool) -> None:
    """Revoke one of our DCCs: its hashes go on our revocation list (`trust-list export --format revocation`)."""
    from mohpromt_ca.application.documents import revoke_dcc
    from mohpromt_ca.errors import InputError

    if hc1 is not None and hc1.startswith("@"):
        try:
            hc1 = Path(hc1[1:]).read_text("utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {hc1[1:]}: {exc.strerror}") from None
    info = revoke_dcc(cli.authority(), uvci, reason=reason, hc1=hc1, events=cli.events())
    emit(as_json, info.as_dict(), f"revoked {info.uvci} (DSC kid {info.kid}); hashes: "
                                  f"UCI {info.uci_hash}, COUNTRYCODEUCI {info.country_uci_hash}"
                                  + (f", SIGNATURE {info.signature_hash}" if info.signature_hash else ""))
