"""Certificates out of the register as PEM, optionally with their chain (public data: no key
is loaded, so ``cert export`` never asks for the key passphrase)."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.issuance import certificate_by_serial
from mohpromt_ca.ca.serials import parse_serial
from mohpromt_ca.config import CA_NAMES


def ca_certificates(authority: Authority) -> list[x509.Certificate]:
    """The CAs' current certificates, read from the register: no key is loaded, so no passphrase
    or PIN is asked for (they are public)."""
    from mohpromt_ca.errors import NotFound
    from mohpromt_ca.storage.repositories import authority_keys

    found = []
    with authority.register.reading() as session:
        for name in CA_NAMES:
            row = authority_keys.with_certificate(session, name)
            if row is None:
                raise NotFound("the authority is not initialised here: run `mohpromt-ca init` first")
            found.append(x509.load_der_x509_certificate(row[1]))
    return found


def chain_of(authority: Authority, certificate: x509.Certificate) -> list[x509.Certificate]:
    """The issuing CAs above ``certificate``, nearest first, up to and including the root."""
    from mohpromt_ca.authority.generations import issuer_certificate  # every generation, no key loaded

    chain: list[x509.Certificate] = []
    current = certificate
    while current.issuer != current.subject:
        parent = issuer_certificate(authority, current, CA_NAMES)
        if parent is None or parent in chain:
            break
        chain.append(parent)
        current = parent
    return chain


def certificate_pem(authority: Authority, serial: str, *, chain: bool = False) -> bytes:
    _row, certificate = certificate_by_serial(authority, parse_serial(serial))
    parts = [certificate] + (chain_of(authority, certificate) if chain else [])
    return b"".join(c.public_bytes(Encoding.PEM) for c in parts)
