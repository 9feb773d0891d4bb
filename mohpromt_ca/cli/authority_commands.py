"""init, cert export, revoke, audit verify / seal / checkpoints export."""

from __future__ import annotations

from pathlib import Path

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli


@click.command("init")
@click.option("--organisation", "--organization", default="Ministry of Public Health", show_default=True)
@click.option("--country", default="TH", show_default=True, help="ISO 3166 two-letter code.")
@json_option
@pass_cli
def init_command(cli: CliContext, organisation: str, country: str, as_json: bool) -> None:
    """Create the Root CA, the Document Signing and DCC Country Signing CAs, OCSP and TSA keys,
    and a DSC for each DCC type (vaccination, test, recovery)."""
    from cryptography.hazmat.primitives import hashes

    from mohpromt_ca.authority.dsc import provision_dscs, restricted_types
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.errors import InputError

    if len(country) != 2 or not country.isalpha() or not country.isupper():
        raise InputError("--country must be a two-letter upper-case ISO 3166 code, e.g. TH")
    authority = cli.authority()
    certificates = initialise(authority, organisation=organisation, country=country)
    rows = {
        name: {
            "serial": format(cert.serial_number, "x"),
            "subject": cert.subject.rfc4514_string(),
            "not_after": cert.not_valid_after_utc.isoformat(),
            "sha256": cert.fingerprint(hashes.SHA256()).hex(),
        }
        for name, cert in certificates.items()
    }
    dscs = provision_dscs(authority, organisation=organisation, country=country)
    dsc_rows = [{"name": d.name, "restricted_to": list(restricted_types(d.certificate) or ()),
                 "serial": format(d.certificate.serial_number, "x"),
                 "not_after": d.certificate.not_valid_after_utc.isoformat()} for d in dscs]
    payload = {"data_dir": str(authority.settings.data_dir), "authorities": rows, "dscs": dsc_rows}
    human = "\n".join(
        [f"Created the authority in {authority.settings.data_dir}:"]
        + [f"  {name:<22} {row['subject']}  (until {row['not_after'][:10]})" for name, row in rows.items()]
        + [f"  DSC {row['name']:<18} {', '.join(row['restricted_to'])}  (until {row['not_after'][:10]})"
           for row in dsc_rows]
        + [f"Certificates (PEM): {authority.settings.data_dir / 'certs'}"]
    )
    emit(as_json, payload, human)


@click.group("cert")
def cert_group() -> None:
    """Certificates the CA issued."""


@cert_group.command("export")
@click.argument("serial")
@click.option("--chain", is_flag=True, help="Append the issuing CA certificates up to the root.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True)
@json_option
@pass_cli
def cert_export(cli: CliContext, serial: str, chain: bool, output: str, as_json: bool) -> None:
    """Write the certificate with SERIAL (hex) as PEM."""
    from mohpromt_ca.authority.export import certificate_pem

    pem = certificate_pem(cli.authority(), serial, chain=chain)
    if output == "-" and not as_json:
        click.echo(pem.decode(), nl=False)
        return
    if output != "-":
        with click.open_file(output, "wb") as handle:
            handle.write(pem)
    emit(as_json, {"serial": serial.lower(), "output": output, "chain": chain,
                   "pem": pem.decode() if output == "-" else None}, f"wrote {output}")


@click.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True,
              help="RFC 5280 reason, e.g. keyCompromise, superseded, certificateHold, removeFromCRL.")
@json_option
@pass_cli
def revoke_command(cli: CliContext, serial: str, reason: str, as_json: bool) -> None:
    """Revoke the certificate with SERIAL (hex); removeFromCRL releases a hold."""
    from mohpromt_ca.application.certificates import revoke_certificate

    row = revoke_certificate(cli.authority(), serial, reason, events=cli.events())  # a signer's: plugins are told
    emit(as_json, {"serial": row.serial, "status": row.status, "reason": reason},
         f"certificate {row.serial} is now {row.status} ({reason})")


@click.group("audit")
def audit_group() -> None:
    """The audit log: hash-chained entries, sealed in batches under signed, time-stamped checkpoints."""


@audit_group.command("verify")
@click.option("--against", "against", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A checkpoint export (`audit checkpoints export`) kept outside: the chain must still match it.")
@json_option
@pass_cli
def audit_verify(cli: CliContext, against: Path | None, as_json: bool) -> None:
    """Check the entries, the chain, every checkpoint's signature and time-stamp; name the first
    edited, deleted or reordered entry, or the checkpoint that does not hold (exit 1)."""
    from mohpromt_ca.application.audit_log import read_checkpoints, verify_audit_log

    authority = cli.authority()
    witnessed = read_checkpoints(authority, against) if against is not None else None
    verdict = verify_audit_log(authority, against=witnessed)
    if verdict.intact:
        extra = f", {verdict.witnessed} witnessed checkpoints matched" if against is not None else ""
        waiting = f"; {verdict.pending} entries wait for the sequencer (`mohpromt-ca audit seal`)" \
            if verdict.pending else ""
        emit(as_json, verdict.as_dict(), f"audit log intact: {verdict.entries} entries, chain verified, "
             f"{verdict.checkpoints} signed checkpoints verified{extra}{waiting}")
        return
    emit(as_json, verdict.as_dict(), f"audit log BROKEN: {verdict.problem}")
    raise SystemExit(1)


@audit_group.command("seal")
@json_option
@pass_cli
def audit_seal(cli: CliContext, as_json: bool) -> None:
    """Run the sequencer once: chain the pending entries and sign their checkpoint."""
    from mohpromt_ca.application.audit_log import seal_pending

    outcome = seal_pending(cli.authority())
    emit(as_json, outcome.as_dict(),
         f"sealed {outcome.sealed} entries under {outcome.checkpoints} checkpoints"
         + (f"; the chain now holds {outcome.size}" if outcome.size is not None else "")
         + (f"; {outcome.pending} still pending" if outcome.pending else ""))


@audit_group.group("checkpoints")
def audit_checkpoints() -> None:
    """The signed checkpoints, for outside witnesses."""


@audit_checkpoints.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_cli
def audit_checkpoints_export(cli: CliContext, output: Path, as_json: bool) -> None:
    """Write every signed checkpoint (JSON) to OUTPUT: keep it outside the database's reach."""
    import json

    from mohpromt_ca.application.audit_log import export_checkpoints

    data = export_checkpoints(cli.authority())
    output.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    latest = data["checkpoints"][-1] if data["checkpoints"] else None
    emit(as_json, {"output": str(output), "checkpoints": len(data["checkpoints"]), "latest": latest and {
        "size": latest["size"], "root": latest["root"], "sealed_at": latest["sealed_at"]}},
         f"wrote {len(data['checkpoints'])} checkpoints to {output}"
         + (f" (latest: size {latest['size']}, root {latest['root']})" if latest else ""))


COMMANDS = [init_command, cert_group, revoke_command, audit_group]
