"""The verifier's view of the trust-list cache (``trust_lists.cache``), as DSC and revocation sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509

from mohpromt_verifier.trust_lists.cache import TrustListCache, TrustView


class CachedTrust:
    """DscSource + RevocationSource over one opened view of the cache."""

    def __init__(self, view: TrustView) -> None:
        self.view = view

    @classmethod
    def open(cls, directory: Path, *, now: dt.datetime, allow_expired: bool = False) -> CachedTrust:
        return cls(TrustListCache(directory).open_view(now=now, allow_expired=allow_expired))

    @property
    def expired(self) -> bool:
        return bool(self.view.expired)

    def certificates_for_kid(self, kid: bytes | None) -> Sequence[x509.Certificate]:
        items = self.view.dsc_candidates(kid) if kid is not None else self.view.dscs()
        return [item.certificate for item in items]

    def pdf_anchors(self) -> list[x509.Certificate]:
        return [item.certificate for item in self.view.pdf_anchors()]

    def document_signers(self, kid: bytes | None) -> list[x509.Certificate]:
        """The signer certificates a published document signers list names (for ``MPC1:`` QRs)."""
        return [item.certificate for item in self.view.document_signers(kid)]

    def revoked_document(self, pdf: bytes) -> tuple[str, str, str] | None:
        """(revoked at, reason, list name) when ``pdf`` is, or extends, a PDF the issuer revoked."""
        return self.view.document_revocation.lookup_pdf(pdf)

    @property
    def document_revocation_lists(self) -> list[str]:
        return list(self.view.document_revocation.lists)

    def is_revoked(self, *, kid: bytes | None, issuer: str | None, uci: str | None,
                   signature: bytes, alg: int) -> str | None:
        if kid is None:
            return None
        countries = [c for c in (issuer, (uci or "").split(":")[3] if uci and uci.count(":") >= 3 else None) if c]
        match = self.view.revocation.lookup(kid=kid, uci=uci, countries=countries, signature=signature, alg=alg)
        return match.hash_type if match else None
