"""OCSP (RFC 6960, RFC 5019 profile) in the CA core: parse a request, build and sign a response.

Requests are parsed with asn1crypto (several CertIDs, SHA-1 and SHA-2 hashes); which
certificate statuses they get is looked up by ``mohpromt_ca.authority.ocsp_responder``
and handed to :class:`OcspSigner`, which builds the BasicOCSPResponse and signs it with
the delegated responder's ``KeyHandle``. Error responses are unsigned, as the RFC says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos, core, ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.ca import der
from mohpromt_ca.ca.keys.base import KeyHandle, SignatureScheme

MAX_REQUEST_BYTES = 64 * 1024
MAX_CERT_IDS = 32
_HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
_BASIC_OCSP_OID = core.ObjectIdentifier("1.3.6.1.5.5.7.48.1.1").dump()
_SIG_ALGORITHM = {
    SignatureScheme.ECDSA_SHA256: "sha256_ecdsa",
    SignatureScheme.ECDSA_SHA384: "sha384_ecdsa",
    SignatureScheme.RSA_PKCS1_SHA256: "sha256_rsa",
}
_REASON_NAMES = {
    "keyCompromise": "key_compromise",
    "cACompromise": "ca_compromise",
    "affiliationChanged": "affiliation_changed",
    "superseded": "superseded",
    "cessationOfOperation": "cessation_of_operation",
    "certificateHold": "certificate_hold",
    "privilegeWithdrawn": "privilege_withdrawn",
    "aACompromise": "aa_compromise",
}


@dataclass(frozen=True)
class OcspAnswer:
    """A DER response plus what HTTP caching needs."""

    der: bytes
    status: str  # successful / malformed_request / unauthorized / internal_error
    next_update: dt.datetime | None = None


def error_answer(status: str) -> OcspAnswer:
    """An unsigned error response (``malformed_request``, ``unauthorized``, ``internal_error``)."""
    return OcspAnswer(ocsp.OCSPResponse({"response_status": status}).dump(), status)


@dataclass(frozen=True)
class OcspRequest:
    cert_ids: list[ocsp.CertId]
    nonce: Any  # the nonce extension's value, echoed as it came

    def serials(self) -> list[int]:
        return [int(cert_id["serial_number"].native) for cert_id in self.cert_ids]


def parse_request(request_der: bytes) -> OcspRequest | OcspAnswer:
    """The request's CertIDs and nonce, or the ``malformedRequest`` answer."""
    if not request_der or len(request_der) > MAX_REQUEST_BYTES:
        return error_answer("malformed_request")
    try:
        request = ocsp.OCSPRequest.load(request_der, strict=True)
        tbs = request["tbs_request"]
        singles = list(tbs["request_list"])
        nonce = None
        for ext in tbs["request_extensions"] or []:
            if ext["extn_id"].native == "nonce":
                nonce = ext["extn_value"].parsed
        cert_ids = [single["req_cert"] for single in singles]
        for cert_id in cert_ids:
            cert_id["serial_number"].native  # noqa: B018 - force parsing
    except (ValueError, TypeError, KeyError, OverflowError):
        return error_answer("malformed_request")
    if not cert_ids or len(cert_ids) > MAX_CERT_IDS:
        return error_answer("malformed_request")
    return OcspRequest(cert_ids, nonce)


@dataclass(frozen=True)
class IssuerHashes:
    """A served CA's issuerNameHash and issuerKeyHash under every hash a CertID may use."""

    ca: str
    name_hashes: dict[str, bytes]
    key_hashes: dict[str, bytes]

    @classmethod
    def of(cls, ca: str, certificate: x509.Certificate) -> IssuerHashes:
        cert = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
        name_der = cert.subject.dump()
        key_bits = cert.public_key["public_key"].contents[1:]  # BIT STRING value without the unused-bits octet
        return cls(ca, {alg: fn(name_der).digest() for alg, fn in _HASHES.items()},
                   {alg: fn(key_bits).digest() for alg, fn in _HASHES.items()})

    def matches(self, cert_id: ocsp.CertId) -> bool:
        alg = cert_id["hash_algorithm"]["algorithm"].native
        if alg not in _HASHES:
            return False
        return bool(self.name_hashes[alg] == cert_id["issuer_name_hash"].native
                    and self.key_hashes[alg] == cert_id["issuer_key_hash"].native)


def issuer_of(served: Sequence[IssuerHashes], cert_ids: Sequence[ocsp.CertId]) -> str | None:
    """The one served CA every CertID names, or None (unauthorized)."""
    found: set[str | None] = set()
    for cert_id in cert_ids:
        found.add(next((s.ca for s in served if s.matches(cert_id)), None))
    if None in found or len(found) != 1:
        return None
    return found.pop()


@dataclass(frozen=True)
class CertStatus:
    """A looked-up status: ``good``, ``revoked`` (with time and RFC 5280 reason name) or ``unknown``."""

    status: str
    revoked_at: dt.datetime | None = None
    reason: str | None = None


UNKNOWN = CertStatus("unknown")


class OcspSigner:
    """Builds and signs BasicOCSPResponses with one delegated responder key."""

    def __init__(self, handle: KeyHandle, responder_certificate: x509.Certificate) -> None:
        self.handle = handle
        self._cert = asn1_x509.Certificate.load(responder_certificate.public_bytes(Encoding.DER))
        self._cert_der = self._cert.dump()
        self._key_id = hashlib.sha1(self._cert.public_key["public_key"].contents[1:]).digest()
        self._scheme = SignatureScheme.default_for(handle.spec)
        self._algorithm = algos.SignedDigestAlgorithm({"algorithm": _SIG_ALGORITHM[self._scheme]}).dump()

    def sign(self, request: OcspRequest, statuses: Sequence[CertStatus], *, now: dt.datetime,
             next_update: dt.datetime) -> OcspAnswer:
        """One SingleResponse per CertID, in order, with ``statuses[i]`` for ``request.cert_ids[i]``."""
        responses = []
        for cert_id, found in zip(request.cert_ids, statuses, strict=True):
            if found.status == "revoked" and found.revoked_at is not None:
                info: dict[str, Any] = {"revocation_time": found.revoked_at}
                if found.reason not in (None, "unspecified"):
                    info["revocation_reason"] = _REASON_NAMES.get(found.reason or "", "unspecified")
                status = ocsp.CertStatus(name="revoked", value=ocsp.RevokedInfo(info))
            elif found.status == "good":
                status = ocsp.CertStatus(name="good", value=core.Null())
            else:
                status = ocsp.CertStatus(name="unknown", value=core.Null())
            responses.append({"cert_id": cert_id, "cert_status": status, "this_update": now,
                              "next_update": next_update})
        response_data: dict[str, Any] = {
            "version": "v1",
            "responder_id": ocsp.ResponderId(name="by_key", value=self._key_id),
            "produced_at": now,
            "responses": responses,
        }
        if request.nonce is not None:
            response_data["response_extensions"] = [
                {"extn_id": "nonce", "critical": False, "extn_value": request.nonce}]
        tbs = ocsp.ResponseData(response_data).dump()
        signature = self.handle.sign(tbs, self._scheme)
        # BasicOCSPResponse and its OCSPResponse wrapper are assembled from pre-encoded parts:
        # re-encoding the responder certificate each time cost more than the signature.
        basic = der.sequence(tbs, self._algorithm, der.bit_string(signature),
                             der.tlv(0xA0, der.sequence(self._cert_der)))
        response = der.sequence(
            der.tlv(0x0A, b"\x00"),  # responseStatus successful
            der.tlv(0xA0, der.sequence(_BASIC_OCSP_OID, der.tlv(0x04, basic))),
        )
        return OcspAnswer(response, "successful", next_update)


__all__ = ["MAX_CERT_IDS", "MAX_REQUEST_BYTES", "UNKNOWN", "CertStatus", "IssuerHashes", "OcspAnswer", "OcspRequest",
           "OcspSigner", "error_answer", "issuer_of", "parse_request"]
