"""One client interface for plugins and integrators, so a module's code is the same in-process
or over HTTP.

:class:`CaClient` is the interface; :class:`InProcessClient` implements it over
:class:`~mohpromt_ca.issuer.pdf.service.PdfIssuer`, :class:`~mohpromt_ca.issuer.dcc.DccIssuer`
and the register, and publishes the matching events. The HTTP implementation is
:class:`~.http_client.HttpClient` (httpx, an API key, ``/api/v1``); inside the service a
plugin's routes use ``mohpromt_ca.service.principal_client.PrincipalClient``, which acts as
the authenticated caller.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from mohpromt_ca.errors import NotFound
from mohpromt_ca.plugins import publishing
from mohpromt_ca.plugins.events import EventBus

__all__ = ["CaClient", "DocumentInfo", "InProcessClient", "VoucherInfo"]


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

    @classmethod
    def from_dict(cls, body: dict[str, Any]) -> VoucherInfo:
        return cls(body["voucher_id"], body["text"], dt.datetime.fromisoformat(body["issued_at"]),
                   dt.datetime.fromisoformat(body["expires_at"]), body["points"], body["value_baht"],
                   body.get("partner"), body["volunteer_ref"], body["signer_serial"])


def voucher_request(volunteer_ref: str, points: int, value_baht: int, valid_days: int, partner: str | None,
                    program: str) -> dict[str, Any]:
    return {"volunteer_ref": volunteer_ref, "points": points, "value_baht": value_baht, "valid_days": valid_days,
            "partner": partner, "program": program}


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
                      partner: str | None = None, program: str = "osm-rewards") -> VoucherInfo: ...

    def voucher_trust(self) -> bytes: ...


class InProcessClient:
    """:class:`CaClient` in the same process as the authority (a plugin inside the service, a
    script, a test). Acts with the authority's full rights; audit entries name ``actor``.

    Idempotency keys are passed to the register, which refuses a second use (a retry gets
    ``AlreadyExists`` / ``AlreadyIssued``, never a second document); the service's API
    replays the first answer instead.
    """

    def __init__(self, authority: Any, *, actor: str | None = None, bus: EventBus | None = None,
                 types: Any = None) -> None:
        self.authority = dataclasses.replace(authority, actor=actor) if actor else authority
        self.types = types  # the host's templates.CertificateTypes; None: the built-in types
        self.actor = self.authority.actor
        self.bus = bus
        self._pdf: Any = None
        self._dcc: Any = None
        self._lock = threading.Lock()

    def _pdf_issuer(self) -> Any:
        with self._lock:
            if self._pdf is None:
                from mohpromt_ca.issuer.pdf.service import PdfIssuer

                self._pdf = PdfIssuer(self.authority, types=self.types)
            return self._pdf

    def _dcc_issuer(self) -> Any:
        with self._lock:
            if self._dcc is None:
                from mohpromt_ca.issuer.dcc import DccIssuer

                self._dcc = DccIssuer(self.authority)
            return self._dcc

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        issued = self._pdf_issuer().issue(type_key, data, signer_id=signer_id, level=level,
                                          idempotency_key=idempotency_key)
        self._artefacts().put(issued.sha256, ".pdf", issued.pdf)  # kept for fetch_pdf, as the service keeps it
        publishing.pdf_issued(issued, actor=self.actor, bus=self.bus, subject_id=publishing.subject_of(data))
        return DocumentInfo(issued.document_number, "pdf", issued.type, issued.sha256, issued.certificate_serial,
                            signer_id=issued.signer_id, issued_at=self.authority.clock.now(), pdf=issued.pdf)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        signed = self._dcc_issuer().issue(data, dcc_type=dcc_type, idempotency_key=idempotency_key)
        publishing.dcc_issued(signed, actor=self.actor, bus=self.bus, subject_id=publishing.subject_of(data))
        return DocumentInfo(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.dsc_serial,
                            issued_at=signed.iat_dt, hc1=signed.hc1)

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards") -> VoucherInfo:
        """The CA signs a reward voucher with its voucher-signing key (``issuer.voucher``)."""
        from mohpromt_ca.issuer.voucher import VoucherRequest, issue_voucher

        issued = issue_voucher(self.authority, VoucherRequest(**voucher_request(
            volunteer_ref, points, value_baht, valid_days, partner, program)))
        return VoucherInfo.from_dict(issued.as_dict())

    def voucher_trust(self) -> bytes:
        """PEM: the root, then the voucher-signing certificate(s) a voucher verifier trusts."""
        from mohpromt_ca.issuer.voucher import voucher_trust_pem

        return voucher_trust_pem(self.authority)

    def _artefacts(self) -> Any:
        from mohpromt_ca.service.artefacts import ArtefactStore

        return ArtefactStore(self.authority.settings.data_dir / "documents")

    def fetch_pdf(self, number: str) -> bytes:
        """The signed PDF of document ``number`` (kept in ``DATA_DIR/documents/`` when issued here
        or through the service)."""
        info = self.document_status(number)
        if info.kind != "pdf":
            raise NotFound(f"document {number[:80]!r} is a DCC, not a PDF")
        return self._artefacts().get(info.sha256, ".pdf")

    def document_status(self, number: str) -> DocumentInfo:
        from sqlalchemy import select

        from mohpromt_ca.authority.dcc_revocation import DccRevocation
        from mohpromt_ca.service.models import ServiceDocument  # PDF revocations live in the service's table
        from mohpromt_ca.storage.models import IssuedDocument

        if not isinstance(number, str) or not number or len(number) > 128:
            raise NotFound("no such document")
        with self.authority.register.reading() as session:
            doc = session.execute(select(IssuedDocument).where(IssuedDocument.document_number == number)
                                  ).scalar_one_or_none()
            if doc is None:
                raise NotFound(f"no document {number[:80]!r} was issued here")
            if doc.kind == "dcc":
                row = session.execute(select(DccRevocation.revoked_at, DccRevocation.reason).where(
                    DccRevocation.uvci == number)).first()
            else:
                row = session.execute(select(ServiceDocument.revoked_at, ServiceDocument.revocation_reason).where(
                    ServiceDocument.issued_document_id == doc.id, ServiceDocument.revoked_at.is_not(None))).first()
            revoked_at, reason = (row[0], row[1]) if row else (None, None)
            return DocumentInfo(doc.document_number, doc.kind, doc.type, doc.sha256, doc.certificate_serial,
                                status="revoked" if revoked_at else "valid", signer_id=doc.signer_id,
                                issued_at=doc.issued_at, revoked_at=revoked_at, revocation_reason=reason)

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        """Revoke a PDF (through the service's document register, as the API does) or a DCC
        (``ca.dcc_revocation``: it goes on the EU revocation list)."""
        info = self.document_status(number)
        if info.kind == "dcc":
            from mohpromt_ca.authority.dcc_revocation import revoke_dcc

            revoke_dcc(self.authority, number, reason=reason)
        else:
            self._revoke_pdf(info, reason)
        publishing.document_revoked(number, info.kind, reason, actor=self.actor, bus=self.bus)
        return self.document_status(number)

    def _revoke_pdf(self, info: DocumentInfo, reason: str) -> None:
        from mohpromt_ca.service.authorization import Principal
        from mohpromt_ca.service.documents import DocumentService
        from mohpromt_ca.storage.models import Signer

        facility_id = None
        if info.signer_id is not None:
            with self.authority.register.reading() as session:
                facility_id = session.get(Signer, info.signer_id).facility_id
        principal = Principal(kind="plugin", ident=self.actor.removeprefix("plugin:"), role="integrator",
                              facility_id=facility_id)  # audit actor: plugin:<name>
        DocumentService(self.authority).revoke(principal, info.number, reason=reason)
