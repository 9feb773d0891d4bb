"""`mohpromt-ca sign` (PDFs: any PDF, one certificate from a template, or a JSONL batch) and
`mohpromt-ca templates list|show`. Heavy imports (pyHanko, Typst, SQLAlchemy) happen inside
the commands, so `mohpromt-ca --help` stays fast."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli
from mohpromt_ca.errors import InputError, UsageError

LEVEL_CHOICES = ["B-B", "B-T", "B-LT", "B-LTA"]


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise UsageError("--box takes four numbers: x1,y1,x2,y2 (points, origin bottom left)") from None
    if len(values) != 4:
        raise UsageError("--box takes four numbers: x1,y1,x2,y2 (points, origin bottom left)")
    return values[0], values[1], values[2], values[3]


def _write_atomic(path: Path, data: bytes) -> None:
    from mohpromt_ca.storage.private_files import write_private

    write_private(path, data, sync=False, own_folder=False)  # 0600: a signed PDF holds medical content


@click.command("sign")
@click.argument("input_pdf", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The signed PDF.")
@click.option("--signer", "signer_id", type=int, required=True, help="Signer id (see `signer list`).")
@click.option("--level", type=click.Choice(LEVEL_CHOICES, case_sensitive=False), default=None,
              help="PAdES level (default B-LT, 'level 3'; env MOHPROMT_PADES_LEVEL).")
@click.option("--template", "type_key", help="Certificate type to render (see `templates list`).")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The certificate's data: JSON (one) or JSONL with --out-dir (bulk).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Bulk: where the PDFs go.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Bulk: worker processes (default: CPUs).")
@click.option("--certify", is_flag=True, help="Certify the document (DocMDP P=2: forms and signatures only).")
@click.option("--countersigner", "countersigner_id", type=int, help="A second signer who countersigns.")
@click.option("--countersign", is_flag=True, help="INPUT.pdf: add this signature as a countersignature.")
@click.option("--document-number", help="INPUT.pdf: the number to record (default EXT-<hash>).")
@click.option("--box", help="INPUT.pdf: visible signature rectangle x1,y1,x2,y2 in points (default invisible).")
@click.option("--page", type=int, default=-1, show_default=True, help="INPUT.pdf: page of --box (-1 = last).")
@click.option("--with-dcc", is_flag=True,
              help="Vaccination record: issue the holder's EU DCC from the record and print its QR on it.")
@click.option("--dcc-profile", type=click.Choice(["eu-dcc", "th-dhp"]), default="eu-dcc", show_default=True,
              help="With --with-dcc: the Digital Health Pass profile.")
@click.option("--dcc-hc1", "dcc_hc1_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Vaccination record: a file holding a ready HC1 string to print as the DCC QR.")
@json_option
@pass_cli
def sign_command(cli: CliContext, input_pdf: Path | None, output: Path | None, signer_id: int, level: str | None,
                 type_key: str | None, data_file: Path | None, out_dir: Path | None, workers: int | None,
                 certify: bool, countersigner_id: int | None, countersign: bool, document_number: str | None,
                 box: str | None, page: int, with_dcc: bool, dcc_profile: str, dcc_hc1_file: Path | None,
                 as_json: bool) -> None:
    """Sign a PDF, or render a certificate from a template and sign it (one, or a JSONL batch).

    \b
      mohpromt-ca sign INPUT.pdf -o OUT.pdf --signer 1 [--level B-LTA]
      mohpromt-ca sign --template general-health --data DATA.json -o OUT.pdf --signer 1
      mohpromt-ca sign --template atk --data RECORDS.jsonl --out-dir DIR --signer 1
      mohpromt-ca sign --template vaccination --data DATA.json -o OUT.pdf --signer 1 --with-dcc
    """
    level = level.upper() if level else None
    if with_dcc and dcc_hc1_file is not None:
        raise UsageError("give --with-dcc (issue the DCC from the record) or --dcc-hc1 FILE (a ready one), not both")
    if (with_dcc or dcc_hc1_file is not None) and (input_pdf is not None or out_dir is not None):
        raise UsageError("--with-dcc and --dcc-hc1 go with one --template vaccination --data DATA.json -o OUT.pdf")
    if input_pdf is not None:
        if type_key or data_file or out_dir:
            raise UsageError("give either INPUT.pdf or --template/--data, not both")
        if output is None:
            raise UsageError("-o/--output is required")
        from mohpromt_ca.application.issuance import sign_existing_pdf
        from mohpromt_ca.issuer.pdf.service import PdfIssuer

        issued = sign_existing_pdf(
            PdfIssuer(cli.authority(), types=cli.types()), input_pdf.read_bytes(), signer_id=signer_id, level=level,
            certify=certify, box=_box(box), page=page, countersign=countersign, document_number=document_number,
            events=cli.events())
        _write_atomic(output, issued.pdf)
        emit(as_json, {**issued.as_dict(), "output": str(output)},
             None if as_json else f"signed {output} ({issued.level.value}, document {issued.document_number})")
        return
    if not type_key or not data_file:
        raise UsageError("give INPUT.pdf, or --template TYPE with --data FILE")
    if out_dir is not None:
        from mohpromt_ca.issuer.pdf.bulk import BulkOptions, run_bulk

        authority = cli.authority()
        options = BulkOptions(data_file=data_file, out_dir=out_dir, type_key=type_key, signer_id=signer_id,
                              level=level or authority.settings.pades_level, certify=certify,
                              countersigner_id=countersigner_id, workers=workers or (os.cpu_count() or 1))
        report = run_bulk(authority, options, progress=not as_json)
        _announce_bulk(cli, report.issued_now, data_file)
        payload = {**report.as_dict(), "out_dir": str(out_dir)}
        emit(as_json, payload, None if as_json else
             f"{report.issued} issued, {report.already} already issued, {report.failed} refused "
             f"(of {report.total}) in {out_dir}" + (f"; see {out_dir / 'errors.jsonl'}" if report.failed else ""))
        if report.failed:
            raise SystemExit(1)
        return
    if output is None:
        raise UsageError("-o/--output is required (or --out-dir for a JSONL batch)")
    try:
        data = json.loads(data_file.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{data_file} is not JSON: {exc}") from None
    from mohpromt_ca.application import issuance
    from mohpromt_ca.issuer.pdf.service import PdfIssuer

    issuer = PdfIssuer(cli.authority(), types=cli.types())
    choices: dict[str, Any] = {"signer_id": signer_id, "level": level, "certify": certify,
                               "countersigner_id": countersigner_id, "events": cli.events()}
    if with_dcc:
        issued = issuance.issue_pdf_with_dcc(issuer, type_key, data, profile=dcc_profile, **choices)
    else:
        hc1 = None
        if dcc_hc1_file is not None:
            from mohpromt_ca.issuer.rendering import MAX_HC1_TEXT

            raw = dcc_hc1_file.read_bytes()[: MAX_HC1_TEXT * 2]
            try:
                hc1 = raw.decode("ascii").strip()
            except UnicodeDecodeError:
                raise InputError(f"{dcc_hc1_file} does not hold an HC1 string (not ASCII text)") from None
        issued = issuance.issue_pdf(issuer, type_key, data, dcc_hc1=hc1, **choices)
    _write_atomic(output, issued.pdf)
    dcc = f", DCC {issued.dcc_uvci or 'QR'} printed" if issued.dcc_hc1 else ""
    emit(as_json, {**issued.as_dict(), "output": str(output), "qr": issued.qr_text},
         None if as_json else f"issued {issued.document_number} -> {output} ({issued.level.value}{dcc})")


def _announce_bulk(cli: CliContext, issued_now: list[dict[str, Any]], data_file: Path) -> None:
    """Tell the plugins about the documents this run issued (not those an earlier run issued)."""
    if not issued_now:
        return
    from mohpromt_ca.application.issuance import announce_bulk_pdfs

    lines = _subjects_by_line(data_file, {r["line"] for r in issued_now})
    subjects = {r["document_number"]: lines.get(r["line"]) for r in issued_now}
    announce_bulk_pdfs(cli.authority(), subjects, events=cli.events())


def _subjects_by_line(data_file: Path, wanted: set[int]) -> dict[int, str | None]:
    """The citizen ID each wanted JSONL line names (for the records plugin; never printed)."""
    from mohpromt_ca.plugins.publishing import subject_of

    out: dict[int, str | None] = {}
    with open(data_file, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number in wanted:
                try:
                    out[number] = subject_of(json.loads(raw))
                except (ValueError, UnicodeDecodeError):
                    out[number] = None
    return out


@click.group("templates")
def templates_group() -> None:
    """Certificate types: their fields and sample data."""


@templates_group.command("list")
@json_option
@pass_cli
def templates_list(cli: CliContext, as_json: bool) -> None:
    """Every certificate type."""
    rows = [{"type": t.key, "title_th": t.title_th, "title_en": t.title_en} for t in cli.types().all()]
    emit(as_json, rows, None if as_json else "\n".join(f"{r['type']:<18} {r['title_th']} / {r['title_en']}"
                                                      for r in rows))


@templates_group.command("show")
@click.argument("type_key", metavar="TYPE")
@click.option("--sample", is_flag=True, help="Print valid sample data (JSON for --data).")
@json_option
@pass_cli
def templates_show(cli: CliContext, type_key: str, sample: bool, as_json: bool) -> None:
    """A type's fields (path, type, required), or its sample data."""
    ctype = cli.types().get(type_key)
    if sample:
        click.echo(json.dumps(ctype.sample, ensure_ascii=False, indent=2))
        return
    fields = [{"path": f.path, "type": f.type, "required": f.required, "description": f.description}
              for f in ctype.fields]
    if as_json:
        emit(True, {"type": ctype.key, "title_th": ctype.title_th, "title_en": ctype.title_en, "fields": fields})
        return
    lines = [f"{ctype.key}: {ctype.title_th} / {ctype.title_en}"]
    for f in fields:
        mark = "*" if f["required"] else " "
        lines.append(f" {mark} {f['path']:<36} {f['type']}" + (f"  {f['description']}" if f["description"] else ""))
    lines.append("(* required)")
    click.echo("\n".join(lines))


COMMANDS = [sign_command, templates_group]
