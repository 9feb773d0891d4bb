"""Sealing the audit log: the audit key, its checkpoint signatures and their time-stamps.

The ``audit`` service key (EC P-256, certified by the root on first use like the trust-list
key) signs each checkpoint's bytes (``storage.audit.checkpoint_body``); the authority's own
RFC 3161 TSA time-stamps SHA-256 of that signature. ``seal_batches`` runs the sequencer
(``storage.audit.seal``) until nothing is pending; ``CheckpointChecker`` verifies a
checkpoint's signature, the audit certificate's issuer and the time-stamp token.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from asn1crypto import cms, tsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.service_keys import root_certified_key
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.ca.profiles import DAY, CertificateProfile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.ca.tsa import TsaAnswer
from mohpromt_ca.errors import NotFound, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import certificates

AUDIT_KEY = "audit"
#: a time-stamp more than this far from its checkpoint's time means one of them was made up
TIMESTAMP_TOLERANCE = dt.timedelta(minutes=5)

AUDIT_SIGNER = CertificateProfile(
    name="audit-signer",
    validity=10 * 365 * DAY,
    key_usage=frozenset({"digital_signature", "content_commitment"}),
    key_specs=frozenset({KeySpec.EC_P256}),
    own_policy=True,
    aia=True,
    crl_distribution_point=True,
)


def audit_key(authority: Authority) -> IssuingKey:
    """The audit key and certificate, made (and audited) on first use."""
    return root_certified_key(authority, AUDIT_KEY, AUDIT_SIGNER, "Audit Log Signer")


class CheckpointSealer:
    """``storage.audit.CheckpointSigner`` on the audit key and the in-process TSA."""

    def __init__(self, authority: Authority) -> None:
        from mohpromt_ca.ca.tsa import TokenSigner

        key = audit_key(authority)
        self._handle = key.handle
        self.key_serial = serial_hex(key.certificate.serial_number)
        self._clock = authority.clock
        tsa = authority.issuing_key("tsa")
        # the TSA's own signer, without its CA chain in the token (a one-shot command seals on
        # exit: loading the CA keys only to copy their certificates cost more than the seal)
        self._tsa = TokenSigner(tsa.handle, tsa.certificate, [], policy=authority.settings.tsa_policy_oid,
                                accuracy_ms=authority.settings.tsa_accuracy_ms)

    def sign(self, body: bytes) -> bytes:
        return self._handle.sign(body, SignatureScheme.ECDSA_SHA256)

    def timestamp(self, signature: bytes) -> bytes:
        query = tsp.TimeStampReq({
            "version": "v1",
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"},
                                "hashed_message": hashlib.sha256(signature).digest()},
            "cert_req": True,
        }).dump()
        from mohpromt_ca.ca.serials import new_serial
        from mohpromt_ca.ca.tsa import parse_query

        parsed = parse_query(query, policy=self._tsa.policy)
        if isinstance(parsed, TsaAnswer):
            raise StateError(f"the time-stamping unit refused an audit checkpoint's query ({parsed.fail_info})")
        answer = self._tsa.token(parsed, serial=new_serial(), gen_time=self._clock.now())
        if not answer.granted:
            raise StateError(f"the time-stamping unit refused to time-stamp an audit checkpoint ({answer.fail_info})")
        return bytes(tsp.TimeStampResp.load(answer.der)["time_stamp_token"].dump())


@dataclass(frozen=True)
class SealOutcome:
    """What one run of the sequencer did."""

    sealed: int  # entries given a place in the chain
    checkpoints: int
    size: int | None  # the chain's length after the run (None: nothing sealed)
    pending: int  # entries still waiting (another batch, or committed after the run)

    def as_dict(self) -> dict[str, int | None]:
        return {"sealed": self.sealed, "checkpoints": self.checkpoints, "size": self.size, "pending": self.pending}


def seal_batches(authority: Authority, *, batch: int = audit.SEAL_BATCH, max_batches: int = 20,
                 sealer: CheckpointSealer | None = None) -> SealOutcome:
    """Seal pending entries, ``batch`` at a time, until none is left (at most ``max_batches``).
    A caller that seals often passes its ``sealer`` (keys and TSA loaded once)."""
    if sealer is None:
        try:
            sealer = CheckpointSealer(authority)  # may make the audit key: before the sealing transaction
        except NotFound:
            return SealOutcome(0, 0, None, 0)  # not initialised: nothing to seal with yet
    sealed = made = 0
    size: int | None = None
    for _ in range(max_batches):
        with authority.register.transaction() as session:
            done = audit.seal(session, sealer, clock=authority.clock, limit=batch)
        if done is None:
            break
        sealed += done.entries
        made += 1
        size = done.size
        if done.entries < batch:
            break
    with authority.register.reading() as session:
        pending = audit.pending_count(session)
    return SealOutcome(sealed, made, size, pending)


def _verify_with(public_key: object, signature: bytes, data: bytes, algorithm: str) -> bool:
    digest = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}.get(
        algorithm.split("_")[0])
    if digest is None:
        return False
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(digest))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), digest)
        else:
            return False
    except InvalidSignature:
        return False
    return True


class CheckpointChecker:
    """Checks a checkpoint's signature (by an audit certificate the root issued) and its
    RFC 3161 time-stamp (by the authority's TSA, over SHA-256 of the signature, near its time)."""

    def __init__(self, authority: Authority) -> None:
        self._authority = authority
        self._certificates: dict[str, x509.Certificate | None] = {}

    @functools.cached_property
    def _root(self) -> x509.Certificate:  # loaded on first use: a register without checkpoints needs none
        return self._authority.certificate_of("root")

    @functools.cached_property
    def _tsa(self) -> x509.Certificate:
        return self._authority.certificate_of("tsa")

    def audit_certificate(self, serial: str) -> x509.Certificate | None:
        if serial not in self._certificates:
            with self._authority.register.reading() as session:
                row = certificates.by_serial(session, serial)
                der = row.der if row is not None and row.issuer == "root" else None
            cert = x509.load_der_x509_certificate(der) if der else None
            if cert is not None:
                try:
                    cert.verify_directly_issued_by(self._root)
                except (ValueError, TypeError, InvalidSignature):
                    cert = None
            self._certificates[serial] = cert
        return self._certificates[serial]

    def __call__(self, checkpoint: audit.CheckpointView) -> str | None:
        cert = self.audit_certificate(checkpoint.key_serial)
        if cert is None:
            return f"its signing certificate {checkpoint.key_serial} is not an audit certificate the root issued"
        public_key = cert.public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or not _verify_with(
                public_key, checkpoint.signature, checkpoint.body(), "sha256_ecdsa"):
            return "its signature does not match its size, root and time (forged or altered)"
        return self.timestamp_problem(checkpoint)

    def timestamp_problem(self, checkpoint: audit.CheckpointView) -> str | None:
        try:
            info = cms.ContentInfo.load(checkpoint.timestamp_token)
            signed = info["content"]
            encap = signed["encap_content_info"]
            tst_der = encap["content"].contents
            tst = tsp.TSTInfo.load(tst_der)
            signer = signed["signer_infos"][0]
            attrs = signer["signed_attrs"]
            digest_alg = signer["digest_algorithm"]["algorithm"].native
            message_digest = next(a["values"][0].native for a in attrs if a["type"].native == "message_digest")
            signed_bytes = b"\x31" + attrs.dump()[1:]  # signed over the SET OF encoding, not the [0] tag
            signature = signer["signature"].native
            algorithm = signer["signature_algorithm"].signature_algo
            imprint = tst["message_imprint"]["hashed_message"].native
            gen_time = tst["gen_time"].native
            sid_serial = signer["sid"].chosen["serial_number"].native
        except (ValueError, TypeError, KeyError, StopIteration, AttributeError):
            return "its time-stamp token cannot be read"
        if imprint != hashlib.sha256(checkpoint.signature).digest():
            return "its time-stamp is for another signature"
        if message_digest != hashlib.new(digest_alg, tst_der).digest():
            return "its time-stamp token was altered"
        if sid_serial != self._tsa.serial_number or not _verify_with(
                self._tsa.public_key(), signature, signed_bytes, f"{digest_alg}_{algorithm}"):
            return "its time-stamp is not signed by this authority's TSA"
        if abs(gen_time - checkpoint.sealed_at) > TIMESTAMP_TOLERANCE:
            return (f"its time-stamp says {gen_time.isoformat()} but the checkpoint says "
                    f"{checkpoint.sealed_at.isoformat()}")
        return None


__all__ = ["AUDIT_KEY", "AUDIT_SIGNER", "CheckpointChecker", "CheckpointSealer", "SealOutcome", "audit_key",
           "seal_batches"]
