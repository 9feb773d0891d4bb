"""OCSP responder (RFC 6960, RFC 5019 profile), used in-process and behind /pki/ocsp.

Requests are parsed with asn1crypto (several CertIDs, SHA-1 and SHA-2 hashes);
responses are built with asn1crypto and signed by the delegated responder key of
the CA the certificates belong to (``ocsp-<ca>``), through its ``KeyHandle``.
Garbage gets ``malformedRequest``; a CA we do not serve gets ``unauthorized``;
error responses are unsigned, as the RFC says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from asn1crypto import algos, core, ocsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca import der
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.config import CA_NAMES
from mohpromt_ca.storage.models import Certificate, Revocation

MAX_REQUEST_BYTES = 64 * 1024
MAX_CERT_IDS = 32
_HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
_BASIC_OCSP_OID = core.ObjectIdentifier("1.3.6.1.5.5.7.48.1.1").dump()
_SIG_ALGORITHM = {
    SignatureScheme.ECDSA_SHA256: "sha256_ecdsa",
    SignatureScheme.ECDSA_SHA384: "sha384_ecdsa",
    SignatureScheme.RSA_PKCS1_SHA256: "sha256_rsa",
}


@dataclass(frozen=True)
class _Served:
    ca: str
    name_hashes: dict[str, bytes]
    key_hashes: dict[str, bytes]


@dataclass(frozen=True)
class OcspAnswer:
    """A DER response plus what HTTP caching needs."""

    der: bytes
    status: str  # successful / malformedRequest / unauthorized / internalError
    next_update: dt.datetime | None = None


def _error(status: str) -> OcspAnswer:
    return OcspAnswer(ocsp.OCSPResponse({"response_status": status}).dump(), status)


class OcspResponder:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._served: list[_Served] = []
        for name in CA_NAMES:
            cert = asn1_x509.Certificate.load(authority.certificate_of(name).public_bytes(Encoding.DER))
            name_der = cert.subject.dump()
            key_bits = cert.public_key["public_key"].contents[1:]  # BIT STRING value without the unused-bits octet
            self._served.append(_Served(
                name,
                {alg: fn(name_der).digest() for alg, fn in _HASHES.items()},
                {alg: fn(key_bits).digest() for alg, fn in _HASHES.items()},
            ))
        self._responders: dict[str, tuple[object, asn1_x509.Certificate, bytes]] = {}

    def _responder(self, ca: str) -> tuple[object, asn1_x509.Certificate, bytes]:
        if ca not in self._responders:
            key = self.authority.issuing_key(f"ocsp-{ca}")
            cert = asn1_x509.Certificate.load(key.certificate.public_bytes(Encoding.DER))
            key_id = hashlib.sha1(cert.public_key["public_key"].contents[1:]).digest()
            self._responders[ca] = (key.handle, cert, key_id)
        return self._responders[ca]

    def _issuer_of(self, cert_id: ocsp.CertId) -> str | None:
        alg = cert_id["hash_algorithm"]["algorithm"].native
        if alg not in _HASHES:
            return None
        name_hash = cert_id["issuer_name_hash"].native
        key_hash = cert_id["issuer_key_hash"].native
        for served in self._served:
            if served.name_hashes[alg] == name_hash and served.key_hashes[alg] == key_hash:
                return served.ca
        return None

    def respond(self, request_der: bytes) -> OcspAnswer:
        if not request_der or len(request_der) > MAX_REQUEST_BYTES:
            return _error("malformed_request")
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
            return _error("malformed_request")
        if not cert_ids or len(cert_ids) > MAX_CERT_IDS:
            return _error("malformed_request")
        issuers = {self._issuer_of(cert_id) for cert_id in cert_ids}
        if None in issuers or len(issuers) != 1:
            return _error("unauthorized")
        ca = issuers.pop()
        assert ca is not None
        try:
            return self._signed(ca, cert_ids, nonce)
        except Exception:  # noqa: BLE001 - the protocol's own answer, never a crash or a leak
            return _error("internal_error")

    def _signed(self, ca: str, cert_ids: list[ocsp.CertId], nonce: object) -> OcspAnswer:
        handle, responder_cert, key_id = self._responder(ca)
        now = self.authority.clock.now().replace(microsecond=0)
        next_update = now + dt.timedelta(minutes=self.authority.settings.ocsp_validity_minutes)
        serials = {format(c["serial_number"].native, "x") for c in cert_ids}
        with self.authority.register.reading() as session:
            rows = {
                serial: (status, revoked_at, reason)
                for serial, status, revoked_at, reason in session.execute(
                    select(Certificate.serial, Certificate.status, Revocation.revoked_at, Revocation.reason)
                    .outerjoin(Revocation, Revocation.certificate_id == Certificate.id)
                    .where(Certificate.issuer == ca, Certificate.serial.in_(serials))
                ).all()
            }
        responses = []
        for cert_id in cert_ids:
            row = rows.get(format(cert_id["serial_number"].native, "x"))
            if row is None or row[0] not in ("issued", "revoked"):
                status = ocsp.CertStatus(name="unknown", value=core.Null())
            elif row[1] is not None:
                info = {"revocation_time": row[1]}
                if row[2] != "unspecified":
                    info["revocation_reason"] = _reason_name(row[2])
                status = ocsp.CertStatus(name="revoked", value=ocsp.RevokedInfo(info))
            else:
                status = ocsp.CertStatus(name="good", value=core.Null())
            responses.append({"cert_id": cert_id, "cert_status": status, "this_update": now, "next_update": next_update})
        response_data = {
            "version": "v1",
            "responder_id": ocsp.ResponderId(name="by_key", value=key_id),
            "produced_at": now,
            "responses": responses,
        }
        if nonce is not None:
            response_data["response_extensions"] = [{"extn_id": "nonce", "critical": False, "extn_value": nonce}]
        tbs = ocsp.ResponseData(response_data).dump()
        scheme = SignatureScheme.default_for(handle.spec)  # type: ignore[attr-defined]
        signature = handle.sign(tbs, scheme)  # type: ignore[attr-defined]
        # BasicOCSPResponse and its OCSPResponse wrapper are assembled from pre-encoded parts:
        # re-encoding the responder certificate each time cost more than the signature.
        basic = der.sequence(tbs, self._algorithm_der(scheme), der.bit_string(signature),
                             der.tlv(0xA0, der.sequence(responder_cert.dump())))
        response = der.sequence(
            der.tlv(0x0A, b"\x00"),  # responseStatus successful
            der.tlv(0xA0, der.sequence(_BASIC_OCSP_OID, der.tlv(0x04, basic))),
        )
        return OcspAnswer(response, "successful", next_update)

    @staticmethod
    def _algorithm_der(scheme: SignatureScheme) -> bytes:
        return algos.SignedDigestAlgorithm({"algorithm": _SIG_ALGORITHM[scheme]}).dump()


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


def _reason_name(reason: str) -> str:
    return _REASON_NAMES.get(reason, "unspecified")
