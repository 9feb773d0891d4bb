"""The OCSP responder service, used in-process and behind /pki/ocsp.

It matches each request's CertIDs to the CA they name and answers a single SHA-1 CertID (the
RFC 5019 profile) with the response signed ahead of time (``authority.ocsp_presigning``), looked
up in the register by CertID. Anything else (several CertIDs, SHA-2 CertIDs, a certificate whose
response is not stored yet, an unknown serial) is answered as before: it looks the serials up in
the register (``storage.repositories.certificates``), and has the CA core
(``ca.ocsp.OcspSigner``) sign the answer with that CA's delegated responder key
(``ocsp-<ca>``). Garbage gets ``malformedRequest``; a CA we do not serve gets
``unauthorized``; any internal failure is logged (type and a sentence, no traceback to
the client, no key material) and answered ``internalError``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca.ocsp import (
    UNKNOWN,
    CertStatus,
    IssuerHashes,
    OcspAnswer,
    OcspRequest,
    OcspSigner,
    error_answer,
    issuer_of,
    parse_request,
)
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.storage.repositories import certificates, ocsp_responses

log = logging.getLogger("mohpromt_ca.authority.ocsp")

#: how long a looked-up response is reused by this process: a revocation reaches it within this
RECENT_SECONDS = 1.0
RECENT_LIMIT = 100_000

__all__ = ["OcspAnswer", "OcspResponder"]


class OcspResponder:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        from mohpromt_ca.authority.generations import generation_certificates

        # every generation of every CA (``document-signing``, ``document-signing.g1``, ...): a CA
        # superseded by a rollover still answers for what it certified until it expires. Read
        # from the register: the CAs' own keys are not needed (nor loaded) to answer OCSP.
        self._ca_certificates = {generation: certificate for name in CA_NAMES
                                 for generation, certificate in generation_certificates(authority, name)}
        self._served = [IssuerHashes.of(generation, certificate)
                        for generation, certificate in self._ca_certificates.items()]
        self._signers: dict[str, OcspSigner] = {}
        #: lookups of the last second (a hot certificate asked by many relying parties costs one read)
        self._recent: dict[tuple[str, str], tuple[float, ocsp_responses.Stored | None]] = {}

    def _signer(self, ca: str) -> OcspSigner:
        """The delegated responder certified by this generation of the CA."""
        if ca not in self._signers:
            from mohpromt_ca.authority.generations import generation_names, issuer_certificate

            ca_certificate = self._ca_certificates[ca]
            responders = [self.authority.issuing_key(name)
                          for name in generation_names(self.authority, f"ocsp-{_base(ca)}")]
            key = next((r for r in responders
                        if issuer_certificate(self.authority, r.certificate, (_base(ca),)) == ca_certificate),
                       responders[0])
            self._signers[ca] = OcspSigner(key.handle, key.certificate)
        return self._signers[ca]

    def respond(self, request_der: bytes) -> OcspAnswer:
        parsed = parse_request(request_der)
        if isinstance(parsed, OcspAnswer):
            return parsed
        ca = issuer_of(self._served, parsed.cert_ids)
        if ca is None:
            return error_answer("unauthorized")
        try:
            ready = self._presigned(parsed)
            if ready is not None:
                return ready
            return self._signed(ca, parsed)
        except Exception as exc:  # noqa: BLE001 - the protocol's own answer, never a crash or a leak
            log.error("OCSP: answering %d CertID(s) for CA %s failed (%s); answered internalError",
                      len(parsed.cert_ids), ca, type(exc).__name__)
            return error_answer("internal_error")

    def _presigned(self, request: OcspRequest) -> OcspAnswer | None:
        """The stored response for a single SHA-1 CertID, while it is current (a nonce is not
        echoed: RFC 5019 lets a responder answer from pre-produced responses)."""
        if len(request.cert_ids) != 1:
            return None
        cert_id = request.cert_ids[0]
        if cert_id["hash_algorithm"]["algorithm"].native != "sha1":
            return None
        key = (cert_id["issuer_key_hash"].native.hex(), serial_hex(int(cert_id["serial_number"].native)))
        tick = time.monotonic()
        cached = self._recent.get(key)
        if cached is not None and cached[0] > tick:
            found = cached[1]
        else:
            with self.authority.register.reading() as session:
                found = ocsp_responses.lookup(session, *key)
            if len(self._recent) >= RECENT_LIMIT:
                self._recent.clear()
            self._recent[key] = (tick + RECENT_SECONDS, found)
        if found is None or found.next_update <= self.authority.clock.now():
            return None
        return OcspAnswer(found.der, "successful", found.next_update)

    def statuses(self, ca: str, serials: list[int]) -> list[CertStatus]:
        """What the register says of each serial under ``ca``, in order."""
        with self.authority.register.reading() as session:
            rows = certificates.statuses(session, ca, {serial_hex(s) for s in serials})
        out = []
        for serial in serials:
            row = rows.get(serial_hex(serial))
            if row is None or row[0] not in ("issued", "revoked"):
                out.append(UNKNOWN)
            elif row[1] is not None:
                out.append(CertStatus("revoked", row[1], row[2]))
            else:
                out.append(CertStatus("good"))
        return out

    def _signed(self, ca: str, request: OcspRequest) -> OcspAnswer:
        signer = self._signer(ca)
        now = self.authority.clock.now().replace(microsecond=0)
        next_update = now + dt.timedelta(minutes=self.authority.settings.ocsp_validity_minutes)
        return signer.sign(request, self.statuses(_base(ca), request.serials()), now=now, next_update=next_update)


def _base(ca: str) -> str:
    """``document-signing`` of ``document-signing.g1``: the register records the issuer by CA name."""
    return ca.split(".g", 1)[0]
