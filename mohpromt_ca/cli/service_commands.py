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
    """API keys for integrators, scoped to one facility or one signer."""


@apikey_group.command("create")
@click.option("--facility", "facility_id", type=int)
@click.option("--signer", "signer_id", type=int)
@click.option("--label", default=None, help="What the key is for (shown in listings).")
@json_option
@pass_cli
def apikey_create(cli: CliContext, facility_id: int | None, signer_id: int | None, label: str | None,
                  as_json: bool) -> None:
    """Create a key and print its secret once (it is stored only as a hash)."""
    from mohpromt_ca.application.accounts import create_api_key

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
    """Revoke the key KEY_ID (the part after mpk_); it is refused from then on."""
    from mohpromt_ca.application.accounts import revoke_api_key

    info = revoke_api_key(cli.authority(), key_id)
    emit(as_json, info.as_dict(), f"revoked API key {info.key_id}")


@apikey_group.command("list")
@click.option("--facility", "facility_id", type=int)
@json_option
@pass_cli
def apikey_list(cli: CliContext, facility_id: int | None, as_json: bool) -> None:
    """List keys (ids and scopes, never secrets)."""
    from mohpromt_ca.application.accounts import list_api_keys

    keys = list_api_keys(cli.authority(), facility_id=facility_id)
    emit(as_json, [k.as_dict() for k in keys], "\n".join(
        f"{k.key_id}  facility {k.facility_id}" + (f" signer {k.signer_id}" if k.signer_id else "")
        + ("  REVOKED" if k.revoked_at else "") + (f"  {k.label}" if k.label else "") for k in keys) or "no API keys")


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
