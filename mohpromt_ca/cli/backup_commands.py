"""backup, backup verify, restore: the whole authority in one encrypted archive, and back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli


def _passphrase(cli: CliContext, *, confirm: bool) -> str:
    secret = cli.settings().backup_passphrase
    if secret is not None:
        return str(secret.get_secret_value())
    return str(click.prompt("backup passphrase", hide_input=True, confirmation_prompt=confirm, err=True))


@click.group("backup", invoke_without_command=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The archive to write (a new file; never overwritten).")
@json_option
@click.pass_context
def backup_group(ctx: click.Context, output: Path | None, as_json: bool) -> None:
    """Write one encrypted archive of the authority: the register (SQLite backup API or pg_dump,
    one consistent snapshot, taken while the service keeps issuing), keys as stored, certificates,
    secrets, the trust-list cache, signed files and plugin data, with a manifest of SHA-256 hashes.

    The passphrase comes from MOHPROMT_BACKUP_PASSPHRASE or a prompt. `backup verify FILE`
    checks an archive without restoring it; `mohpromt-ca restore FILE` puts it back."""
    if ctx.invoked_subcommand is not None:
        return
    if output is None:
        raise click.UsageError("give the archive to write: mohpromt-ca backup -o FILE (or: backup verify FILE)")
    from mohpromt_ca.application.backup import create_backup

    cli = ctx.find_object(CliContext)
    assert cli is not None
    done = create_backup(cli.settings(), output, _passphrase(cli, confirm=True))
    emit(as_json, done.as_dict(),
         f"wrote {done.path} ({done.size:,} bytes): register ({done.dialect}, revision {done.revision}, "
         f"{done.documents:,} documents) and {done.files:,} files in {done.seconds:.1f} s\n"
         + (f"{done.sealing}\n" if done.sealing else "") +
         f"check it with: mohpromt-ca backup verify {done.path}")


@backup_group.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_cli
def backup_verify(cli: CliContext, archive: Path, as_json: bool) -> None:
    """Check ARCHIVE without restoring it: every chunk decrypts and authenticates, every member
    matches the manifest's SHA-256, and the register snapshot reads (exit 0 only then)."""
    from mohpromt_ca.application.backup import verify_backup

    done = verify_backup(archive, _passphrase(cli, confirm=False))
    emit(as_json, {**done.as_dict(), "intact": True},
         f"backup intact: {done.path} from {done.created}: register ({done.dialect}, revision {done.revision}, "
         f"{done.documents:,} documents; {done.check}) and {done.files:,} files, every hash matches")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data-dir", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The data directory to restore into (absent or empty; default: the one configured).")
@json_option
@pass_cli
def restore_command(cli: CliContext, archive: Path, data_dir: Path | None, as_json: bool) -> None:
    """Restore ARCHIVE into a new data directory and register, then run `audit verify`.

    The register goes to MOHPROMT_DATABASE_URL when it is set (an empty PostgreSQL database; a
    SQLite backup is copied into it row by row, a PostgreSQL one goes through pg_restore), else
    to register.sqlite3 in the data directory. Exit 1 if the audit chain does not verify."""
    from mohpromt_ca.application.backup import restore_backup

    settings = cli.settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    done = restore_backup(archive, _passphrase(cli, confirm=False), settings)
    audit = done.audit
    emit(as_json, done.as_dict(),
         f"restored {done.backup.path} ({done.backup.documents:,} documents, {done.backup.files:,} files) into "
         f"{done.data_dir}, register {done.database}, in {done.seconds:.1f} s\n"
         + (f"audit log intact: {audit.get('entries')} entries, chain verified" if done.audit_intact
            else f"audit log BROKEN: {audit.get('problem')}"))
    if not done.audit_intact:
        sys.exit(1)


COMMANDS = [backup_group, restore_command]
