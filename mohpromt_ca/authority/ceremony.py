"""`mohpromt-ca ceremony SCRIPT.yaml`: run a reviewed key-ceremony script, step by step.

Keys are generated in the backend each step names (an offline root on a PKCS#11 token, say),
certified with the CA core (linted, serial reserved, audited: ``issuance.issue_certificate``) and
recorded in the register, so the rest of ``mohpromt-ca`` uses them as if ``init`` had made them.
``split-secret`` splits the token PIN or the key passphrase m-of-n (Shamir, ``ca.secret_sharing``)
into one file per holder. Every step goes to the transcript (``ceremony_transcript``), which the
key the script names signs at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mohpromt_ca import __version__
from mohpromt_ca.authority.ceremony_script import KINDS, PROFILES, CeremonyScript, Step
from mohpromt_ca.authority.ceremony_transcript import TranscriptWriter
from mohpromt_ca.authority.certificate_files import write_certificate_files
from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.issuance import issue_certificate
from mohpromt_ca.ca import secret_sharing
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.keys.base import KeyHandle
from mohpromt_ca.ca.names import ca_name
from mohpromt_ca.ca.profiles import ROOT
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import AlreadyExists, ConfigError, NotFound
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import authority_keys

__all__ = ["CeremonyResult", "run_ceremony"]


@dataclass(frozen=True)
class CeremonyResult:
    transcript: Path
    signature: Path
    signer_certificate: Path
    shares: list[Path]
    certificates: dict[str, x509.Certificate]


def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _spki_sha256(handle: KeyHandle) -> str:
    return hashlib.sha256(handle.public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).hexdigest()


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


def preflight(authority: Authority, script: CeremonyScript) -> list[str]:
    """What would stop the run: existing keys, a missing secret or issuer. Empty when ready."""
    problems = []
    names = [s.get("name") for s in script.steps if s.action == "generate-key"]
    with authority.register.reading() as session:
        for step in script.steps:
            if step.action == "generate-key":
                if authority_keys.exists(session, step.get("name")):
                    problems.append(f"step {step.number}: the register already has a key {step.get('name')!r}")
            elif step.action == "issue" and step.get("issuer") not in names:
                if not authority_keys.exists(session, step.get("issuer")):
                    problems.append(f"step {step.number}: issuer {step.get('issuer')!r} is neither made by this "
                                    "ceremony nor in the register")
    for step in script.steps:
        if step.action == "generate-key":
            try:
                if authority.keys.backend(step.get("backend")).exists(step.get("name")):
                    problems.append(f"step {step.number}: key {step.get('name')!r} already exists in the "
                                    f"{step.get('backend')} backend")
            except Exception as exc:  # noqa: BLE001 - reported, the ceremony does not start
                problems.append(f"step {step.number}: the {step.get('backend')} backend is not usable "
                                f"({getattr(exc, 'message', type(exc).__name__)})")
        if step.action == "split-secret" and _secret(authority, step.get("secret"), check_only=True) is None:
            variable = "MOHPROMT_PKCS11_PIN" if step.get("secret") == "pkcs11-pin" else "MOHPROMT_KEY_PASSPHRASE"
            problems.append(f"step {step.number}: nothing to split: set {variable}")
    return problems


def _secret(authority: Authority, which: str, *, check_only: bool = False) -> bytes | None:
    settings = authority.settings
    value = settings.pkcs11_pin if which == "pkcs11-pin" else settings.key_passphrase
    if value is None:
        if check_only:
            return None
        raise ConfigError(f"the ceremony splits the {which} but none is configured")
    return value.get_secret_value().encode()


class _Run:
    def __init__(self, authority: Authority, script: CeremonyScript, transcript: TranscriptWriter,
                 shares_dir: Path) -> None:
        self.authority = authority
        self.script = script
        self.transcript = transcript
        self.shares_dir = shares_dir
        self.handles: dict[str, KeyHandle] = {}
        self.certified: dict[str, IssuingKey] = {}
        self.share_files: list[Path] = []

    def record(self, step: Step, outputs: dict[str, Any]) -> None:
        now = self.authority.clock.now()
        self.transcript.write({"step": step.number, "action": step.action, "at": now.isoformat(),
                               "inputs": step.values, "outputs": outputs})
        with self.authority.register.transaction() as session:
            audit.append(session, actor=self.authority.actor, action=f"ceremony.{step.action}",
                         target=f"ceremony:{self.script.sha256[:16]}",
                         details={"step": step.number, **{k: v for k, v in outputs.items() if k != "shares"}},
                         clock=self.authority.clock)

    def generate_key(self, step: Step) -> dict[str, Any]:
        spec = KeySpec(step.get("spec"))
        handle = self.authority.keys.generate(step.get("backend"), step.get("name"), spec)
        self.handles[step.get("name")] = handle
        return {"key_ref": f"{handle.ref.backend}:{handle.ref.ref}", "spki_sha256": _spki_sha256(handle)}

    def certify(self, step: Step) -> dict[str, Any]:
        name = step.get("name")
        handle = self.handles[name]
        self_signed = step.action == "self-sign"
        profile = ROOT if self_signed else PROFILES[step.get("profile")]
        issuer = None if self_signed else self.certified.get(step.get("issuer")) \
            or self.authority.issuing_key(step.get("issuer"))
        certificate = issue_certificate(
            self.authority, issuer=issuer, profile=profile,
            subject=ca_name(step.get("common-name"), self.script.organisation, self.script.country),
            public_key=handle.public_key, self_signing_handle=handle if self_signed else None,
            validity=dt.timedelta(days=step.get("validity-days")),
            audit_details={"ceremony": self.script.sha256[:16]},
        )
        kind = "ca" if self_signed else KINDS[step.get("profile")]
        with self.authority.register.transaction() as session:
            authority_keys.add(session, name=name, kind=kind, key_backend=handle.ref.backend, key_ref=handle.ref.ref,
                               key_spec=handle.spec.value, certificate_serial=serial_hex(certificate.serial_number),
                               created_at=self.authority.clock.now())
        self.certified[name] = IssuingKey(name, kind, certificate, handle)
        return {"serial": serial_hex(certificate.serial_number), "subject": certificate.subject.rfc4514_string(),
                "not_after": certificate.not_valid_after_utc.isoformat(), "sha256": _fingerprint(certificate)}

    def split(self, step: Step) -> dict[str, Any]:
        secret = _secret(self.authority, step.get("secret"))
        assert secret is not None
        shares = secret_sharing.split(secret, step.get("threshold"), step.get("shares"))
        self.shares_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.shares_dir.chmod(0o700)
        listed = []
        for share, holder in zip(shares, step.get("holders"), strict=True):
            slug = re.sub(r"[^a-z0-9]+", "-", holder.lower()).strip("-") or "holder"
            path = self.shares_dir / f"share-{share.set_id}-{share.index}-{slug}.txt"
            line = str(share)
            text = (f"Ceremony: {self.script.title}\nSecret: {step.get('secret')}\nHolder: {holder}\n"
                    f"Share {share.index} of {step.get('shares')}; any {share.threshold} rebuild it "
                    "(mohpromt-ca ca combine-shares)\n\n"
                    f"{line}\n")
            path.touch(mode=0o600, exist_ok=False)
            path.write_text(text, encoding="utf-8")
            self.share_files.append(path)
            # the transcript names each share by a hash only: a holder can check theirs, nobody rebuilds
            listed.append({"index": share.index, "holder": holder, "sha256": hashlib.sha256(line.encode()).hexdigest()})
        return {"set": shares[0].set_id, "threshold": step.get("threshold"), "shares": listed}

    def export(self, step: Step) -> dict[str, Any]:
        directory = self.authority.settings.data_dir / step.get("directory")
        directory.mkdir(parents=True, exist_ok=True)
        written = {}
        for name, key in self.certified.items():
            path = directory / f"{name}.pem"
            path.write_bytes(key.certificate.public_bytes(Encoding.PEM))
            written[name] = {"file": str(path.relative_to(self.authority.settings.data_dir)),
                             "sha256": _fingerprint(key.certificate)}
        return {"certificates": written}


def run_ceremony(authority: Authority, script: CeremonyScript, *, transcript_path: Path | None = None,
                 shares_dir: Path | None = None) -> CeremonyResult:
    problems = preflight(authority, script)
    if problems:
        raise AlreadyExists("the ceremony cannot start: " + "; ".join(problems))
    started = authority.clock.now()
    base = authority.settings.data_dir / "ceremonies"
    transcript_path = transcript_path or base / f"{_stamp(started)}.jsonl"
    shares_dir = shares_dir or base / f"{_stamp(started)}-shares"
    writer = TranscriptWriter(transcript_path)
    run = _Run(authority, script, writer, shares_dir)
    writer.write({"ceremony": script.title, "script_sha256": script.sha256, "organisation": script.organisation,
                  "country": script.country, "witnesses": list(script.witnesses), "operator": authority.actor,
                  "started_at": started.isoformat(), "software": f"mohpromt-ca {__version__}",
                  "plan": script.plan()})
    actions = {"generate-key": run.generate_key, "self-sign": run.certify, "issue": run.certify,
               "split-secret": run.split, "export-certificates": run.export}
    try:
        for step in script.steps:
            run.record(step, actions[step.action](step))
    except Exception as exc:
        writer.write({"event": "aborted", "at": authority.clock.now().isoformat(),
                      "reason": getattr(exc, "message", type(exc).__name__)})
        writer.close()
        raise
    write_certificate_files(authority)
    signer = run.certified.get(script.transcript_signer)
    if signer is None:
        writer.close()
        raise NotFound(f"the transcript signer {script.transcript_signer!r} was not certified")
    writer.write({"event": "completed", "at": authority.clock.now().isoformat(),
                  "transcript_signer": script.transcript_signer, "signer_sha256": _fingerprint(signer.certificate)})
    signature, pem = writer.sign(signer.handle, signer.certificate)
    with authority.register.transaction() as session:
        audit.append(session, actor=authority.actor, action="ceremony.completed",
                     target=f"ceremony:{script.sha256[:16]}",
                     details={"transcript": str(transcript_path),
                              "transcript_sha256": hashlib.sha256(transcript_path.read_bytes()).hexdigest()},
                     clock=authority.clock)
    return CeremonyResult(transcript_path, signature, pem, run.share_files,
                          {name: key.certificate for name, key in run.certified.items()})
