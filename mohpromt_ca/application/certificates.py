"""Certificate-level use cases the CLI shares with the web pages: revoke (or hold, or release)
a certificate by serial, telling the plugins when a signer's was revoked; check the audit chain."""

from __future__ import annotations

from typing import Any

from mohpromt_ca.application.events import Events
from mohpromt_ca.authority.context import Authority

__all__ = ["revoke_certificate", "verify_audit_log"]


def revoke_certificate(authority: Authority, serial: str, reason: str, *, events: Events | None = None) -> Any:
    """Revoke the certificate with ``serial`` (hex; RFC 5280 ``reason``); ``signer.revoked`` is
    published when it was a signer's and is now revoked."""
    from mohpromt_ca.authority.revocation import revoke
    from mohpromt_ca.ca.serials import parse_serial

    row = revoke(authority, parse_serial(serial), reason)
    if row.signer_id is not None and row.status == "revoked":
        (events or Events()).signer_revoked(row.signer_id, reason, actor=authority.actor)
    return row


def verify_audit_log(authority: Authority) -> Any:
    """The audit chain's verdict (``storage.audit.AuditVerdict``): see ``application.audit_log``."""
    from mohpromt_ca.application.audit_log import verify_audit_log as verify

    return verify(authority)
