"""Issuing, reading and revoking documents for a principal (what the API and the web form call).

PDF: the template's data is validated and signed by ``issuer.pdf`` (``record=False``);
DCC: the request is parsed and signed by ``issuer.dcc``. Then one transaction writes the
register row (``issued_documents``, with the idempotency key), its owner
(``service_documents``) and the audit entry naming the principal as the actor.

Idempotency: the caller's ``Idempotency-Key`` is scoped by principal (SHA-256 of the
principal's label and the key) and stored in ``issued_documents.idempotency_key``, whose
UNIQUE constraint makes a second document for the same key impossible, even for two
concurrent requests. A retry gets the first document back; the same key with a
different request is refused (``idempotency-key-reused``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists, InputError, NotFound, StateError, StorageError
from mohpromt_ca.service import authorization
from mohpromt_ca.service.artefacts import ArtefactStore
from mohpromt_ca.service.authorization import Principal
from mohpromt_ca.service.errors import IdempotencyKeyReused
from mohpromt_ca.service.models import ServiceDocument
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Facility, IssuedDocument, Signer

REVOCATION_REASONS = ("error", "fraud", "withdrawn", "superseded", "other")
MAX_IDEMPOTENCY_KEY = 255
_UVCI_ATTEMPTS = 5


@dataclass(frozen=True)
class DocumentView:
    number: str
    kind: str
    type: str
    sha256: str
    issued_at: dt.datetime
    facility_id: int | None
    signer_id: int | None
    certificate_serial: str
    status: str = "valid"
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None
    level: str | None = None
    kid: str | None = None
    hc1: str | None = None
    replayed: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = {"document_number": self.number, "kind": self.kind, "type": self.type, "sha256": self.sha256,
               "issued_at": self.issued_at.isoformat(), "facility_id": self.facility_id,
               "signer_id": self.signer_id, "certificate_serial": self.certificate_serial, "status": self.status,
               "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
               "revocation_reason": self.revocation_reason}
        if self.kind == "pdf":
            out["level"] = self.level
        else:
            out.update({"uvci": self.number, "kid": self.kid})
            if self.hc1 is not None:
                out["hc1"] = self.hc1
        return out


def scoped_key(principal: Principal, key: str | None) -> str | None:
    """The register's idempotency key: the caller's key, scoped to the principal (64 hex)."""
    if key is None:
        return None
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isascii() or not key.isprintable():
        raise InputError(f"Idempotency-Key: 1 to {MAX_IDEMPOTENCY_KEY} printable ASCII characters",
                         code="bad-idempotency-key")
    return hashlib.sha256(f"{principal.label}\n{key}".encode()).hexdigest()


def request_digest(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                                     default=str).encode()).hexdigest()


class DocumentService:
    """One per app: keeps the PDF and DCC issuers (renderer, keys) warm."""

    def __init__(self, authority: Authority, *, types: Any = None) -> None:
        from mohpromt_ca.templates import CertificateTypes

        self.authority = authority
        #: the host's certificate types (the app factory's, with its plugins'); default built-in
        self.types = types if types is not None else CertificateTypes()
        self.artefacts = ArtefactStore(authority.settings.data_dir / "documents")
        self._pdf: Any = None
        self._dcc: Any = None
        self._lock = threading.Lock()
        # At most N issuances run at once in this process; the rest queue (FIFO) instead of
        # sharing the GIL 32 ways, which made every request slow and the slowest very slow.
        self._gate = threading.BoundedSemaphore(authority.settings.issue_concurrency)

    # -- the issuers, built on first use --------------------------------------------------
    def pdf_issuer(self) -> Any:
        with self._lock:
            if self._pdf is None:
                from mohpromt_ca.issuer.pdf.service import PdfIssuer

                self._pdf = PdfIssuer(self.authority, types=self.types)
            return self._pdf

    def dcc_issuer(self) -> Any:
        with self._lock:
            if self._dcc is None:
                from mohpromt_ca.issuer.dcc import DccIssuer

                self._dcc = DccIssuer(self.authority)
            return self._dcc

    # -- issuing ---------------------------------------------------------------------------
    def issue_pdf(self, principal: Principal, *, type_key: str, data: Any, signer_id: int,
                  level: str | None = None, idempotency_key: str | None = None) -> DocumentView:
        with self._gate:
            return self._issue_pdf(principal, type_key=type_key, data=data, signer_id=signer_id, level=level,
                                   idempotency_key=idempotency_key)

    def issue_dcc(self, principal: Principal, *, data: Any, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentView:
        with self._gate:
            return self._issue_dcc(principal, data=data, dcc_type=dcc_type, idempotency_key=idempotency_key)

    def _issue_pdf(self, principal: Principal, *, type_key: str, data: Any, signer_id: int,
                   level: str | None = None, idempotency_key: str | None = None) -> DocumentView:
        from mohpromt_ca.issuer.pdf.register import document_number_taken

        key = scoped_key(principal, idempotency_key)
        digest = request_digest({"kind": "pdf", "type": type_key, "data": data, "signer_id": signer_id,
                                 "level": level})
        with self.authority.register.reading() as session:
            row = session.execute(select(Signer.facility_id, Facility.status).join(
                Facility, Signer.facility_id == Facility.id).where(Signer.id == signer_id)).first()
        authorization.may_sign_with(principal, signer_id=signer_id, signer_facility_id=row[0] if row else None,
                                    facility_status=row[1] if row else None)
        if key is not None:
            replay = self._replay(key, "pdf", digest)
            if replay is not None:
                return replay
        if not isinstance(data, dict):
            raise InputError("data: an object with the certificate type's fields")
        number = self.types.get(type_key).validate(data).document_number
        if document_number_taken(self.authority, number):
            raise AlreadyExists(f"document {number!r} was already issued")
        issued = self.pdf_issuer().issue(type_key, data, signer_id=signer_id, level=level, record=False)
        self.artefacts.put(issued.sha256, ".pdf", issued.pdf)
        try:
            with self.authority.register.transaction() as session:
                document = IssuedDocument(kind="pdf", document_number=issued.document_number, type=issued.type,
                                          signer_id=signer_id, certificate_serial=issued.certificate_serial,
                                          sha256=issued.sha256, issued_at=self.authority.clock.now(),
                                          idempotency_key=key)
                session.add(document)
                session.flush()
                session.add(ServiceDocument(issued_document_id=document.id, facility_id=row[0], signer_id=signer_id,
                                            principal=principal.label, request_sha256=digest,
                                            level=issued.level.value))
                audit.append(session, actor=principal.label, action="pdf.issue",
                             target=f"document:{issued.document_number}",
                             details={"type": issued.type, "signer": signer_id, "serial": issued.certificate_serial,
                                      "sha256": issued.sha256, "level": issued.level.value, "via": "api"},
                             clock=self.authority.clock)
                issued_at = document.issued_at
        except IntegrityError:
            if key is not None:
                replay = self._replay(key, "pdf", digest)
                if replay is not None:
                    return replay
            raise AlreadyExists(f"document {issued.document_number!r} was already issued") from None
        return DocumentView(issued.document_number, "pdf", issued.type, issued.sha256, issued_at, row[0], signer_id,
                            issued.certificate_serial, level=issued.level.value)

    def _issue_dcc(self, principal: Principal, *, data: Any, dcc_type: str | None = None,
                   idempotency_key: str | None = None) -> DocumentView:
        from mohpromt_ca.issuer.dcc.register import add_issued
        from mohpromt_ca.issuer.dcc.request import parse_request

        key = scoped_key(principal, idempotency_key)
        digest = request_digest({"kind": "dcc", "type": dcc_type, "data": data})
        with self.authority.register.reading() as session:
            status = session.execute(select(Facility.status).where(Facility.id == principal.facility_id)
                                     ).scalar_one_or_none() if principal.facility_id is not None else None
        authorization.may_issue_dcc(principal, facility_status=status)
        if key is not None:
            replay = self._replay(key, "dcc", digest)
            if replay is not None:
                return replay
        request = parse_request(data, dcc_type=dcc_type)
        issuer = self.dcc_issuer()
        signed = issuer.signer.sign(request)
        acting = SimpleNamespace(actor=principal.label, clock=self.authority.clock)
        for _attempt in range(_UVCI_ATTEMPTS):
            self.artefacts.put(signed.sha256, ".hc1", signed.hc1.encode("ascii"))
            try:
                with self.authority.register.transaction() as session:
                    add_issued(session, acting, signed, key)  # type: ignore[arg-type]
                    session.flush()
                    document_id = session.execute(select(IssuedDocument.id).where(
                        IssuedDocument.document_number == signed.uvci)).scalar_one()
                    session.add(ServiceDocument(issued_document_id=document_id, facility_id=principal.facility_id,
                                                signer_id=principal.signer_id, principal=principal.label,
                                                request_sha256=digest, kid=signed.kid_b64))
                return DocumentView(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.iat_dt,
                                    principal.facility_id, principal.signer_id, signed.dsc_serial, kid=signed.kid_b64,
                                    hc1=signed.hc1)
            except IntegrityError:
                if key is not None:
                    replay = self._replay(key, "dcc", digest)
                    if replay is not None:
                        return replay
                if request.entry.get("ci"):
                    raise AlreadyExists(f"UVCI {signed.uvci} is already in the register", code="uvci-taken") from None
                signed = issuer.signer.sign(request, new_uvci=True)
        raise StorageError("could not draw a UVCI that is not in the register")

    def _replay(self, key: str, kind: str, digest: str) -> DocumentView | None:
        with self.authority.register.reading() as session:
            found = session.execute(select(IssuedDocument, ServiceDocument).join(
                ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id, isouter=True).where(
                IssuedDocument.idempotency_key == key)).first()
            if found is None:
                return None
            document, owner = found
            if document.kind != kind or owner is None or owner.request_sha256 != digest:
                raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
            view = self._view(document, owner, session=session)
        if kind == "dcc":
            view = dataclasses.replace(view, hc1=self.artefacts.get(view.sha256, ".hc1").decode("ascii"))
        return dataclasses.replace(view, replayed=True)

    # -- reading and revoking --------------------------------------------------------------
    def _load(self, session: Any, number: str, *, lock: bool = False) -> tuple[IssuedDocument, ServiceDocument | None]:
        if not isinstance(number, str) or not number or len(number) > 128:
            raise NotFound("no such document")
        query = select(IssuedDocument, ServiceDocument).join(
            ServiceDocument, ServiceDocument.issued_document_id == IssuedDocument.id, isouter=True).where(
            IssuedDocument.document_number == number)
        found = session.execute(query.with_for_update(of=IssuedDocument) if lock else query).first()
        if found is None:
            raise NotFound(f"no document {number[:80]!r} was issued here")
        return found[0], found[1]

    def _owner(self, session: Any, document: IssuedDocument, owner: ServiceDocument | None) -> tuple[int | None, int | None]:
        if owner is not None:
            return owner.facility_id, owner.signer_id
        if document.signer_id is not None:  # issued outside the service (CLI, bulk): its signer's facility
            return session.get(Signer, document.signer_id).facility_id, document.signer_id
        return None, None

    def _dcc_revocation(self, session: Any, uvci: str) -> tuple[dt.datetime, str] | None:
        from mohpromt_ca.authority.dcc_revocation import DccRevocation

        row = session.execute(select(DccRevocation.revoked_at, DccRevocation.reason).where(
            DccRevocation.uvci == uvci)).first()
        return (row[0], row[1]) if row else None

    def _view(self, document: IssuedDocument, owner: ServiceDocument | None, *, session: Any = None,
              facility_id: int | None = None, signer_id: int | None = None) -> DocumentView:
        revoked_at = owner.revoked_at if owner else None
        reason = owner.revocation_reason if owner else None
        if document.kind == "dcc" and session is not None:
            dcc = self._dcc_revocation(session, document.document_number)
            if dcc is not None:
                revoked_at, reason = dcc
        return DocumentView(document.document_number, document.kind, document.type, document.sha256,
                            document.issued_at, owner.facility_id if owner else facility_id,
                            owner.signer_id if owner else signer_id, document.certificate_serial,
                            status="revoked" if revoked_at else "valid", revoked_at=revoked_at,
                            revocation_reason=reason, level=owner.level if owner else None,
                            kid=owner.kid if owner else None)

    def status(self, principal: Principal, number: str) -> DocumentView:
        with self.authority.register.reading() as session:
            document, owner = self._load(session, number)
            facility_id, signer_id = self._owner(session, document, owner)
            authorization.may_access_document(principal, facility_id=facility_id, signer_id=signer_id, number=number)
            return self._view(document, owner, session=session, facility_id=facility_id, signer_id=signer_id)

    def pdf(self, principal: Principal, number: str) -> tuple[DocumentView, bytes]:
        view = self.status(principal, number)
        if view.kind != "pdf":
            raise NotFound(f"document {number[:80]!r} is a DCC, not a PDF")
        return view, self.artefacts.get(view.sha256, ".pdf")

    def revoke(self, principal: Principal, number: str, *, reason: str = "withdrawn") -> DocumentView:
        if reason not in REVOCATION_REASONS:
            raise InputError(f"reason: one of {', '.join(REVOCATION_REASONS)}")
        view = self.status(principal, number)
        if view.status == "revoked":
            raise StateError(f"document {number[:80]!r} is already revoked", code="already-revoked")
        if view.kind == "dcc":
            from mohpromt_ca.authority.dcc_revocation import revoke_dcc

            try:
                hc1 = self.artefacts.get(view.sha256, ".hc1").decode("ascii")
            except NotFound:
                hc1 = None
            revoke_dcc(dataclasses.replace(self.authority, actor=principal.label), view.number, reason=reason, hc1=hc1)
            return self.status(principal, number)
        now = self.authority.clock.now()
        with self.authority.register.transaction() as session:
            document, owner = self._load(session, number, lock=True)
            if owner is None:  # a PDF issued outside the service: it gets an owner row now
                owner = ServiceDocument(issued_document_id=document.id, facility_id=view.facility_id,
                                        signer_id=document.signer_id, principal="(not issued through the service)")
                session.add(owner)
            elif owner.revoked_at is not None:
                raise StateError(f"document {number[:80]!r} is already revoked", code="already-revoked")
            owner.revoked_at, owner.revocation_reason, owner.revoked_by = now, reason, principal.label
            session.flush()
            audit.append(session, actor=principal.label, action="pdf.revoke", target=f"document:{document.document_number}",
                         details={"reason": reason, "sha256": document.sha256}, clock=self.authority.clock)
        return self.status(principal, number)
