"""One client interface for plugins and integrators, so a module's code is the same in-process
or over HTTP.

:class:`CaClient` is the interface, with its value types. In the CA's process it is
implemented by ``mohpromt_ca.application.in_process_client.InProcessClient`` (the
application layer's use cases; the SDK does not import it). The HTTP implementation is
:class:`~.http_client.HttpClient` (httpx, an API key, ``/api/v1``); inside the service a
plugin's routes use ``mohpromt_ca.service.principal_client.PrincipalClient``, which acts as
the authenticated caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = ["CaClient", "DocumentInfo", "VoucherInfo", "voucher_request"]


@dataclass(frozen=True)
class DocumentInfo:
    """What the CA says about one issued document (identifiers, never the medical content)."""

    number: str  # document number, or the DCC's UVCI
    kind: str  # "pdf" or "dcc"
    type: str
    sha256: str
    certificate_serial: str
    status: str = "valid"  # or "revoked"
    signer_id: int | None = None
    issued_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None
    pdf: bytes | None = dataclasses.field(default=None, repr=False)  # returned by issue_pdf
    hc1: str | None = None  # returned by issue_dcc

    def as_dict(self) -> dict[str, Any]:
        return {"document_number": self.number, "kind": self.kind, "type": self.type, "sha256": self.sha256,
                "certificate_serial": self.certificate_serial, "status": self.status, "signer_id": self.signer_id,
                "issued_at": self.issued_at.isoformat() if self.issued_at else None,
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "revocation_reason": self.revocation_reason}


@dataclass(frozen=True)
class VoucherInfo:
    """A voucher the CA signed (``MPV1:`` text; see ``mohpromt_verifier.formats.voucher``)."""

    voucher_id: str
    text: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    points: int
    value_baht: int
    partner: str | None
    volunteer_ref: str
    signer_serial: str
    debit_id: str | None = None  # the rewards ledger's debit the voucher carries

    @classmethod
    def from_dict(cls, body: dict[str, Any]) -> VoucherInfo:
        return cls(body["voucher_id"], body["text"], dt.datetime.fromisoformat(body["issued_at"]),
                   dt.datetime.fromisoformat(body["expires_at"]), body["points"], body["value_baht"],
                   body.get("partner"), body["volunteer_ref"], body["signer_serial"], body.get("debit_id"))


def voucher_request(volunteer_ref: str, points: int, value_baht: int, valid_days: int, partner: str | None,
                    program: str, debit_id: str | None = None) -> dict[str, Any]:
    return {"volunteer_ref": volunteer_ref, "points": points, "value_baht": value_baht, "valid_days": valid_days,
            "partner": partner, "program": program, "debit_id": debit_id}


@runtime_checkable
class CaClient(Protocol):
    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo: ...

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo: ...

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo: ...

    def document_status(self, number: str) -> DocumentInfo: ...

    def fetch_pdf(self, number: str) -> bytes: ...

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards",
                      debit_id: str | None = None) -> VoucherInfo:
        """Only the rewards module may ask, for a debit of its ledger (``debit_id``, carried in the
        voucher; one voucher per debit)."""

    def voucher_trust(self) -> bytes: ...
