"""facility register/approve/reject/suspend/update/remove/list, signer enrol/list/show/remove."""

from __future__ import annotations

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli
from mohpromt_ca.vocabulary import FACILITY_STATUSES, FACILITY_TYPES, PROFESSIONS


@click.group("facility")
def facility_group() -> None:
    """Hospitals, clinics and pharmacies: registration and the RA officer's decisions."""


@facility_group.command("register")
@click.option("--type", "type_", required=True, type=click.Choice(FACILITY_TYPES))
@click.option("--licence", "--license", required=True, help="The facility's operating licence number.")
@click.option("--name-th", required=True)
@click.option("--name-en", required=True)
@click.option("--contact", default=None, help="E-mail or telephone of the facility's contact person.")
@click.option("--address", default=None, help="Address in Thai, printed on every document the facility issues.")
@click.option("--address-en", default=None, help="Address in English, printed beside the Thai one.")
@click.option("--phone", default=None, help="Telephone printed on the facility's documents.")
@json_option
@pass_cli
def facility_register(cli: CliContext, type_: str, licence: str, name_th: str, name_en: str,
                      contact: str | None, address: str | None, address_en: str | None, phone: str | None,
                      as_json: bool) -> None:
    """Register a facility; it waits for an RA officer's approval."""
    from mohpromt_ca.application.registration import facility_dict, register_facility

    facility = register_facility(cli.authority(), type=type_, licence=licence, name_th=name_th,
                                 name_en=name_en, contact=contact, address=address, address_en=address_en,
                                 phone=phone)
    emit(as_json, facility_dict(facility),
         f"registered facility {facility.id} ({facility.name_en}); status: pending approval")


def _decision(decision: str, past: str) -> click.Command:
    @click.command(decision)
    @click.argument("facility_id", type=int)
    @click.option("--reason", default=None)
    @json_option
    @pass_cli
    def command(cli: CliContext, facility_id: int, reason: str | None, as_json: bool) -> None:
        from mohpromt_ca.application.registration import decide_facility, facility_dict

        facility = decide_facility(cli.authority(), facility_id, decision, reason=reason)
        emit(as_json, facility_dict(facility), f"facility {facility.id} {past}")

    command.help = {
        "approve": "Approve a pending facility (RA officer).",
        "reject": "Reject a pending facility (RA officer).",
        "suspend": "Suspend an approved facility; its signers' certificates are put on hold (revoked).",
    }[decision]
    return command


for _decision_name, _past in (("approve", "approved"), ("reject", "rejected"), ("suspend", "suspended")):
    facility_group.add_command(_decision(_decision_name, _past))


@facility_group.command("update")
@click.argument("facility_id", type=int)
@click.option("--address", default=None, help="Address in Thai ('' clears it).")
@click.option("--address-en", default=None, help="Address in English ('' clears it).")
@click.option("--phone", default=None, help="Telephone ('' clears it).")
@json_option
@pass_cli
def facility_update(cli: CliContext, facility_id: int, address: str | None, address_en: str | None,
                    phone: str | None, as_json: bool) -> None:
    """Set the facility's address and phone, printed on its documents (options left out keep their value)."""
    from mohpromt_ca.application.registration import facility_dict, set_facility_contact

    facility = set_facility_contact(cli.authority(), facility_id, address=address, address_en=address_en,
                                    phone=phone)
    emit(as_json, facility_dict(facility), f"facility {facility.id}: address and phone updated")


@facility_group.command("remove")
@click.argument("facility_id", type=int)
@click.option("--reason", default=None)
@json_option
@pass_cli
def facility_remove(cli: CliContext, facility_id: int, reason: str | None, as_json: bool) -> None:
    """Remove a facility left with no signers, accounts or documents (RA officer; audited)."""
    from mohpromt_ca.application.registration import remove_facility

    remove_facility(cli.authority(), facility_id, reason=reason)
    emit(as_json, {"id": facility_id, "removed": True}, f"facility {facility_id} removed")


@facility_group.command("list")
@click.option("--status", type=click.Choice(FACILITY_STATUSES), default=None)
@json_option
@pass_cli
def facility_list(cli: CliContext, status: str | None, as_json: bool) -> None:
    """List facilities."""
    from mohpromt_ca.application.registration import list_facilities

    rows = list_facilities(cli.authority(), status=status or None)
    human = "\n".join(f"{r['id']:>5}  {r['status']:<9}  {r['type']:<17}  {r['licence']:<14}  {r['name_en']}"
                      for r in rows)
    emit(as_json, rows, human or "no facilities")


@click.group("signer")
def signer_group() -> None:
    """Doctors, dentists, pharmacists and medical technologists who sign documents."""


@signer_group.command("enrol")
@click.option("--facility", "facility_id", required=True, type=int)
@click.option("--profession", required=True, type=click.Choice(PROFESSIONS))
@click.option("--licence", "--license", required=True, help="Professional licence, e.g. ว.12345 or 12345.")
@click.option("--name-th", required=True)
@click.option("--name-en", required=True, help="Given name then family name, in Latin script.")
@click.option("--csr", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A PKCS#10 request (PEM or DER) for a key the signer holds; otherwise the key is made in the "
                   "configured backend.")
@json_option
@pass_cli
def signer_enrol(cli: CliContext, facility_id: int, profession: str, licence: str, name_th: str, name_en: str,
                 csr: str | None, as_json: bool) -> None:
    """Enrol a signer at an approved facility and issue a two-year signing certificate."""
    from mohpromt_ca.application.registration import enrol_signer

    csr_bytes = None
    if csr:
        with open(csr, "rb") as handle:
            csr_bytes = handle.read(64 * 1024 + 1)
    enrolment = enrol_signer(cli.authority(), facility_id=facility_id, profession=profession, licence=licence,
                             name_th=name_th, name_en=name_en, csr=csr_bytes, events=cli.events())
    cert = enrolment.certificate
    serial = format(cert.serial_number, "x")
    payload = {
        "id": enrolment.signer.id,
        "serial": serial,
        "facility_id": facility_id,
        "subject": cert.subject.rfc4514_string(),
        "not_after": cert.not_valid_after_utc.isoformat(),
    }
    emit(as_json, payload,
         f"enrolled signer {enrolment.signer.id}; certificate {serial} valid until {payload['not_after'][:10]}")


@signer_group.command("list")
@click.option("--facility", "facility_id", type=int, default=None)
@json_option
@pass_cli
def signer_list(cli: CliContext, facility_id: int | None, as_json: bool) -> None:
    """List signers (with their current certificate)."""
    from mohpromt_ca.application.registration import list_signers

    rows = list_signers(cli.authority(), facility_id=facility_id)
    human = "\n".join(
        f"{r['id']:>5}  facility {r['facility_id']:<5} {r['profession']:<21} {r['licence']:<10} {r['status']:<8} "
        f"{r['serial'] or '-'}  {r['name_en']}"
        for r in rows
    )
    emit(as_json, rows, human or "no signers")


@signer_group.command("remove")
@click.argument("signer_id", type=int)
@click.option("--reason", default=None)
@json_option
@pass_cli
def signer_remove(cli: CliContext, signer_id: int, reason: str | None, as_json: bool) -> None:
    """Remove a signer that never got a certificate (a refused enrolment's leftover; RA officer; audited)."""
    from mohpromt_ca.application.registration import remove_signer

    remove_signer(cli.authority(), signer_id, reason=reason)
    emit(as_json, {"id": signer_id, "removed": True}, f"signer {signer_id} removed")


@signer_group.command("show")
@click.argument("signer_id", type=int)
@json_option
@pass_cli
def signer_show(cli: CliContext, signer_id: int, as_json: bool) -> None:
    """Show one signer and every certificate issued to them."""
    from mohpromt_ca.application.registration import show_signer

    emit(as_json, show_signer(cli.authority(), signer_id))


COMMANDS = [facility_group, signer_group]
