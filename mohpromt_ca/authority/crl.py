"""CRL publication per issuing CA: a growing CRL number, thisUpdate/nextUpdate, cached in the register.

Each new CRL is also written to ``<data dir>/crl/<ca>.crl`` (``publish_file``; the periodic
task ``publish_crls`` rewrites the files from the register on every node), for a web server or
CDN to serve; over HTTP it carries a strong ETag and answers 304 to If-None-Match.

``current_crl`` answers from the cache while it is fresh and built from the same
revocations; it rebuilds once half the validity has passed (so a relying party never
holds a stale CRL if it refreshes on schedule) or as soon as a revocation changed.
Building, linting and signing is the CA core's (``ca.crl.build_crl``): a CRL pkilint
refuses is never signed nor published (``LintError`` says why).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca import crl as crl_core
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.errors import AlreadyExists, NotFound
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import certificates, crls

log = logging.getLogger("mohpromt_ca.authority.crl")


@dataclass(frozen=True)
class PublishedCrl:
    issuer: str
    number: int
    this_update: dt.datetime
    next_update: dt.datetime
    der: bytes

    def pem(self) -> bytes:
        return x509.load_der_x509_crl(self.der).public_bytes(Encoding.PEM)

    @property
    def etag(self) -> str:
        """A strong HTTP entity tag: the same CRL bytes, the same tag, on every node."""
        return f'"{hashlib.sha256(self.der).hexdigest()[:32]}"'


def crl_file(authority: Authority, issuer: str) -> Path:
    """Where the CA's current CRL is published as a file (``<data dir>/crl/<ca>.crl``, DER)."""
    return authority.settings.data_dir / "crl" / f"{issuer}.crl"


def publish_file(authority: Authority, published: PublishedCrl) -> bool:
    """Write ``published`` to its file (atomically) unless the file already holds it."""
    path = crl_file(authority, published.issuer)
    if path.exists() and path.read_bytes() == published.der:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(published.der)
    os.replace(partial, path)
    return True


def publish_crls(authority: Authority) -> dict[str, int]:
    """Every CA's current CRL (rebuilt when stale or after a revocation) written to its file: the
    periodic task that keeps the files a web server or CDN serves current. Returns CA -> number."""
    numbers = {}
    for issuer in CA_NAMES:
        published = current_crl(authority, issuer)
        publish_file(authority, published)
        numbers[issuer] = published.number
    return numbers


def _require_ca(name: str) -> None:
    if name not in CA_NAMES:
        raise NotFound(f"no CA named {name!r}; CAs are {', '.join(CA_NAMES)}")


def build_crl(authority: Authority, issuer: str, *, number: int, this_update: dt.datetime) -> bytes:
    """Lint and sign a full CRL of ``issuer``'s revoked certificates (not published)."""
    ca = authority.issuing_key(issuer)
    next_update = this_update + dt.timedelta(hours=authority.settings.crl_validity_hours)
    with authority.register.reading() as session:
        rows = certificates.revoked_entries(session, issuer)
    entries = [crl_core.CrlEntry(int(serial, 16), revoked_at, reason) for serial, revoked_at, reason in rows]
    return crl_core.build_crl(issuer_certificate=ca.certificate, handle=ca.handle, entries=entries, number=number,
                              this_update=this_update, next_update=next_update, what=issuer,
                              linted=authority.crl_lint_memory)


def _published(issuer: str, state: crls.CrlState) -> PublishedCrl:
    return PublishedCrl(issuer, state.number, state.this_update, state.next_update, state.der)


def current_crl(authority: Authority, issuer: str, *, force: bool = False) -> PublishedCrl:
    """The CA's CRL, rebuilt when stale (past half its validity) or when revocations changed."""
    _require_ca(issuer)
    now = authority.clock.now().replace(microsecond=0)
    half = dt.timedelta(hours=authority.settings.crl_validity_hours) / 2
    with authority.register.transaction() as session:
        state = crls.state(session, issuer)
        mark = certificates.revocation_mark(session, issuer)
        if state is not None and not force and state.source_mark == mark and now < state.this_update + half:
            return _published(issuer, state)
        number = (state.number + 1) if state is not None else 1
    der = build_crl(authority, issuer, number=number, this_update=now)
    crl = x509.load_der_x509_crl(der)
    published = PublishedCrl(issuer, number, now, crl.next_update_utc, der)  # type: ignore[arg-type]
    try:
        with authority.register.transaction() as session:
            state = crls.state(session, issuer, for_update=True)
            if state is not None and state.number >= number:
                # Another process published this number first: serve theirs.
                return _published(issuer, state)
            crls.save(session, state, issuer=issuer, number=number, this_update=now,
                      next_update=published.next_update, der=der, source_mark=mark)
            audit.append(session, actor=authority.actor, action="crl.publish", target=f"crl:{issuer}",
                         details={"number": number, "entries": len(crl),
                                  "next_update": published.next_update.isoformat()},
                         clock=authority.clock)
    except AlreadyExists:
        with authority.register.transaction() as session:
            state = crls.state(session, issuer)
            assert state is not None
            return _published(issuer, state)
    try:
        publish_file(authority, published)
    except OSError as exc:  # the register holds it; the periodic task writes the file again
        log.error("CRL: writing %s failed (%s)", crl_file(authority, issuer), type(exc).__name__)
    return published
