"""Validation data for B-LT/B-LTA: our own OCSP responses and CRLs, in-process or over HTTP.

Local CA: OCSP answers come from :class:`~mohpromt_ca.authority.ocsp_responder.OcspResponder`
and CRLs from :func:`~mohpromt_ca.authority.crl.current_crl`, called directly; pyHanko gets
them in a ``ValidationContext`` with fetching off and embeds them in the DSS. Remote CA
(``MOHPROMT_PADES_FETCH_REVOCATION=true``): pyHanko fetches OCSP and CRLs itself from
the URLs in the certificates' AIA and CRL distribution points.

Answers are reused for a few minutes (bulk issuance signs thousands of documents with one
signer): the register is checked for revocation before *every* signature anyway
(:func:`mohpromt_ca.authority.signer_keys.load_signer`), so a reused "good" never lets a revoked
signer sign.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import ValidationContext

from mohpromt_ca.authority.context import Authority

#: how long one OCSP answer or CRL is reused for new signatures (seconds)
REUSE_SECONDS = 300.0


def ocsp_request(certificate: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> bytes:
    cert_id = asn1_ocsp.CertId({
        "hash_algorithm": {"algorithm": "sha1"},
        "issuer_name_hash": issuer.subject.sha1,
        "issuer_key_hash": issuer.public_key.sha1,
        "serial_number": certificate.serial_number,
    })
    return asn1_ocsp.OCSPRequest({"tbs_request": {"request_list": [{"req_cert": cert_id}]}}).dump()


@dataclass
class _Cached:
    value: object
    until: float  # monotonic
    next_update: dt.datetime | None = None  # the authority clock's bound: never reused at or after it

    def usable(self, monotonic_now: float, now: dt.datetime) -> bool:
        return self.until > monotonic_now and (self.next_update is None or now < self.next_update)


class RevocationSource:
    """Builds the ``ValidationContext`` each signature uses; one per process and authority."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self.remote = bool(authority.settings.pades_fetch_revocation)
        self._root = asn1_x509.Certificate.load(authority.certificate_of("root").public_bytes(Encoding.DER))
        from mohpromt_ca.authority.generations import valid_generations

        # after a root rollover, chains under the previous root stay valid until it expires
        self._roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))
                       for c in valid_generations(authority, "root")]
        self._responder: Any = None  # authority.ocsp_responder.OcspResponder, made on first use
        self._ocsp: dict[int, _Cached] = {}
        self._crls: _Cached | None = None
        self._lock = threading.Lock()

    @property
    def root(self) -> asn1_x509.Certificate:
        return self._root

    def _ocsp_for(self, certificate: asn1_x509.Certificate, issuer: asn1_x509.Certificate) -> asn1_ocsp.OCSPResponse:
        now = time.monotonic()
        with self._lock:
            hit = self._ocsp.get(certificate.serial_number)
            if hit is not None and hit.usable(now, self.authority.clock.now()):
                return hit.value
            if self._responder is None:
                from mohpromt_ca.authority.ocsp_responder import OcspResponder

                self._responder = OcspResponder(self.authority)
        answer = self._responder.respond(ocsp_request(certificate, issuer))
        if answer.status != "successful":
            from mohpromt_ca.errors import StateError

            raise StateError(f"the OCSP responder answered {answer.status} for the signer's certificate")
        response = asn1_ocsp.OCSPResponse.load(answer.der)
        with self._lock:
            self._ocsp[certificate.serial_number] = _Cached(response, now + self._reuse_for(answer.next_update),
                                                            answer.next_update)
        return response

    def _reuse_for(self, next_update: dt.datetime | None) -> float:
        if next_update is None:
            return 0.0
        left = (next_update - self.authority.clock.now()).total_seconds()
        return max(0.0, min(REUSE_SECONDS, left / 2))

    def _current_crls(self) -> list[asn1_crl.CertificateList]:
        now = time.monotonic()
        with self._lock:
            if self._crls is not None and self._crls.usable(now, self.authority.clock.now()):
                return self._crls.value  # type: ignore[return-value]
        from mohpromt_ca.authority.crl import current_crl

        crls, reuse = [], REUSE_SECONDS
        ends: list[dt.datetime] = []
        for ca in ("root", "document-signing"):
            published = current_crl(self.authority, ca)
            crls.append(asn1_crl.CertificateList.load(published.der))
            reuse = min(reuse, self._reuse_for(published.next_update))
            if published.next_update is not None:
                ends.append(published.next_update)
        with self._lock:
            self._crls = _Cached(crls, now + reuse, min(ends) if ends else None)
        return crls

    def context(self, signer_cert: asn1_x509.Certificate, chain: list[asn1_x509.Certificate],
                *, with_revocation: bool,
                revinfo: tuple[list[asn1_ocsp.OCSPResponse], list[asn1_crl.CertificateList]] | None = None,
                ) -> ValidationContext:
        """A fresh context (pyHanko records into it) for one signature; ``revinfo`` is what
        :meth:`local_revinfo` returned for it (fetched here when not given)."""
        roots = {r.dump() for r in self._roots}
        others = [c for c in chain if c.dump() not in roots]
        if not with_revocation:
            return ValidationContext(trust_roots=self._roots, other_certs=others, allow_fetching=False)
        if self.remote:
            return ValidationContext(trust_roots=self._roots, other_certs=others, allow_fetching=True,
                                     revocation_mode="hard-fail")
        revinfo = revinfo or self.local_revinfo(signer_cert, chain)
        assert revinfo is not None
        ocsps, crls = revinfo
        return ValidationContext(
            trust_roots=self._roots, other_certs=others, allow_fetching=False,
            ocsps=ocsps, crls=crls, moment=self.authority.clock.now(),
        )

    def local_revinfo(self, signer_cert: asn1_x509.Certificate, chain: list[asn1_x509.Certificate]
                      ) -> tuple[list[asn1_ocsp.OCSPResponse], list[asn1_crl.CertificateList]] | None:
        """The OCSP responses and CRLs a local context holds now (the same objects while they are
        reused), or ``None`` when pyHanko fetches them itself (remote CA)."""
        if self.remote:
            return None
        return [self._ocsp_for(signer_cert, chain[0])], self._current_crls()

