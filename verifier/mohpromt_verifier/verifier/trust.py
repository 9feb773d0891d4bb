"""What the verifier trusts: DSCs by kid, revocation entries. Backed by the trust-list cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography import x509

from mohpromt_verifier.formats.hcert import kid_of


class DscSource(Protocol):
    def certificates_for_kid(self, kid: bytes | None) -> Sequence[x509.Certificate]:
        """Every trusted DSC with this kid (kids collide), or all of them when kid is None."""
        ...


class RevocationSource(Protocol):
    def is_revoked(self, *, kid: bytes | None, issuer: str | None, uci: str | None,
                   signature: bytes, alg: int) -> str | None:
        """The revocation hash type that matched (UCI, COUNTRYCODEUCI, SIGNATURE), or None."""
        ...


@dataclass
class CertificateList:
    """An in-memory DSC list (from a trust-list cache, a test vector or an operator's PEM)."""

    certificates: list[x509.Certificate] = field(default_factory=list)
    expired: bool = False  # the list is past its expiry and was used anyway

    def __post_init__(self) -> None:
        self._by_kid: dict[bytes, list[x509.Certificate]] = {}
        for certificate in self.certificates:
            self._by_kid.setdefault(kid_of(certificate), []).append(certificate)

    @classmethod
    def of(cls, certificates: Iterable[x509.Certificate]) -> CertificateList:
        return cls(list(certificates))

    def certificates_for_kid(self, kid: bytes | None) -> Sequence[x509.Certificate]:
        if kid is None:
            return list(self.certificates)
        return self._by_kid.get(kid, [])
