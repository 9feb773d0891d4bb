"""The audit log's use cases: seal pending entries (the sequencer), verify the chain and its
signed checkpoints (optionally against checkpoints a witness kept), export the checkpoints.

``seal_pending`` is the periodic task: ``serve`` and the SQLite deployment run it in-process
(``application.periodic``); a PostgreSQL deployment may run it as a procrastinate periodic
task instead. Any number of callers at once is safe: one seals, the others return.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

from mohpromt_ca.authority.audit_checkpoints import CheckpointChecker, CheckpointSealer, SealOutcome, seal_batches
from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, InputTooLarge
from mohpromt_ca.storage import audit

__all__ = ["EXPORT_FORMAT", "SealOutcome", "export_checkpoints", "read_checkpoints", "seal_if_embedded", "seal_pending",
           "verify_audit_log"]

EXPORT_FORMAT = "mohpromt-ca-audit-checkpoints/1"
MAX_EXPORT_BYTES = 256 * 1024 * 1024


def seal_pending(authority: Authority, *, batch: int = audit.SEAL_BATCH,
                 sealer: CheckpointSealer | None = None) -> SealOutcome:
    """Give pending audit entries their place in the chain and sign a checkpoint per batch.

    The periodic task (in-process runner: ``application.periodic``; or a procrastinate task)."""
    return seal_batches(authority, batch=batch, sealer=sealer)


def seal_if_embedded(authority: Authority) -> SealOutcome | None:
    """On the embedded SQLite register (no sequencer process), seal what is pending now."""
    if authority.register.engine.dialect.name != "sqlite":
        return None
    with authority.register.reading() as session:
        if not audit.pending_count(session):
            return None
    return seal_pending(authority)


def verify_audit_log(authority: Authority, *, against: list[audit.CheckpointView] | None = None) -> audit.AuditVerdict:
    """Entries, chain, every checkpoint's signature and time-stamp, and ``against`` (witnessed checkpoints,
    whose own signatures are checked first)."""
    checker = CheckpointChecker(authority)
    for kept in against or ():
        problem = checker(kept)
        if problem is not None:
            raise InputError(f"the witnessed checkpoint at size {kept.size} does not verify: {problem}")
    return audit.verify_register(authority.register, check_checkpoint=checker, witnessed=against or ())


def _root_fingerprint(authority: Authority) -> str:
    from cryptography.hazmat.primitives import hashes

    return authority.certificate_of("root").fingerprint(hashes.SHA256()).hex()


def export_checkpoints(authority: Authority) -> dict[str, Any]:
    """Every signed checkpoint, with the audit certificates that signed them, for outside witnesses."""
    from cryptography.hazmat.primitives.serialization import Encoding

    checker = CheckpointChecker(authority)
    with authority.register.reading() as session:
        kept = audit.checkpoints(session)
    serials = sorted({c.key_serial for c in kept})
    certificates = {}
    for serial in serials:
        cert = checker.audit_certificate(serial)
        if cert is not None:
            certificates[serial] = cert.public_bytes(Encoding.PEM).decode()
    return {
        "format": EXPORT_FORMAT,
        "exported_at": authority.clock.now().replace(microsecond=0).isoformat(),
        "root_sha256": _root_fingerprint(authority),
        "audit_certificates": certificates,
        "checkpoints": [{
            "size": c.size, "root": c.root, "sealed_at": c.sealed_at.isoformat(), "key_serial": c.key_serial,
            "signature": base64.b64encode(c.signature).decode(),
            "timestamp_token": base64.b64encode(c.timestamp_token).decode(),
        } for c in kept],
    }


def read_checkpoints(authority: Authority, path: Path) -> list[audit.CheckpointView]:
    """The checkpoints of an export file; refused if it belongs to another root."""
    if path.stat().st_size > MAX_EXPORT_BYTES:
        raise InputTooLarge(f"{path} is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != EXPORT_FORMAT:
            raise InputError(f"{path} is not an audit checkpoint export ({EXPORT_FORMAT})")
        root = data.get("root_sha256")
        kept = [audit.CheckpointView(
            size=int(item["size"]), root=str(item["root"]), sealed_at=dt.datetime.fromisoformat(item["sealed_at"]),
            key_serial=str(item["key_serial"]), signature=base64.b64decode(item["signature"], validate=True),
            timestamp_token=base64.b64decode(item["timestamp_token"], validate=True),
        ) for item in data["checkpoints"]]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"{path} is not a readable audit checkpoint export ({type(exc).__name__})") from None
    if root != _root_fingerprint(authority):
        raise InputError(f"{path} was exported by an authority with another root certificate")
    return kept
