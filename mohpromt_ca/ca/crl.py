"""Full CRLs per issuing CA: a growing CRL number, thisUpdate/nextUpdate, cached in the register.

``current_crl`` answers from the cache while it is fresh and built from the same
revocations; it rebuilds once half the validity has passed (so a relying party never
holds a stale CRL if it refreshes on schedule) or as soon as a revocation changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca import der
from mohpromt_ca.ca.der_signing import sign_crl
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import NotFound
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.models import Certificate, CrlState, Revocation


@dataclass(frozen=True)
class PublishedCrl:
    issuer: str
    number: int
    this_update: dt.datetime
    next_update: dt.datetime
    der: bytes

    def pem(self) -> bytes:
        return x509.load_der_x509_crl(self.der).public_bytes(Encoding.PEM)


def _require_ca(name: str) -> None:
    if name not in CA_NAMES:
        raise NotFound(f"no CA named {name!r}; CAs are {', '.join(CA_NAMES)}")


def _source_mark(session: Session, issuer: str) -> str:
    count, top = session.execute(
        select(func.count(Revocation.id), func.max(Revocation.id))
        .join(Certificate, Certificate.id == Revocation.certificate_id)
        .where(Certificate.issuer == issuer)
    ).one()
    return f"{count}:{top or 0}"


def build_crl(authority: Authority, issuer: str, *, number: int, this_update: dt.datetime) -> bytes:
    """Sign a full CRL of ``issuer``'s revoked certificates."""
    ca = authority.issuing_key(issuer)
    next_update = this_update + dt.timedelta(hours=authority.settings.crl_validity_hours)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    with authority.register.transaction() as session:
        rows = session.execute(
            select(Certificate.serial, Revocation.revoked_at, Revocation.reason)
            .join(Revocation, Revocation.certificate_id == Certificate.id)
            .where(Certificate.issuer == issuer)
        ).all()
    entries = b"".join(_entry(int(serial, 16), revoked_at, reason) for serial, revoked_at, reason in rows)
    return sign_crl(builder, ca.handle, revoked_entries=entries)


# RFC 5280 5.3.1 CRLReason codes (7 is unused; unspecified is left out of the entry).
_REASON_CODES = {"unspecified": 0, "keyCompromise": 1, "cACompromise": 2, "affiliationChanged": 3, "superseded": 4,
                 "cessationOfOperation": 5, "certificateHold": 6, "removeFromCRL": 8, "privilegeWithdrawn": 9,
                 "aACompromise": 10}
_CRL_REASON_OID = bytes.fromhex("0603551d15")


def _time(moment: dt.datetime) -> bytes:
    moment = moment.astimezone(dt.UTC)
    if moment.year < 2050:  # RFC 5280 4.1.2.5: UTCTime through 2049
        return der.tlv(0x17, moment.strftime("%y%m%d%H%M%SZ").encode())
    return der.tlv(0x18, moment.strftime("%Y%m%d%H%M%SZ").encode())


def _entry(serial: int, revoked_at: dt.datetime, reason: str) -> bytes:
    code = _REASON_CODES[reason]
    extensions = b""
    if code:
        extensions = der.sequence(der.sequence(_CRL_REASON_OID, der.tlv(0x04, der.tlv(0x0A, bytes([code])))))
    return der.sequence(der.integer(serial), _time(revoked_at), extensions)


def current_crl(authority: Authority, issuer: str, *, force: bool = False) -> PublishedCrl:
    """The CA's CRL, rebuilt when stale (past half its validity) or when revocations changed."""
    _require_ca(issuer)
    now = authority.clock.now().replace(microsecond=0)
    half = dt.timedelta(hours=authority.settings.crl_validity_hours) / 2
    with authority.register.transaction() as session:
        state = session.execute(select(CrlState).where(CrlState.issuer == issuer)).scalar_one_or_none()
        mark = _source_mark(session, issuer)
        if state is not None and not force and state.source_mark == mark and now < state.this_update + half:
            return PublishedCrl(issuer, state.number, state.this_update, state.next_update, state.der)
        number = (state.number + 1) if state is not None else 1
    der = build_crl(authority, issuer, number=number, this_update=now)
    crl = x509.load_der_x509_crl(der)
    published = PublishedCrl(issuer, number, now, crl.next_update_utc, der)  # type: ignore[arg-type]
    try:
        with authority.register.transaction() as session:
            state = session.execute(
                select(CrlState).where(CrlState.issuer == issuer).with_for_update()
            ).scalar_one_or_none()
            if state is not None and state.number >= number:
                # Another process published this number first: serve theirs.
                return PublishedCrl(issuer, state.number, state.this_update, state.next_update, state.der)
            if state is None:
                session.add(CrlState(issuer=issuer, number=number, this_update=now, next_update=published.next_update,
                                     der=der, source_mark=mark))
            else:
                state.number, state.this_update, state.next_update = number, now, published.next_update
                state.der, state.source_mark = der, mark
            audit.append(session, actor=authority.actor, action="crl.publish", target=f"crl:{issuer}",
                         details={"number": number, "entries": len(crl), "next_update": published.next_update.isoformat()},
                         clock=authority.clock)
    except IntegrityError:
        with authority.register.transaction() as session:
            state = session.execute(select(CrlState).where(CrlState.issuer == issuer)).scalar_one()
            return PublishedCrl(issuer, state.number, state.this_update, state.next_update, state.der)
    return published
