"""user add, apikey create / revoke / list: the issuance service's accounts; the first start."""

from __future__ import annotations

import os
from typing import Any

import click

from mohpromt_ca.cli.context import CliContext, emit, json_option, pass_cli

ROLES = ("ra-officer", "facility-admin", "signer")


@click.group("user")
def user_group() -> None:
    """Accounts for the issuance service (RA officers, facility administrators, signers)."""


@user_group.command("add")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--facility", "facility_id", type=int, help="The facility (facility-admin).")
@click.option("--signer", "signer_id", type=int, help="The signer (signer).")
@json_option
@pass_cli
def user_add(cli: CliContext, username: str, role: str, facility_id: int | None, signer_id: int | None,
             as_json: bool) -> None:
    """Create an account. The password comes from MOHPROMT_NEW_PASSWORD or a prompt."""
    from mohpromt_ca.application.accounts import create_user

    password = os.environ.get("MOHPROMT_NEW_PASSWORD")
    if not password:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    info = create_user(cli.authority(), username=username, password=password, role=role, facility_id=facility_id,
                       signer_id=signer_id)
    emit(as_json, {"id": info.id, "username": info.username, "role": info.role, "facility": info.facility_id,
                   "signer": info.signer_id},
         f"created {info.role} {info.username}" + (f" (facility {info.facility_id})" if info.facility_id else "")
         + (f" (signer {info.signer_id})" if info.signer_id else ""))


@click.group("apikey")
def apikey_group() -> None:
    """API keys for integrators, scoped to one facility or one signer; the rewards module's credential."""


@apikey_group.command("create")
@click.option("--facility", "facility_id", type=int)
@click.option("--signer", "signer_id", type=int)
@click.option("--rewards-module", "rewards_module", is_flag=True,
              help="The rewards module's own credential (mpm_…): the only one that may ask for vouchers; "
                   "no facility, no signer.")
@click.option("--label", default=None, help="What the key is for (shown in listings).")
@json_option
@pass_cli
def apikey_create(cli: CliContext, facility_id: int | None, signer_id: int | None, rewards_module: bool,
                  label: str | None, as_json: bool) -> None:
    """Create a key and print its secret once (it is stored only as a hash)."""
    from mohpromt_ca.application.accounts import create_api_key

    if rewards_module:
        from mohpromt_ca.application.module_credentials import create_module_credential
        from mohpromt_ca.errors import InputError

        if facility_id is not None or signer_id is not None:
            raise InputError("--rewards-module belongs to no facility and no signer: drop --facility / --signer")
        module, secret = create_module_credential(cli.authority(), label=label)
        emit(as_json, {**module.as_dict(), "token": secret},
             f"rewards-module credential {module.key_id}\n{secret}\n"
             "This is the only time the secret is shown: give it to the rewards module now.")
        return
    info, token = create_api_key(cli.authority(), facility_id=facility_id, signer_id=signer_id, label=label)
    emit(as_json, {**info.as_dict(), "token": token},
         f"API key {info.key_id} for facility {info.facility_id}"
         + (f", signer {info.signer_id}" if info.signer_id else "")
         + f"\n{token}\nThis is the only time the secret is shown: store it now.")


@apikey_group.command("revoke")
@click.argument("key_id")
@json_option
@pass_cli
def apikey_revoke(cli: CliContext, key_id: str, as_json: bool) -> None:
    """Revoke the key KEY_ID (the part after mpk_ or mpm_); it is refused from then on."""
    from mohpromt_ca.application.accounts import revoke_api_key
    from mohpromt_ca.application.module_credentials import list_module_credentials, revoke_module_credential

    authority = cli.authority()
    if key_id.strip().lower() in {m.key_id for m in list_module_credentials(authority)}:
        module = revoke_module_credential(authority, key_id)
        emit(as_json, module.as_dict(), f"revoked rewards-module credential {module.key_id}")
        return
    info = revoke_api_key(authority, key_id)
    emit(as_json, info.as_dict(), f"revoked API key {info.key_id}")


@apikey_group.command("list")
@click.option("--facility", "facility_id", type=int)
@json_option
@pass_cli
def apikey_list(cli: CliContext, facility_id: int | None, as_json: bool) -> None:
    """List keys (ids and scopes, never secrets); without --facility, module credentials too."""
    from mohpromt_ca.application.accounts import list_api_keys
    from mohpromt_ca.application.module_credentials import list_module_credentials

    authority = cli.authority()
    keys = list_api_keys(authority, facility_id=facility_id)
    modules = list_module_credentials(authority) if facility_id is None else []
    lines = [f"{k.key_id}  facility {k.facility_id}" + (f" signer {k.signer_id}" if k.signer_id else "")
             + ("  REVOKED" if k.revoked_at else "") + (f"  {k.label}" if k.label else "") for k in keys]
    lines += [f"{m.key_id}  {m.module}" + ("  REVOKED" if m.revoked_at else "") + (f"  {m.label}" if m.label else "")
              for m in modules]
    emit(as_json, [k.as_dict() for k in keys] + [m.as_dict() for m in modules], "\n".join(lines) or "no API keys")


DEFAULT_ADMIN = "ra-admin"


def first_start(authority: Any, *, organisation: str = "Ministry of Public Health", country: str = "TH") -> list[str]:
    """What ``serve`` does on a fresh data directory: initialise the authority (as ``init``) if
    it does not exist, issue a DSC for each DCC type no active DSC covers, and create a first
    RA officer if there is none. Returns the lines to show
    the operator; a generated password appears there once and is never logged or stored in clear."""
    import secrets

    from mohpromt_ca.application.accounts import create_user, has_ra_officer
    from mohpromt_ca.authority.dsc import provision_dscs
    from mohpromt_ca.authority.hierarchy import initialise

    lines: list[str] = []
    if not authority.is_initialised():
        initialise(authority, organisation=organisation, country=country)
        lines.append(f"initialised the authority in {authority.settings.data_dir} (as `mohpromt-ca init` would)")
    for dsc in provision_dscs(authority, organisation=organisation, country=country):
        lines.append(f"issued DSC {dsc.name} (a DCC type had no active DSC)")
    if has_ra_officer(authority):
        return lines
    username = os.environ.get("MOHPROMT_ADMIN_USERNAME") or DEFAULT_ADMIN
    password = os.environ.get("MOHPROMT_ADMIN_PASSWORD")
    generated = not password
    if generated:
        password = secrets.token_urlsafe(18)
    info = create_user(authority, username=username, password=password or "", role="ra-officer")
    lines.append(f"created the first RA officer account: {info.username}")
    if generated:
        lines.append(f"  password: {password}")
        lines.append("  (shown only this once: store it now; set MOHPROMT_ADMIN_PASSWORD to choose your own)")
    else:
        lines.append("  password: the one in MOHPROMT_ADMIN_PASSWORD")
    return lines


COMMANDS = [user_group, apikey_group]
