"""Issuing, reading and revoking documents: the use cases the API, the web pages, the bulk
worker, the plugin clients and the CLI share.

Two kinds of caller:

* a **principal** (an API key, a logged-in user, a plugin's route acting for its caller):
  :class:`DocumentService`. PDF: the template's data is validated and signed by
  ``issuer.pdf`` (``record=False``); DCC: parsed and signed by ``issuer.dcc``. Then one
  transaction writes the register row (``issued_documents``, with the idempotency key), its
  owner (``service_documents``) and the audit entry naming the principal as the actor.
  Idempotency: the caller's ``Idempotency-Key`` is scoped by principal (SHA-256 of the
  principal's label and the key) and stored in ``issued_documents.idempotency_key``, whose
  UNIQUE constraint makes a second document for the same key impossible, even for two
  concurrent requests. A retry gets the first document back; the same key with a different
  request is refused (``idempotency-key-reused``).
* the **authority itself** (the CLI, an in-process plugin client, a script): the functions
  :func:`document_status` and :func:`revoke_document`, and the issuers directly (see
  :mod:`.issuance`); the register refuses a second use of an idempotency key.

Revocation, for both, is one row of ``document_revocations`` (PDF and DCC alike; a DCC's row
carries what the EU revocation list needs): :func:`revoke_document` is the only writer.
Events (``document.issued``, ``document.revoked``) are published here, once, by the use case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from mohpromt_ca.application import authorization
from mohpromt_ca.application.artefacts import ArtefactStore, artefact_store
from mohpromt_ca.application.authorization import Principal
from mohpromt_ca.application.errors import Forbidden, IdempotencyKeyReused
from mohpromt_ca.application.events import Events, subject_of
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists, InputError, MohpromtError, NotFound, StateError, StorageError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import document_revocations, documents
from mohpromt_ca.storage.tables.document_revocations import REVOCATION_REASONS
from mohpromt_ca.templates import CertificateTypes

__all__ = ["REVOCATION_REASONS", "DocumentService", "DocumentView", "Issuers", "artefact_store", "document_status",
           "request_digest", "revoke_dcc", "revoke_document", "scoped_key"]

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


class Issuers:
    """The PDF and DCC issuers (renderer, keys) of one app, CLI run or client, built on first use."""

    def __init__(self, authority: Authority, *, types: CertificateTypes | None = None) -> None:
        self.authority = authority
        #: the host's certificate types (built-in + its plugins'); default: the built-in ones
        self.types = types if types is not None else CertificateTypes()
        self._pdf: Any = None
        self._dcc: Any = None
        self._lock = threading.Lock()

    def pdf(self) -> Any:
        with self._lock:
            if self._pdf is None:
                from mohpromt_ca.issuer.pdf.service import PdfIssuer

                self._pdf = PdfIssuer(self.authority, types=self.types)
            return self._pdf

    def dcc(self) -> Any:
        with self._lock:
            if self._dcc is None:
                from mohpromt_ca.issuer.dcc import DccIssuer

                self._dcc = DccIssuer(self.authority)
            return self._dcc


def register_answers(authority: Authority) -> None:
    """Raise unless the register answers a query (``/readyz``)."""
    with authority.register.reading() as session:
        documents.ping(session)


# -- reading and revoking: one implementation for every caller --------------------------------
def _check_number(number: Any) -> str:
    if not isinstance(number, str) or not number or len(number) > 128:
        raise NotFound("no such document")
    return number


def _view(session: Any, document: Any, owner: Any, *, facility_id: int | None = None,
          signer_id: int | None = None) -> DocumentView:
    revocation = document_revocations.of_document(session, document.id)
    return DocumentView(document.document_number, document.kind, document.type, document.sha256,
                        document.issued_at, owner.facility_id if owner else facility_id,
                        owner.signer_id if owner else signer_id, document.certificate_serial,
                        status="revoked" if revocation is not None else "valid",
                        revoked_at=revocation.revoked_at if revocation is not None else None,
                        revocation_reason=revocation.reason if revocation is not None else None,
                        level=owner.level if owner else None, kid=owner.kid if owner else None)


def _owner_of(session: Any, document: Any, owner: Any) -> tuple[int | None, int | None]:
    if owner is not None:
        return owner.facility_id, owner.signer_id
    if document.signer_id is not None:  # issued outside the service (CLI, bulk): its signer's facility
        return documents.signer_facility(session, document.signer_id), document.signer_id
    return None, None


def _load(session: Any, number: str) -> tuple[Any, Any]:
    found = documents.with_owner(session, number)
    if found is None:
        raise NotFound(f"no document {number[:80]!r} was issued here")
    return found


def document_status(authority: Authority, number: str) -> DocumentView:
    """What the register says about document ``number`` (the authority's view: no ownership check)."""
    number = _check_number(number)
    with authority.register.reading() as session:
        document, owner = _load(session, number)
        facility_id, signer_id = _owner_of(session, document, owner)
        return _view(session, document, owner, facility_id=facility_id, signer_id=signer_id)


def revoke_document(authority: Authority, number: str, *, reason: str = "withdrawn", actor: str,
                    hc1: str | None = None, events: Events | None = None) -> DocumentView:
    """Revoke a PDF or a DCC we issued: one ``document_revocations`` row and one audit entry
    naming ``actor``. A DCC's row carries its EU revocation-list data (``authority.dcc_revocation``;
    the signature hash too when the HC1 text is given or was kept when it was issued). A
    document already revoked is refused (``already-revoked``). Publishes ``document.revoked``."""
    if reason not in REVOCATION_REASONS:
        raise InputError(f"reason: one of {', '.join(REVOCATION_REASONS)}")
    view = document_status(authority, number)
    if view.status == "revoked":
        raise StateError(f"document {number[:80]!r} is already revoked", code="already-revoked")
    if view.kind == "dcc":
        _revoke_dcc(authority, view.number, view.sha256, reason=reason, actor=actor, hc1=hc1)
    else:
        with authority.register.transaction() as session:
            document, _owner = _load(session, view.number)
            document_revocations.add(session, issued_document_id=document.id, label=f"document {number[:80]!r}",
                                     revoked_at=authority.clock.now(), reason=reason, actor=actor)
            audit.append(session, actor=actor, action="pdf.revoke", target=f"document:{document.document_number}",
                         details={"reason": reason, "sha256": document.sha256}, clock=authority.clock)
    revoked = document_status(authority, view.number)
    (events or Events()).document_revoked(revoked.number, revoked.kind, revoked.revocation_reason or "", actor=actor)
    return revoked


def revoke_dcc(authority: Authority, uvci: str, *, reason: str = "withdrawn", hc1: str | None = None,
               events: Events | None = None) -> Any:
    """``mohpromt-ca dcc revoke UVCI``: revoke a DCC by its UVCI (case as typed or as issued), as
    ``authority.actor``; returns what goes on the EU list (``RevokedDccInfo``)."""
    from mohpromt_ca.authority.dcc_revocation import REASONS

    if reason not in REASONS:
        raise InputError(f"unknown reason {reason!r}; use one of {', '.join(REASONS)}")
    wanted = uvci.strip()
    if not wanted or len(wanted) > 128:
        raise InputError("give the UVCI of a DCC we issued")
    with authority.register.reading() as session:
        document = documents.find_dcc(session, wanted)
        if document is None:
            raise NotFound(f"no DCC with UVCI {wanted[:60]!r} was issued here")
        number, sha256 = document.document_number, document.sha256
    info = _revoke_dcc(authority, number, sha256, reason=reason, actor=authority.actor, hc1=hc1)
    (events or Events()).document_revoked(number, "dcc", reason, actor=authority.actor)
    return info


def _revoke_dcc(authority: Authority, uvci: str, sha256: str, *, reason: str, actor: str,
                hc1: str | None) -> Any:
    from mohpromt_ca.authority.dcc_revocation import revoke_dcc as record

    if hc1 is None:  # the HC1 text kept when it was issued through the service: the SIGNATURE hash too
        try:
            hc1 = artefact_store(authority).get(sha256, ".hc1").decode("ascii")
        except NotFound:
            hc1 = None
    return record(dataclasses.replace(authority, actor=actor), uvci, reason=reason, hc1=hc1)


# -- as a principal -----------------------------------------------------------------------------
class DocumentService:
    """The principal-scoped use cases; one per app (it keeps the issuers warm and gates concurrency)."""

    def __init__(self, authority: Authority, *, issuers: Issuers | None = None, events: Events | None = None,
                 artefacts: ArtefactStore | None = None, types: CertificateTypes | None = None) -> None:
        self.authority = authority
        self.issuers = issuers or Issuers(authority, types=types)
        self.types = self.issuers.types
        self.events = events or Events()
        self.artefacts = artefacts or artefact_store(authority)
        # At most N issuances run at once in this process; the rest queue (FIFO) instead of
        # sharing the GIL 32 ways, which made every request slow and the slowest very slow.
        self._gate = threading.BoundedSemaphore(authority.settings.issue_concurrency)

    def pdf_issuer(self) -> Any:
        return self.issuers.pdf()

    def dcc_issuer(self) -> Any:
        return self.issuers.dcc()

    # -- issuing ---------------------------------------------------------------------------
    def issue_pdf(self, principal: Principal, *, type_key: str, data: Any, signer_id: int,
                  level: str | None = None, idempotency_key: str | None = None) -> DocumentView:
        """Issue a PDF as ``principal``; ``document.issued`` is published unless it is a replay."""
        with self._gate:
            view = self._issue_pdf(principal, type_key=type_key, data=data, signer_id=signer_id, level=level,
                                   idempotency_key=idempotency_key)
        self._announce(view, principal, data)
        return view

    def issue_dcc(self, principal: Principal, *, data: Any, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentView:
        with self._gate:
            view = self._issue_dcc(principal, data=data, dcc_type=dcc_type, idempotency_key=idempotency_key)
        self._announce(view, principal, data)
        return view

    def issue_dcc_batch(self, principal: Principal, records: list[tuple[Any, str]], *,
                        dcc_type: str | None = None) -> list[DocumentView | MohpromtError]:
        """Several DCCs as one principal (a bulk chunk's batch), each with its Idempotency-Key: one
        authorization check, one lookup of keys already used, and one transaction writing every new
        DCC, its audit entry and its owner. The outcome of each record, in order: its document (a
        replay for a key already used) or the error that refused it. Should the batch's write meet
        a conflict (a record issued meanwhile by another run), each record is issued alone."""

        from mohpromt_ca.issuer.dcc.request import parse_request

        status = None
        if principal.facility_id is not None:
            with self.authority.register.reading() as session:
                status = documents.facility_status(session, principal.facility_id)
        authorization.may_issue_dcc(principal, facility_status=status)
        keys = [scoped_key(principal, key) for _data, key in records]
        with self.authority.register.reading() as session:
            used = documents.issued_by_keys(session, [k for k in keys if k])
        outcomes: list[DocumentView | MohpromtError | None] = [None] * len(records)
        fresh: list[tuple[int, Any, str | None, str]] = []  # (index, signed, key, request digest)
        with self._gate:
            issuer = self.dcc_issuer()
            for index, ((data, raw_key), key) in enumerate(zip(records, keys, strict=True)):
                try:
                    if key is not None and key in used:  # a replay (or a reused key, refused)
                        outcomes[index] = self._issue_dcc(principal, data=data, dcc_type=dcc_type,
                                                          idempotency_key=raw_key)
                        continue
                    request = parse_request(data, dcc_type=dcc_type)
                    if request.entry.get("ci"):  # a UVCI chosen by the caller: the single path checks it
                        outcomes[index] = self._issue_dcc(principal, data=data, dcc_type=dcc_type,
                                                          idempotency_key=raw_key)
                        continue
                    signed = issuer.signer.sign(request)
                except Forbidden:
                    raise
                except MohpromtError as exc:
                    outcomes[index] = exc
                    continue
                digest = request_digest({"kind": "dcc", "type": dcc_type, "data": data})
                fresh.append((index, signed, key, digest))
            if fresh:
                try:
                    self._write_dcc_batch(principal, fresh)
                except documents.Conflict:
                    for index, _signed, _key, _digest in fresh:
                        data, raw_key = records[index]
                        try:
                            outcomes[index] = self._issue_dcc(principal, data=data, dcc_type=dcc_type,
                                                              idempotency_key=raw_key)
                        except Forbidden:
                            raise
                        except MohpromtError as exc:
                            outcomes[index] = exc
                    fresh = []
        for index, signed, _key, _digest in fresh:
            outcomes[index] = DocumentView(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.iat_dt,
                                           principal.facility_id, principal.signer_id, signed.dsc_serial,
                                           kid=signed.kid_b64, hc1=signed.hc1)
        for index, outcome in enumerate(outcomes):
            if isinstance(outcome, DocumentView):
                self._announce(outcome, principal, records[index][0])  # not for a replay
        return [o for o in outcomes if o is not None]

    def _write_dcc_batch(self, principal: Principal, fresh: list[tuple[int, Any, str | None, str]]) -> None:
        from types import SimpleNamespace

        from mohpromt_ca.issuer.dcc.register import add_issued_many

        self.artefacts.put_many([(signed.sha256, ".hc1", signed.hc1.encode("ascii")) for _i, signed, _k, _d in fresh])
        acting = SimpleNamespace(actor=principal.label, clock=self.authority.clock)
        with self.authority.register.transaction() as session:
            add_issued_many(session, acting, [signed for _i, signed, _k, _d in fresh],  # type: ignore[arg-type]
                            [key for _i, _s, key, _d in fresh])
            session.flush()
            ids = documents.ids_of(session, [signed.uvci for _i, signed, _k, _d in fresh])
            for _index, signed, _key, digest in fresh:
                documents.add_owner(session, issued_document_id=ids[signed.uvci], facility_id=principal.facility_id,
                                    signer_id=principal.signer_id, principal=principal.label, request_sha256=digest,
                                    kid=signed.kid_b64)

    def _announce(self, view: DocumentView, principal: Principal, data: Any) -> None:
        if not view.replayed:  # a replayed answer is not news
            self.events.document_issued(view.number, view.kind, view.type, view.sha256, view.certificate_serial,
                                        view.signer_id, actor=principal.label, subject_id=subject_of(data))

    def _issue_pdf(self, principal: Principal, *, type_key: str, data: Any, signer_id: int,
                   level: str | None = None, idempotency_key: str | None = None) -> DocumentView:

        key = scoped_key(principal, idempotency_key)
        digest = request_digest({"kind": "pdf", "type": type_key, "data": data, "signer_id": signer_id,
                                 "level": level})
        with self.authority.register.reading() as session:
            row = documents.signer_facility_status(session, signer_id)
        authorization.may_sign_with(principal, signer_id=signer_id, signer_facility_id=row[0] if row else None,
                                    facility_status=row[1] if row else None)
        assert row is not None
        if key is not None:
            replay = self._replay(key, "pdf", digest)
            if replay is not None:
                return replay
        if not isinstance(data, dict):
            raise InputError("data: an object with the certificate type's fields")
        number = self.types.get(type_key).validate(data).document_number
        with self.authority.register.reading() as session:
            if documents.number_taken(session, number):
                raise AlreadyExists(f"document {number!r} was already issued")
        issued = self.pdf_issuer().issue(type_key, data, signer_id=signer_id, level=level, record=False)
        self.artefacts.put(issued.sha256, ".pdf", issued.pdf)
        try:
            with self.authority.register.transaction() as session:
                document = documents.add_issued(
                    session, kind="pdf", document_number=issued.document_number, type_key=issued.type,
                    signer_id=signer_id, certificate_serial=issued.certificate_serial, sha256=issued.sha256,
                    issued_at=self.authority.clock.now(), idempotency_key=key)
                session.flush()
                documents.add_owner(session, issued_document_id=document.id, facility_id=row[0], signer_id=signer_id,
                                    principal=principal.label, request_sha256=digest, level=issued.level.value)
                audit.append(session, actor=principal.label, action="pdf.issue",
                             target=f"document:{issued.document_number}",
                             details={"type": issued.type, "signer": signer_id, "serial": issued.certificate_serial,
                                      "sha256": issued.sha256, "level": issued.level.value, "via": "api"},
                             clock=self.authority.clock)
                issued_at = document.issued_at
        except documents.Conflict:
            if key is not None:
                replay = self._replay(key, "pdf", digest)
                if replay is not None:
                    return replay
            raise AlreadyExists(f"document {issued.document_number!r} was already issued") from None
        return DocumentView(issued.document_number, "pdf", issued.type, issued.sha256, issued_at, row[0], signer_id,
                            issued.certificate_serial, level=issued.level.value)

    def _issue_dcc(self, principal: Principal, *, data: Any, dcc_type: str | None = None,
                   idempotency_key: str | None = None) -> DocumentView:
        from types import SimpleNamespace

        from mohpromt_ca.issuer.dcc.register import add_issued
        from mohpromt_ca.issuer.dcc.request import parse_request

        key = scoped_key(principal, idempotency_key)
        digest = request_digest({"kind": "dcc", "type": dcc_type, "data": data})
        status = None
        if principal.facility_id is not None:
            with self.authority.register.reading() as session:
                status = documents.facility_status(session, principal.facility_id)
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
                    documents.add_owner(session, issued_document_id=documents.id_of(session, signed.uvci),
                                        facility_id=principal.facility_id, signer_id=principal.signer_id,
                                        principal=principal.label, request_sha256=digest, kid=signed.kid_b64)
                return DocumentView(signed.uvci, "dcc", signed.dcc_type, signed.sha256, signed.iat_dt,
                                    principal.facility_id, principal.signer_id, signed.dsc_serial, kid=signed.kid_b64,
                                    hc1=signed.hc1)
            except documents.Conflict:
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
            found = documents.by_idempotency_key(session, key)
            if found is None:
                return None
            document, owner = found
            if document.kind != kind or owner is None or owner.request_sha256 != digest:
                raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
            view = _view(session, document, owner)
        if kind == "dcc":
            view = dataclasses.replace(view, hc1=self.artefacts.get(view.sha256, ".hc1").decode("ascii"))
        return dataclasses.replace(view, replayed=True)

    # -- reading and revoking --------------------------------------------------------------
    def status(self, principal: Principal, number: str) -> DocumentView:
        number = _check_number(number)
        with self.authority.register.reading() as session:
            document, owner = _load(session, number)
            facility_id, signer_id = _owner_of(session, document, owner)
            authorization.may_access_document(principal, facility_id=facility_id, signer_id=signer_id, number=number)
            return _view(session, document, owner, facility_id=facility_id, signer_id=signer_id)

    def pdf(self, principal: Principal, number: str) -> tuple[DocumentView, bytes]:
        view = self.status(principal, number)
        if view.kind != "pdf":
            raise NotFound(f"document {number[:80]!r} is a DCC, not a PDF")
        return view, self.artefacts.get(view.sha256, ".pdf")

    def hc1(self, principal: Principal, number: str) -> tuple[DocumentView, str]:
        view = self.status(principal, number)
        if view.kind != "dcc":
            raise NotFound(f"document {number[:80]!r} is a PDF, not a DCC")
        return view, self.artefacts.get(view.sha256, ".hc1").decode("ascii")

    def search(self, principal: Principal, *, number: str | None = None, type_key: str | None = None,
               status: str | None = None, issued_from: dt.datetime | None = None,
               issued_before: dt.datetime | None = None, limit: int = 100) -> list[DocumentView]:
        """The principal's own documents (its facility's; its own for a signer), newest first."""
        if principal.facility_id is None:
            return []
        with self.authority.register.reading() as session:
            numbers = documents.search_owned(session, facility_id=principal.facility_id,
                                             signer_id=principal.signer_id, number=number, type_key=type_key,
                                             issued_from=issued_from, issued_before=issued_before)
        views = []
        for found in numbers:
            try:
                view = self.status(principal, found)  # the authorization rules decide again
            except MohpromtError:
                continue
            if status and view.status != status:
                continue
            views.append(view)
            if len(views) >= limit:
                break
        return views

    def revoke(self, principal: Principal, number: str, *, reason: str = "withdrawn") -> DocumentView:
        """Revoke as ``principal`` (its own documents only); publishes ``document.revoked``."""
        if reason not in REVOCATION_REASONS:
            raise InputError(f"reason: one of {', '.join(REVOCATION_REASONS)}")
        self.status(principal, number)  # may this principal touch it at all?
        return revoke_document(self.authority, number, reason=reason, actor=principal.label, events=self.events)
