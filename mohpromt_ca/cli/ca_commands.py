"""`ca rollover NAME`, `ceremony SCRIPT.yaml` and their helpers (`ca combine-shares`,
`ca verify-transcript`): the authority's own keys over their lifetime."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

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


@click.command("ceremony")
@click.argument("script", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the script and print the plan for review; change nothing.")
@click.option("--transcript", "transcript_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Transcript file (default DATA_DIR/ceremonies/<time>.jsonl; never overwritten).")
@click.option("--shares-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where split-secret writes one share file per holder (0600; hand out, then delete).")
@json_option
@pass_cli
def ceremony_command(cli: CliContext, script: Path, dry_run: bool, transcript_path: Path | None,
                     shares_dir: Path | None, as_json: bool) -> None:
    """Run a reviewed key-ceremony SCRIPT (YAML): generate keys (file or PKCS#11), self-sign a root,
    issue intermediates, split the token PIN or passphrase m-of-n, export certificates; the
    transcript is signed by the key the script names."""
    from mohpromt_ca.authority.ceremony import preflight, run_ceremony
    from mohpromt_ca.authority.ceremony_script import load_script

    parsed = load_script(script)
    authority = cli.authority()
    if dry_run:
        problems = preflight(authority, parsed)
        payload = {"ceremony": parsed.title, "script_sha256": parsed.sha256, "plan": parsed.plan(),
                   "transcript_signer": parsed.transcript_signer, "ready": not problems, "problems": problems}
        human = "\n".join([f"Ceremony: {parsed.title}", f"Script SHA-256: {parsed.sha256}", "Plan:", *parsed.plan(),
                           f"Transcript signed by: {parsed.transcript_signer}",
                           *(["Would not start:", *(f"  - {p}" for p in problems)] if problems
                             else ["Ready: nothing was changed (dry run)."])])
        emit(as_json, payload, human)
        return
    result = run_ceremony(authority, parsed, transcript_path=transcript_path, shares_dir=shares_dir)
    made = {name: {"serial": format(c.serial_number, "x"), "subject": c.subject.rfc4514_string()}
            for name, c in result.certificates.items()}
    payload = {"transcript": str(result.transcript), "signature": str(result.signature),
               "signer_certificate": str(result.signer_certificate), "shares": [str(p) for p in result.shares],
               "certificates": made}
    human = "\n".join([f"Ceremony {parsed.title!r} completed.",
                       *(f"  {name:<22} {row['subject']}" for name, row in made.items()),
                       f"Transcript: {result.transcript} (signature {result.signature.name})",
                       *([f"Share files ({len(result.shares)}): {result.shares[0].parent} - hand each to its holder, "
                          "then delete them"] if result.shares else [])])
    emit(as_json, payload, human)


@ca_group.command("verify-transcript")
@click.argument("transcript", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--certificate", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Signer certificate (PEM); default TRANSCRIPT.signer.pem.")
@json_option
def verify_transcript_command(transcript: Path, certificate: Path | None, as_json: bool) -> None:
    """Check a ceremony transcript's signature (exit 1 if it does not verify)."""
    from mohpromt_ca.authority.ceremony_transcript import verify_transcript

    check = verify_transcript(transcript, certificate_path=certificate)
    emit(as_json, check.as_dict(), f"valid: {check.ceremony!r}, {check.steps} steps"
         f"{'' if check.completed else ' (NOT completed)'}, signed by {check.signer_subject} "
         f"(SHA-256 {check.signer_sha256})")


@ca_group.command("combine-shares")
@click.argument("shares_file", type=click.File("r"), default="-")
def combine_shares_command(shares_file: TextIO) -> None:
    """Rebuild a split PIN or passphrase from m share lines (mss1-...) read from SHARES_FILE or stdin;
    prints the secret on stdout, e.g. export MOHPROMT_PKCS11_PIN=$(mohpromt-ca ca combine-shares)."""
    from mohpromt_ca.ca.secret_sharing import combine
    from mohpromt_ca.errors import InputError

    text = shares_file.read(64 * 1024)
    lines = [line.strip() for line in text.splitlines() if line.strip().lower().startswith("mss1-")]
    secret = combine(list(lines))
    try:
        click.echo(secret.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("the rebuilt secret is not text: these shares are not of a PIN or passphrase") from None


COMMANDS = [ca_group, ceremony_command]
