"""trust-list export | signer | import | show | update | add | log, and dcc revoke.

Only ``export``, ``signer`` and ``dcc revoke`` open the CA; the rest work on the
trust-list cache alone (``--trust-list DIR``, default DATA_DIR/trust-list, the one `verify` reads), so border
staff can run them without the database or any key.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from pathlib import Path
from typing import Any

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli

EXPORT_FORMATS = ("gateway", "national", "revocation", "document-revocation", "pem", "tsl")
SHAPES = ("gateway", "national", "revocation", "revocation-cms", "document-revocation", "tsl")

trust_list_option = click.option(
    "--trust-list", "trust_list_dir", type=click.Path(file_okay=False, path_type=str), default=None,
    help="The trust-list cache directory (default DATA_DIR/trust-list, the one `verify` reads).")


def _cache(cli: CliContext, directory: str | None) -> Any:
    from mohpromt_verifier.trust_lists.cache import TrustListCache

    if directory:
        return TrustListCache(Path(directory))
    data_dir = cli.data_dir or os.environ.get("MOHPROMT_DATA_DIR") or "mohpromt-data"
    return TrustListCache(Path(data_dir) / "trust-list")


def _actor() -> str:
    if os.environ.get("MOHPROMT_ACTOR"):
        return os.environ["MOHPROMT_ACTOR"]
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


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


def _read_anchor(path: str) -> Any:
    from mohpromt_ca.errors import InputError
    from mohpromt_verifier.trust_lists.signing import load_anchor

    try:
        return load_anchor(Path(path).read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read the anchor {path}: {exc.strerror}") from None


@click.group("trust-list")
def trust_list_group() -> None:
    """Trust lists: publish ours, import others' (verified against a pinned anchor), the local cache."""


@trust_list_group.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="gateway / national: our DSCs; revocation: our revoked DCCs; document-revocation: the PDFs "
                   "revoked; pem / tsl: PDF trust anchors.")
@click.option("-o", "--output", required=True, help="File to write ('-' for stdout).")
@pass_cli
def trust_list_export(cli: CliContext, fmt: str, output: str) -> None:
    """Write one of our lists, signed by the trust-list key."""
    if fmt == "document-revocation":
        from mohpromt_ca.application.document_revocations import export_document_revocations

        data = export_document_revocations(cli.authority())
    else:
        from mohpromt_ca.authority.trust_list_export import export

        data = export(cli.authority(), fmt)
    _write(output, data)
    if output != "-":
        click.echo(f"wrote {fmt} list to {output} ({len(data)} bytes)", err=True)


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
@pass_cli
def trust_list_import(cli: CliContext, source: str, anchor_path: str, name: str | None, shape: str | None,
                      max_age_hours: float, trust_list_dir: str | None, as_json: bool) -> None:
    """Import a list from FILE or URL; accepted only if it verifies and is fresher than the cached one."""
    from mohpromt_verifier.trust_lists.importer import import_list, is_url, read_source

    cache = _cache(cli, trust_list_dir)
    anchor = _read_anchor(anchor_path)
    data = read_source(source)
    max_age = dt.timedelta(hours=max_age_hours)
    where = source if is_url(source) else str(Path(source).resolve())
    result = import_list(cache, data, anchor=anchor, source=where, now=_now(), name=name, shape=shape,
                         max_age=max_age, actor=_actor())
    if is_url(source):
        cache.set_source(result.list.name, url=source, anchor=anchor, max_age=max_age)
    listed = result.list
    emit(as_json, {"name": listed.name, "status": result.status, "kind": listed.kind, "shape": listed.shape,
                   "entries": len(listed.entries), "issued_at": listed.issued_at.isoformat(),
                   "expires_at": listed.expires_at.isoformat() if listed.expires_at else None,
                   "source": listed.source},
         f"{result.status} {listed.name}: {listed.kind} list ({listed.shape}), {len(listed.entries)} entries, "
         f"issued {listed.issued_at.isoformat()}, expires {listed.expires_at.isoformat() if listed.expires_at else 'never'}")


def _rows(cache: Any, now: dt.datetime) -> list[dict[str, Any]]:
    import base64

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
@pass_cli
def trust_list_show(cli: CliContext, trust_list_dir: str | None, as_json: bool) -> None:
    """Every cached entry: kid, country, type, validity, source, when fetched (manual pins marked)."""
    cache = _cache(cli, trust_list_dir)
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
                    "entries": rows})
        return
    if not lists:
        click.echo(f"the trust-list cache {cache.directory} is empty: `mohpromt-ca trust-list import` or `add`")
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
@pass_cli
def trust_list_update(cli: CliContext, trust_list_dir: str | None, as_json: bool) -> None:
    """Re-fetch every list imported from a URL; a refused one leaves the cached list in place."""
    from mohpromt_verifier.trust_lists.importer import update_all

    cache = _cache(cli, trust_list_dir)
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
@pass_cli
def trust_list_add(cli: CliContext, dsc_path: str | None, anchor_path: str | None, country: str | None,
                   trust_list_dir: str | None, as_json: bool) -> None:
    """Pin a certificate by hand (logged in the cache's own log, marked manual in `show`)."""
    from mohpromt_ca.errors import UsageError
    from mohpromt_verifier.trust_lists.anchors import anchor_entry
    from mohpromt_verifier.trust_lists.dsc_lists import country_of, entry_for_certificate
    from mohpromt_verifier.trust_lists.signing import load_anchor, load_pem_certificates

    if (dsc_path is None) == (anchor_path is None):
        raise UsageError("give exactly one of --dsc FILE or --anchor FILE")
    cache = _cache(cli, trust_list_dir)
    path = dsc_path or anchor_path or ""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    now = _now()
    added = []
    if dsc_path:
        certificate = load_anchor(data)
        entry = entry_for_certificate(certificate, country=(country or country_of(certificate)).upper(), now=now)
        cache.add_manual("dsc", entry, now=now, actor=_actor(), source=str(Path(path).resolve()))
        added.append({"kid": entry["kid"], "country": entry["country"], "subject": certificate.subject.rfc4514_string()})
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
@pass_cli
def trust_list_log(cli: CliContext, trust_list_dir: str | None, as_json: bool) -> None:
    """The cache's own log (imports, refusals, manual pins) and whether its chain is intact."""
    cache = _cache(cli, trust_list_dir)
    intact, detail = cache.verify_log()
    entries = cache.log_entries()
    emit(as_json, {"intact": intact, "detail": detail, "entries": entries},
         "\n".join(f"{e['seq']:>4} {e['at']} {e['actor']:<12} {e['action']:<10} {e['list']}" for e in entries)
         + f"\nlog {detail}")
    if not intact:
        raise SystemExit(1)


@click.command("revoke")
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


def _attach_revoke() -> None:
    from mohpromt_ca.cli.dcc_commands import dcc_group

    if "revoke" not in dcc_group.commands:
        dcc_group.add_command(dcc_revoke)


_attach_revoke()

COMMANDS = [trust_list_group]
