"""RFC 3161 time-stamping in the CA core: parse a query, build and sign a token for a serial and time.

Tokens are CMS SignedData over a TSTInfo with the content-type, message-digest and
signingCertificateV2 attributes (RFC 5816). A bad request is answered with status
``rejection`` and the RFC's failInfo bit, never an exception. Which key signs, the
serial number and the time come from ``mohpromt_ca.authority.tsa``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec, SignatureScheme

#: RFC 5035 id-aa-signingCertificateV2, by OID: asn1crypto.tsp adds the name on import, but a
#: name-to-OID table asn1crypto built before that import never learns it (the TSA then failed
#: to start depending on what the process had done first)
ID_AA_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"

MAX_QUERY_BYTES = 64 * 1024
_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}
_SIGNATURE = {
    SignatureScheme.ECDSA_SHA256: ("sha256", "sha256_ecdsa"),
    SignatureScheme.ECDSA_SHA384: ("sha384", "sha384_ecdsa"),
    SignatureScheme.RSA_PKCS1_SHA256: ("sha256", "sha256_rsa"),
}


@dataclass(frozen=True)
class TsaAnswer:
    der: bytes
    granted: bool
    fail_info: str | None = None
    serial: int | None = None


class _StatusOnlyResp(core.Sequence):  # type: ignore[misc]
    """TimeStampResp without a token (asn1crypto's class insists on one)."""

    _fields = [("status", tsp.PKIStatusInfo)]


def rejection(fail_info: str, text: str) -> TsaAnswer:
    response = _StatusOnlyResp({
        "status": {"status": "rejection", "status_string": [text], "fail_info": tsp.PKIFailureInfo({fail_info})},
    })
    return TsaAnswer(response.dump(), False, fail_info)


@dataclass(frozen=True)
class TsaQuery:
    imprint: Any  # tsp.MessageImprint
    nonce: int | None
    cert_req: bool


def parse_query(query_der: bytes, *, policy: str) -> TsaQuery | TsaAnswer:
    """The query's imprint, nonce and certReq, or the rejection it deserves."""
    if not query_der or len(query_der) > MAX_QUERY_BYTES:
        return rejection("bad_data_format", "the request is empty or larger than 64 KiB")
    try:
        query = tsp.TimeStampReq.load(query_der, strict=True)
        version = query["version"].native
        imprint = query["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        digest = imprint["hashed_message"].native
        requested_policy = query["req_policy"].native
        nonce = query["nonce"].native
        cert_req = bool(query["cert_req"].native)
        extensions = query["extensions"].native
    except (ValueError, TypeError, KeyError, OverflowError):
        return rejection("bad_data_format", "the request is not a DER TimeStampReq")
    if version != "v1":
        return rejection("bad_request", "only version 1 requests are served")
    if algorithm not in _DIGEST_SIZES:
        return rejection("bad_alg", "message imprints must be SHA-256, SHA-384 or SHA-512")
    if len(digest) != _DIGEST_SIZES[algorithm]:
        return rejection("bad_data_format", "the message imprint's length does not fit its algorithm")
    if requested_policy is not None and requested_policy != policy:
        return rejection("unaccepted_policy", f"this TSA serves policy {policy} only")
    if extensions:
        return rejection("unaccepted_extension", "no request extensions are supported")
    return TsaQuery(imprint, nonce, cert_req)


class TokenSigner:
    """Signs time-stamp tokens with one TSA key; everything constant is encoded once."""

    def __init__(self, handle: KeyHandle, certificate: x509.Certificate, chain: Sequence[x509.Certificate], *,
                 policy: str, accuracy_ms: int) -> None:
        self.handle = handle
        self.policy = policy
        self._accuracy_ms = accuracy_ms
        self._scheme = SignatureScheme.default_for(handle.spec)
        if handle.spec is KeySpec.RSA_3072:
            self._scheme = SignatureScheme.RSA_PKCS1_SHA256
        self._cert = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
        issuer_chain = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in chain]
        ess = tsp.SigningCertificateV2({
            "certs": [{
                "hash_algorithm": {"algorithm": "sha256"},
                "cert_hash": hashlib.sha256(self._cert.dump()).digest(),
                "issuer_serial": {
                    "issuer": [asn1_x509.GeneralName(name="directory_name", value=self._cert.issuer)],
                    "serial_number": self._cert.serial_number,
                },
            }]
        })
        # Everything constant is encoded once and re-loaded from DER: asn1crypto then reuses the bytes
        # instead of re-encoding certificates and names for every token (15 ms -> well under 1 ms).
        self._ess_attribute = cms.CMSAttribute.load(
            cms.CMSAttribute({"type": ID_AA_SIGNING_CERTIFICATE_V2, "values": [ess]}).dump())
        self._tsa_name = asn1_x509.GeneralName.load(
            asn1_x509.GeneralName(name="directory_name", value=self._cert.subject).dump())
        self._sid = cms.SignerIdentifier.load(cms.SignerIdentifier(name="issuer_and_serial_number", value={
            "issuer": self._cert.issuer, "serial_number": self._cert.serial_number}).dump())
        self._certificates = cms.CertificateSet.load(cms.CertificateSet(
            [cms.CertificateChoices(name="certificate", value=c) for c in (self._cert, *issuer_chain)]).dump())

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self._cert

    def token(self, query: TsaQuery, *, serial: int, gen_time: dt.datetime) -> TsaAnswer:
        """A granted TimeStampResp for ``query`` with this serial number and time."""
        seconds, millis = divmod(self._accuracy_ms, 1000)
        accuracy = {}
        if seconds:
            accuracy["seconds"] = seconds
        if millis:
            accuracy["millis"] = millis
        info: dict[str, Any] = {
            "version": "v1",
            "policy": self.policy,
            "message_imprint": query.imprint,
            "serial_number": serial,
            "gen_time": gen_time.astimezone(dt.UTC),
            "accuracy": accuracy,
            "ordering": False,
            "tsa": self._tsa_name,
        }
        if query.nonce is not None:
            info["nonce"] = query.nonce
        content = tsp.TSTInfo(info).dump()
        digest_name, signature_name = _SIGNATURE[self._scheme]
        signed_attrs = cms.CMSAttributes([
            {"type": "content_type", "values": ["tst_info"]},
            {"type": "message_digest", "values": [hashlib.new(digest_name, content).digest()]},
            self._ess_attribute,
        ])
        signature = self.handle.sign(signed_attrs.dump(), self._scheme)
        signer_info = cms.SignerInfo({
            "version": "v1",
            "sid": self._sid,
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest_name}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": signature_name}),
            "signature": signature,
        })
        signed_data: dict[str, Any] = {
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest_name})],
            "encap_content_info": {"content_type": "tst_info", "content": core.ParsableOctetString(content)},
            "signer_infos": [signer_info],
        }
        if query.cert_req:
            signed_data["certificates"] = self._certificates
        token = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})
        response = tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})
        return TsaAnswer(response.dump(), True, None, serial)


__all__ = ["ID_AA_SIGNING_CERTIFICATE_V2", "MAX_QUERY_BYTES", "TokenSigner", "TsaAnswer", "TsaQuery", "parse_query",
           "rejection"]
