"""The verifier's command line: ``mohpromt-verify INPUT``, ``mohpromt-verifier serve`` and
``mohpromt-verifier trust-list import | show | update | add | log``.

The same click commands are mounted in ``mohpromt-ca`` (``mohpromt-ca verify``,
``mohpromt-ca verifier serve``, ``mohpromt-ca trust-list import`` ...), so options and output
are one code path. Nothing here needs the CA, a database or a key.
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mohpromt_verifier import __version__
from mohpromt_verifier.errors import MohpromtError

if TYPE_CHECKING:
    from cryptography import x509

    from mohpromt_verifier.trust_lists.cache import TrustListCache


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
              help="Summary QRs: a signer certificate to look the QR's kid up in (besides the imported "
                   "document signers list); repeatable.")
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
    import tempfile

    from mohpromt_verifier.webapp.build import write_app

    with tempfile.TemporaryDirectory(prefix="mohpromt-verifier-app-") as built:
        # the offline app too, with this cache's lists: install it from /app/ on a phone
        write_app(Path(built), trust_dir=directory if (directory / "lists").is_dir() else None)
        click.echo(f"verifier on http://{host}:{port}/ and the offline app on http://{host}:{port}/app/ "
                   f"(trust list: {directory})", err=True)
        uvicorn.run(create_verifier_app(options, app_dir=Path(built)), host=host, port=port, log_level="warning",
                    access_log=False)


@verifier_group.command("build")
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False),
              help="Folder to write the app into (created; its files are replaced).")
@click.option("--trust-list", "trust_dir", type=click.Path(file_okay=False), default=None,
              help="Pack this trust-list cache's signed lists into the app (for posts that are never online).")
@click.option("--voucher-trust", "voucher_trust", default=None, metavar="FILE|URL",
              help="The voucher-signing certificates (PEM of the CA's /api/v1/vouchers/trust, or that URL, which "
                   "the app then re-fetches when online); each must chain to the trust list's anchors.")
def verifier_build(output: str, trust_dir: str | None, voucher_trust: str | None) -> None:
    """Write the offline verifier app (PWA + verify.mjs for Node) as static files any web server can host."""
    from mohpromt_verifier.webapp.build import app_size, write_app

    info = write_app(Path(output), trust_dir=Path(trust_dir) if trust_dir else None, voucher_trust=voucher_trust)
    click.echo(f"verifier app written to {output}: {len(info['files'])} files, {app_size(Path(output)) // 1024} KiB, "
               f"{len(info['trust_lists'])} trust list(s), {info['voucher_signers']} voucher signer(s), "
               f"build {info['build'][:12]}")


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


# ---- trust-list import | show | update | add | log ------------------------------------------------
# The trust-list cache alone: no CA, no database, no key. ``mohpromt-ca trust-list`` mounts these
# same commands next to its own ``export`` and ``signer``.

SHAPES = ("gateway", "national", "revocation", "revocation-cms", "document-revocation", "signers", "tsl",
          "gdhcn-did")

trust_list_option = click.option(
    "--trust-list", "trust_list_dir", type=click.Path(file_okay=False, path_type=str), default=None,
    help="The trust-list cache directory (default DATA_DIR/trust-list, the one `verify` reads).")

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def emit(as_json: bool, payload: object, human: str) -> None:
    """Print ``payload`` as JSON, or the ``human`` text."""
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str) if as_json else human)


def _cache(ctx: click.Context, directory: str | None) -> TrustListCache:
    from mohpromt_verifier.trust_lists.cache import TrustListCache

    return TrustListCache(Path(directory) if directory else default_trust_dir(ctx))


def _actor() -> str:
    if os.environ.get("MOHPROMT_ACTOR"):
        return os.environ["MOHPROMT_ACTOR"]
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _read_anchor(path: str) -> x509.Certificate:
    from mohpromt_verifier.errors import InputError
    from mohpromt_verifier.trust_lists.signing import load_anchor

    try:
        return load_anchor(Path(path).read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read the anchor {path}: {exc.strerror}") from None


@click.group("trust-list", cls=GuardedGroup)
def trust_list_group() -> None:
    """Trust lists: import others' (verified against a pinned anchor), the local cache."""


@trust_list_group.command("import")
@click.argument("source")
@click.option("--anchor", "anchor_path", required=True, type=click.Path(dir_okay=False),
              help="The pinned certificate (PEM or DER): the list signer, or the CA that issued it.")
@click.option("--name", default=None, help="Cache name of the list (default: kind and anchor fingerprint).")
@click.option("--shape", type=click.Choice(SHAPES), default=None, help="Default: sniffed from the content.")
@click.option("--max-age-hours", type=click.FloatRange(min=0.01), default=168.0, show_default=True,
              help="Expiry when the list states none: this long after fetching.")
@trust_list_option
@json_option
@click.pass_context
def trust_list_import(ctx: click.Context, source: str, anchor_path: str, name: str | None, shape: str | None,
                      max_age_hours: float, trust_list_dir: str | None, as_json: bool) -> None:
    """Import a list from FILE, URL or did:web DID; accepted only if it verifies and is fresher than the cached one.

    Shapes: EU gateway JSON, national two-line lists, revocation lists, ETSI TS 119 612 (schema and
    XAdES checked), WHO GDHCN DID trust lists (proof checked against the anchor)."""
    from mohpromt_verifier.trust_lists.importer import import_list, is_url, read_source

    cache = _cache(ctx, trust_list_dir)
    anchor = _read_anchor(anchor_path)
    data = read_source(source)
    max_age = dt.timedelta(hours=max_age_hours)
    where = source if is_url(source) else str(Path(source).resolve())
    result = import_list(cache, data, anchor=anchor, source=where, now=_now(), name=name, shape=shape,
                         max_age=max_age, actor=_actor())
    if is_url(source):
        cache.set_source(result.list.name, url=source, anchor=anchor, max_age=max_age)
    listed = result.list
    expires = listed.expires_at.isoformat() if listed.expires_at else None
    emit(as_json, {"name": listed.name, "status": result.status, "kind": listed.kind, "shape": listed.shape,
                   "entries": len(listed.entries), "issued_at": listed.issued_at.isoformat(),
                   "expires_at": expires, "source": listed.source},
         f"{result.status} {listed.name}: {listed.kind} list ({listed.shape}), {len(listed.entries)} entries, "
         f"issued {listed.issued_at.isoformat()}, expires {expires or 'never'}")


def _rows(cache: TrustListCache, now: dt.datetime) -> list[dict[str, Any]]:
    from cryptography import x509

    rows: list[dict[str, Any]] = []
    for cached in cache.lists():
        common = {"list": cached.name, "kind": cached.kind, "source": cached.source,
                  "fetched_at": cached.fetched_at.isoformat(), "manual": cached.manual,
                  "list_expires_at": cached.expires_at.isoformat() if cached.expires_at else None,
                  "list_expired": cached.expired(now)}
        for entry in cached.entries:
            if cached.kind == "revocation":
                rows.append({**common, "kid": entry["kid"], "country": entry["country"], "type": entry["hashType"],
                             "hashes": len(entry["entries"]), "not_after": entry["expires"]})
                continue
            row = {**common, "kid": entry.get("kid"), "country": entry.get("country"),
                   "type": entry.get("certificateType") or entry.get("serviceType") or "ANCHOR",
                   "thumbprint": entry.get("thumbprint")}
            try:
                certificate = x509.load_der_x509_certificate(base64.b64decode(entry["rawData"]))
                row.update(subject=certificate.subject.rfc4514_string(),
                           not_before=certificate.not_valid_before_utc.isoformat(),
                           not_after=certificate.not_valid_after_utc.isoformat())
            except ValueError:
                row.update(subject=None, not_before=None, not_after=None)
            rows.append(row)
    return rows


@trust_list_group.command("show")
@trust_list_option
@json_option
@click.pass_context
def trust_list_show(ctx: click.Context, trust_list_dir: str | None, as_json: bool) -> None:
    """Every cached entry: kid, country, type, validity, source, when fetched (manual pins marked)."""
    cache = _cache(ctx, trust_list_dir)
    now = _now()
    lists = cache.lists()
    rows = _rows(cache, now)
    if as_json:
        emit(True, {"directory": str(cache.directory),
                    "lists": [{"name": c.name, "kind": c.kind, "shape": c.shape, "source": c.source,
                               "fetched_at": c.fetched_at.isoformat(), "issued_at": c.issued_at.isoformat(),
                               "expires_at": c.expires_at.isoformat() if c.expires_at else None,
                               "expired": c.expired(now), "manual": c.manual, "signer": c.signer_subject,
                               "anchor_sha256": c.anchor_sha256, "entries": len(c.entries)} for c in lists],
                    "entries": rows}, "")
        return
    if not lists:
        program = ctx.find_root().info_name or "mohpromt-verifier"
        click.echo(f"the trust-list cache {cache.directory} is empty: `{program} trust-list import` or `add`")
        return
    for cached in lists:
        state = "EXPIRED" if cached.expired(now) else "ok"
        until = cached.expires_at.isoformat() if cached.expires_at else "never"
        click.echo(f"{cached.name}  [{cached.kind}/{cached.shape}{', manual' if cached.manual else ''}]  {state}  "
                   f"fetched {cached.fetched_at.isoformat()}  expires {until}  from {cached.source}")
        for row in (r for r in rows if r["list"] == cached.name):
            if cached.kind == "revocation":
                click.echo(f"  kid {row['kid']:<13} {row['country']}  {row['type']:<15} {row['hashes']:>5} hashes  "
                           f"until {row['not_after'][:10]}")
            else:
                validity = f"{(row['not_before'] or '?')[:10]}..{(row['not_after'] or '?')[:10]}"
                kid = row["kid"] or row["thumbprint"][:12]
                click.echo(f"  {'kid ' + kid if row['kid'] else 'sha256 ' + kid:<17} {row['country'] or '--':<3} "
                           f"{row['type'].rsplit('/', 1)[-1]:<6} {validity}  "
                           f"{'manual' if row['manual'] else ''}  {row['subject'] or ''}")


@trust_list_group.command("update")
@trust_list_option
@json_option
@click.pass_context
def trust_list_update(ctx: click.Context, trust_list_dir: str | None, as_json: bool) -> None:
    """Re-fetch every list imported from a URL; a refused one leaves the cached list in place."""
    from mohpromt_verifier.trust_lists.importer import update_all

    cache = _cache(ctx, trust_list_dir)
    results = update_all(cache, now=_now(), actor=_actor())
    payload = [{"name": n, "status": s, "detail": d} for n, s, d in results]
    emit(as_json, payload, "\n".join(f"{n}: {s} ({d})" for n, s, d in results) or "no URL sources configured")
    if any(s == "refused" for _n, s, _d in results):
        raise SystemExit(1)


@trust_list_group.command("add")
@click.option("--dsc", "dsc_path", type=click.Path(dir_okay=False), default=None,
              help="Pin a Document Signer Certificate (PEM or DER).")
@click.option("--anchor", "anchor_path", type=click.Path(dir_okay=False), default=None,
              help="Pin PDF trust anchors (a PEM bundle, or one DER certificate).")
@click.option("--country", default=None, help="Country of the DSC (default: its subject C).")
@trust_list_option
@json_option
@click.pass_context
def trust_list_add(ctx: click.Context, dsc_path: str | None, anchor_path: str | None, country: str | None,
                   trust_list_dir: str | None, as_json: bool) -> None:
    """Pin a certificate by hand (logged in the cache's own log, marked manual in `show`)."""
    from mohpromt_verifier.errors import UsageError
    from mohpromt_verifier.trust_lists.anchors import anchor_entry
    from mohpromt_verifier.trust_lists.dsc_lists import country_of, entry_for_certificate
    from mohpromt_verifier.trust_lists.signing import load_anchor, load_pem_certificates

    if (dsc_path is None) == (anchor_path is None):
        raise UsageError("give exactly one of --dsc FILE or --anchor FILE")
    cache = _cache(ctx, trust_list_dir)
    path = dsc_path or anchor_path or ""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    now = _now()
    added: list[dict[str, str]] = []
    if dsc_path:
        certificate = load_anchor(data)
        entry = entry_for_certificate(certificate, country=(country or country_of(certificate)).upper(), now=now)
        cache.add_manual("dsc", entry, now=now, actor=_actor(), source=str(Path(path).resolve()))
        added.append({"kid": entry["kid"], "country": entry["country"],
                      "subject": certificate.subject.rfc4514_string()})
    else:
        certificates = load_pem_certificates(data) if b"-----BEGIN" in data else [load_anchor(data)]
        for certificate in certificates:
            entry = anchor_entry(certificate, source="manual")
            cache.add_manual("anchors", entry, now=now, actor=_actor(), source=str(Path(path).resolve()))
            added.append({"thumbprint": entry["thumbprint"], "subject": entry["subject"]})
    emit(as_json, added, "\n".join(f"pinned {a['subject']}" for a in added))


@trust_list_group.command("log")
@trust_list_option
@json_option
@click.pass_context
def trust_list_log(ctx: click.Context, trust_list_dir: str | None, as_json: bool) -> None:
    """The cache's own log (imports, refusals, manual pins) and whether its chain is intact."""
    cache = _cache(ctx, trust_list_dir)
    intact, detail = cache.verify_log()
    entries = cache.log_entries()
    emit(as_json, {"intact": intact, "detail": detail, "entries": entries},
         "\n".join(f"{e['seq']:>4} {e['at']} {e['actor']:<12} {e['action']:<10} {e['list']}" for e in entries)
         + f"\nlog {detail}")
    if not intact:
        raise SystemExit(1)


verifier_main.add_command(trust_list_group)
