"""The signed transcript of a key ceremony: JSON lines, a detached signature, the signer's certificate.

``NAME.jsonl`` holds one line per step (time, inputs without secrets, outputs' fingerprints);
``NAME.jsonl.sig`` is a DER ECDSA (or RSA PKCS#1) signature over the file's bytes by the key the
script names (the new root, usually), ``NAME.jsonl.signer.pem`` that key's certificate. Anyone
checks it with ``mohpromt-ca ca verify-transcript NAME.jsonl`` or with openssl::

    openssl x509 -in NAME.jsonl.signer.pem -pubkey -noout > signer.pub
    openssl dgst -sha384 -verify signer.pub -signature NAME.jsonl.sig NAME.jsonl   # -sha256 for P-256
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.ca.keys.base import KeyHandle
from mohpromt_ca.errors import InputError, VerificationError

__all__ = ["TranscriptCheck", "TranscriptWriter", "verify_transcript"]

MAX_TRANSCRIPT_BYTES = 4 * 1024 * 1024


class TranscriptWriter:
    """Appends lines as the ceremony goes (a failed ceremony leaves its partial record)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise InputError(f"{path} exists; a transcript is never overwritten") from None
        self._file = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def sign(self, handle: KeyHandle, certificate: x509.Certificate) -> tuple[Path, Path]:
        """Close the file and write the detached signature and the signer's certificate."""
        self.close()
        signature = handle.sign(self.path.read_bytes())
        sig_path = self.path.with_name(self.path.name + ".sig")
        pem_path = self.path.with_name(self.path.name + ".signer.pem")
        sig_path.write_bytes(signature)
        pem_path.write_bytes(certificate.public_bytes(Encoding.PEM))
        return sig_path, pem_path


@dataclass(frozen=True)
class TranscriptCheck:
    path: Path
    signer_subject: str
    signer_sha256: str
    ceremony: str
    script_sha256: str
    steps: int
    completed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"transcript": str(self.path), "valid": True, "signer": self.signer_subject,
                "signer_sha256": self.signer_sha256, "ceremony": self.ceremony, "script_sha256": self.script_sha256,
                "steps": self.steps, "completed": self.completed}


def verify_transcript(path: Path, *, certificate_path: Path | None = None,
                      signature_path: Path | None = None) -> TranscriptCheck:
    """Check the detached signature; VerificationError if it does not hold."""
    signature_path = signature_path or path.with_name(path.name + ".sig")
    certificate_path = certificate_path or path.with_name(path.name + ".signer.pem")
    try:
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise InputError(f"{path} is larger than a transcript can be ({MAX_TRANSCRIPT_BYTES} bytes)")
        data = path.read_bytes()
        signature = signature_path.read_bytes()[:1024]
        certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes()[:65536])
    except OSError as exc:
        raise InputError(f"cannot read {exc.filename}: {exc.strerror}") from None
    except ValueError:
        raise InputError(f"{certificate_path} is not a PEM certificate") from None
    key = certificate.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            digest: hashes.HashAlgorithm = hashes.SHA384() if key.curve.key_size == 384 else hashes.SHA256()
            key.verify(signature, data, ec.ECDSA(digest))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise VerificationError("the transcript signer's key type is not supported")
    except InvalidSignature:
        raise VerificationError(f"the signature of {path.name} does not verify: the transcript was changed "
                                "or signed by another key") from None
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    header = lines[0] if lines else {}
    return TranscriptCheck(
        path=path, signer_subject=certificate.subject.rfc4514_string(),
        signer_sha256=certificate.fingerprint(hashes.SHA256()).hex(),
        ceremony=str(header.get("ceremony", "")), script_sha256=str(header.get("script_sha256", "")),
        steps=sum(1 for line in lines if "step" in line),
        completed=any(line.get("event") == "completed" for line in lines),
    )
