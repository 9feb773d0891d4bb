"""Revoking our DCCs for the EU revocation-list scheme (``mohpromt-ca dcc revoke UVCI``).

The register keeps, per revoked DCC, the UVCI, the DSC that signed it (serial and kid),
and the three hashes the list publishes (``trust_lists.revocation``): UCI,
COUNTRYCODEUCI with the DSC's country (``TH``: our CWT ``iss`` and the DCC's ``co``
agree), and SIGNATURE when the operator supplies the HC1 text (the register stores only
the SHA-256 of that text, which must match). One audit entry; no health data.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID
from sqlalchemy import Integer, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Base, Certificate, IssuedDocument
from mohpromt_ca.storage.types import UTCDateTime

REASONS = ("error", "fraud", "withdrawn", "superseded", "other")


class DccRevocation(Base):
    """A revoked DCC of ours (migration 0004)."""

    __tablename__ = "dcc_revocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uvci: Mapped[str] = mapped_column(String(128), unique=True)
    kid: Mapped[str] = mapped_column(String(16), index=True)
    dsc_serial: Mapped[str] = mapped_column(String(42))
    country: Mapped[str] = mapped_column(String(2))
    uci_hash: Mapped[str] = mapped_column(String(24))
    country_uci_hash: Mapped[str] = mapped_column(String(24))
    signature_hash: Mapped[str | None] = mapped_column(String(24), nullable=True)
    reason: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(128))


@dataclass(frozen=True)
class RevokedDccInfo:
    uvci: str
    kid: str
    dsc_serial: str
    dsc_not_after: dt.datetime
    country: str
    uci_hash: str
    country_uci_hash: str
    signature_hash: str | None
    reason: str
    revoked_at: dt.datetime

    def as_dict(self) -> dict[str, object]:
        return {"uvci": self.uvci, "kid": self.kid, "dsc_serial": self.dsc_serial, "country": self.country,
                "hashes": {"UCI": self.uci_hash, "COUNTRYCODEUCI": self.country_uci_hash,
                           "SIGNATURE": self.signature_hash},
                "reason": self.reason, "revoked_at": self.revoked_at.isoformat()}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _country(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return str(values[0].value).upper() if values else "TH"


def revoke_dcc(authority: Authority, uvci: str, *, reason: str = "withdrawn", hc1: str | None = None) -> RevokedDccInfo:
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.formats.hcert.errors import HcertError
    from mohpromt_verifier.trust_lists.revocation import country_uci_hash, signature_hash, uci_hash

    if reason not in REASONS:
        raise InputError(f"unknown reason {reason!r}; use one of {', '.join(REASONS)}")
    wanted = uvci.strip()
    if not wanted or len(wanted) > 128:
        raise InputError("give the UVCI of a DCC we issued")
    now = authority.clock.now()
    with authority.register.transaction() as session:
        document = session.execute(select(IssuedDocument).where(
            IssuedDocument.kind == "dcc", IssuedDocument.document_number == wanted)).scalar_one_or_none()
        if document is None:
            document = session.execute(select(IssuedDocument).where(
                IssuedDocument.kind == "dcc",
                func.upper(IssuedDocument.document_number) == wanted.upper())).scalar_one_or_none()
        if document is None:
            raise NotFound(f"no DCC with UVCI {wanted[:60]!r} was issued here")
        der = session.execute(select(Certificate.der).where(Certificate.serial == document.certificate_serial)).scalar_one()
        dsc = x509.load_der_x509_certificate(der)
        kid = _b64(hashlib.sha256(der).digest()[:8])
        country = _country(dsc)
        uci = document.document_number
        sig_hash = None
        if hc1 is not None:
            text = hc1.strip()
            if hashlib.sha256(text.encode("ascii", "replace")).hexdigest() != document.sha256:
                raise InputError(f"the HC1 text given is not the one issued under {uci}")
            try:
                decoded = decode_hc1(text)
            except HcertError as exc:
                raise InputError(f"the HC1 text does not decode: {exc}") from None
            sig_hash = _b64(signature_hash(decoded.cose.signature, decoded.cose.alg or 0))
        row = DccRevocation(uvci=uci, kid=kid, dsc_serial=document.certificate_serial, country=country,
                            uci_hash=_b64(uci_hash(uci)), country_uci_hash=_b64(country_uci_hash(country, uci)),
                            signature_hash=sig_hash, reason=reason, revoked_at=now, actor=authority.actor)
        if session.execute(select(DccRevocation.id).where(DccRevocation.uvci == uci)).first() is not None:
            raise StateError(f"DCC {uci} is already revoked", code="already-revoked")
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise StateError(f"DCC {uci} is already revoked", code="already-revoked") from None
        audit.append(session, actor=authority.actor, action="dcc.revoke", target=f"dcc:{uci}",
                     details={"kid": kid, "dsc_serial": document.certificate_serial, "reason": reason,
                              "signature_hash": sig_hash is not None}, clock=authority.clock)
    return RevokedDccInfo(uvci=uci, kid=kid, dsc_serial=document.certificate_serial,
                          dsc_not_after=dsc.not_valid_after_utc, country=country, uci_hash=row.uci_hash,
                          country_uci_hash=row.country_uci_hash, signature_hash=sig_hash, reason=reason,
                          revoked_at=now)


def list_dcc_revocations(authority: Authority) -> list[RevokedDccInfo]:
    with authority.register.reading() as session:
        rows = session.execute(
            select(DccRevocation, Certificate.not_after)
            .join(Certificate, Certificate.serial == DccRevocation.dsc_serial)
            .order_by(DccRevocation.id)
        ).all()
        return [RevokedDccInfo(uvci=r.uvci, kid=r.kid, dsc_serial=r.dsc_serial, dsc_not_after=not_after,
                               country=r.country, uci_hash=r.uci_hash, country_uci_hash=r.country_uci_hash,
                               signature_hash=r.signature_hash, reason=r.reason, revoked_at=r.revoked_at)
                for r, not_after in rows]
