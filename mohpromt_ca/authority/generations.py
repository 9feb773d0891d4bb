"""Generations of a CA or service key after rollovers: ``NAME`` is the current one, ``NAME.g1``,
``NAME.g2``, ... the ones it superseded. A superseded CA stops issuing but stays trusted until its
own notAfter, so everything it certified keeps verifying; the trust lists and PEM anchors carry
every generation still valid."""

from __future__ import annotations

import datetime as dt

from cryptography import x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.storage.repositories import authority_keys

__all__ = ["generation_certificates", "generation_names", "issuer_certificate", "valid_generations"]


def generation_names(authority: Authority, name: str) -> list[str]:
    """``name`` and the names of its earlier generations, newest first."""
    with authority.register.reading() as session:
        return [row.name for row in authority_keys.generations(session, name)]


def generation_certificates(authority: Authority, name: str) -> list[tuple[str, x509.Certificate]]:
    """(name, certificate) of every generation of ``name``, newest first, read from the register:
    no key is loaded (certificates are public; an offline root's token can stay in the safe)."""
    from mohpromt_ca.errors import NotFound

    out = []
    with authority.register.reading() as session:
        for generation in (row.name for row in authority_keys.generations(session, name)):
            found = authority_keys.with_certificate(session, generation)
            if found is None:
                raise NotFound(f"no CA or service key named {generation!r}")
            out.append((generation, x509.load_der_x509_certificate(found[1])))
    if not out:
        if not authority.is_initialised():
            raise NotFound("the authority is not initialised here: run `mohpromt-ca init` first")
        raise NotFound(f"no CA or service key named {name!r}")
    return out


def valid_generations(authority: Authority, name: str, now: dt.datetime | None = None) -> list[x509.Certificate]:
    """The certificates of every generation of ``name`` not expired at ``now``, newest first (the
    current one always, even if expired: an exporter must show what it has)."""
    now = now or authority.clock.now()
    out = []
    for position, (_generation, certificate) in enumerate(generation_certificates(authority, name)):
        if position == 0 or certificate.not_valid_after_utc >= now:
            out.append(certificate)
    return out


def issuer_certificate(authority: Authority, certificate: x509.Certificate, ca_names: tuple[str, ...]
                       ) -> x509.Certificate | None:
    """The generation of one of ``ca_names`` that issued ``certificate`` (subject and key identifier
    match), or None."""
    try:
        wanted = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    except x509.ExtensionNotFound:
        wanted = None
    for name in ca_names:
        for _generation, candidate in generation_certificates(authority, name):
            if candidate.subject != certificate.issuer:
                continue
            if wanted is None:
                return candidate
            try:
                ski = candidate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                return candidate
            if ski == wanted:
                return candidate
    return None
