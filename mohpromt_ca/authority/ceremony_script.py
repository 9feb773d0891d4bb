"""A key-ceremony script: what officers review before the ceremony, parsed and checked.

The shape follows Boulder's ``ceremony`` tool (one reviewed YAML file per ceremony, one action
per step) and the Baseline Requirements §6.1.1.1 (a script, witnesses, a transcript)::

    ceremony: MOPH Root CA key ceremony 2026
    organisation: Ministry of Public Health
    country: TH
    witnesses: [Officer A, Auditor B]
    transcript: {signer: root}
    steps:
      - {action: generate-key, name: root, backend: pkcs11, spec: ec-p384}
      - {action: self-sign, name: root, validity-days: 7300}
      - {action: generate-key, name: document-signing, backend: file, spec: ec-p384}
      - {action: issue, name: document-signing, issuer: root, profile: intermediate,
         common-name: Ministry of Public Health Document Signing CA, validity-days: 1825}
      - {action: split-secret, secret: pkcs11-pin, threshold: 2, shares: 3,
         holders: [Custodian 1, Custodian 2, Custodian 3]}
      - {action: export-certificates, directory: published}

Every input is bounded; an unknown key or action is refused with the step's number, so a typo
never runs a different ceremony than the one reviewed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mohpromt_ca.authority.trust_list_signer import TRUST_LIST_SIGNER
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.profiles import INTERMEDIATE, OCSP_RESPONDER, ROOT, TSA, CertificateProfile
from mohpromt_ca.config import KEY_BACKENDS
from mohpromt_ca.errors import InputError

__all__ = ["ACTIONS", "CeremonyScript", "Step", "load_script", "parse_script"]

MAX_SCRIPT_BYTES = 64 * 1024
MAX_STEPS = 64
ACTIONS = ("generate-key", "self-sign", "issue", "split-secret", "export-certificates")
PROFILES: dict[str, CertificateProfile] = {
    "intermediate": INTERMEDIATE, "ocsp": OCSP_RESPONDER, "tsa": TSA, "trust-list-signer": TRUST_LIST_SIGNER,
}
KINDS = {"intermediate": "ca", "ocsp": "service", "tsa": "service", "trust-list-signer": "service"}
SECRETS = ("pkcs11-pin", "key-passphrase")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")
_ALLOWED = {
    "generate-key": {"name", "backend", "spec"},
    "self-sign": {"name", "common-name", "validity-days"},
    "issue": {"name", "issuer", "profile", "common-name", "validity-days"},
    "split-secret": {"secret", "threshold", "shares", "holders"},
    "export-certificates": {"directory"},
}


class CeremonyScriptError(InputError):
    code = "ceremony-script"


@dataclass(frozen=True)
class Step:
    number: int
    action: str
    values: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def describe(self) -> str:
        v = self.values
        if self.action == "generate-key":
            return f"generate a {v['spec']} key {v['name']!r} in the {v['backend']} backend"
        if self.action == "self-sign":
            return f"self-sign root {v['name']!r} ({v['common-name']}, {v['validity-days']} days)"
        if self.action == "issue":
            return (f"issue {v['profile']} {v['name']!r} under {v['issuer']!r} ({v['common-name']}, "
                    f"{v['validity-days']} days)")
        if self.action == "split-secret":
            return (f"split the {v['secret']} {v['threshold']}-of-{v['shares']} among "
                    f"{', '.join(v['holders'])}")
        return f"export the certificates to {v['directory']}/"


@dataclass(frozen=True)
class CeremonyScript:
    title: str
    organisation: str
    country: str
    witnesses: tuple[str, ...]
    transcript_signer: str
    steps: tuple[Step, ...]
    sha256: str
    source: str = field(repr=False)

    def plan(self) -> list[str]:
        return [f"{step.number:>2}. {step.describe()}" for step in self.steps]


def load_script(path: Path) -> CeremonyScript:
    try:
        size = path.stat().st_size
        if size > MAX_SCRIPT_BYTES:
            raise CeremonyScriptError(f"{path} is {size} bytes; a ceremony script is at most {MAX_SCRIPT_BYTES}")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CeremonyScriptError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CeremonyScriptError(f"{path} is not UTF-8 text") from None
    return parse_script(text)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _TEXT.match(value):
        raise CeremonyScriptError(f"{what} must be text of 1 to 64 printable characters")
    return value


def _int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CeremonyScriptError(f"{what} must be a whole number from {low} to {high}")
    return value


def parse_script(text: str) -> CeremonyScript:
    import yaml

    if len(text.encode()) > MAX_SCRIPT_BYTES:
        raise CeremonyScriptError(f"a ceremony script is at most {MAX_SCRIPT_BYTES} bytes")
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise CeremonyScriptError(f"the ceremony script is not valid YAML{line}") from None
    if not isinstance(document, dict):
        raise CeremonyScriptError("a ceremony script is a YAML mapping with 'ceremony' and 'steps'")
    unknown = set(document) - {"ceremony", "organisation", "country", "witnesses", "transcript", "steps"}
    if unknown:
        raise CeremonyScriptError(f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    title = _text(document.get("ceremony"), "'ceremony' (the title)")
    organisation = _text(document.get("organisation", "Ministry of Public Health"), "'organisation'")
    country = document.get("country", "TH")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country):
        raise CeremonyScriptError("'country' must be a two-letter upper-case ISO 3166 code")
    witnesses_raw = document.get("witnesses", [])
    if not isinstance(witnesses_raw, list) or len(witnesses_raw) > 16:
        raise CeremonyScriptError("'witnesses' must be a list of at most 16 names")
    witnesses = tuple(_text(w, "a witness") for w in witnesses_raw)
    transcript = document.get("transcript", {}) or {}
    if not isinstance(transcript, dict) or set(transcript) - {"signer"}:
        raise CeremonyScriptError("'transcript' takes only 'signer' (the key that signs the transcript)")
    raw_steps = document.get("steps")
    if not isinstance(raw_steps, list) or not 1 <= len(raw_steps) <= MAX_STEPS:
        raise CeremonyScriptError(f"'steps' must be a list of 1 to {MAX_STEPS} steps")
    steps = tuple(_step(number, raw, organisation) for number, raw in enumerate(raw_steps, start=1))
    _check_order(steps)
    signer = transcript.get("signer") or next((s.get("name") for s in steps if s.action == "self-sign"), None)
    if signer is None:
        raise CeremonyScriptError("say which key signs the transcript: transcript: {signer: NAME}")
    signer = _text(signer, "'transcript.signer'")
    if signer not in {s.get("name") for s in steps if s.action in ("self-sign", "issue")}:
        raise CeremonyScriptError(f"the transcript signer {signer!r} is not certified by this ceremony")
    return CeremonyScript(title, organisation, country, witnesses, signer, steps,
                          hashlib.sha256(text.encode()).hexdigest(), text)


def _step(number: int, raw: Any, organisation: str) -> Step:
    where = f"step {number}"
    if not isinstance(raw, dict):
        raise CeremonyScriptError(f"{where} must be a mapping with an 'action'")
    action = raw.get("action")
    if action not in ACTIONS:
        raise CeremonyScriptError(f"{where}: unknown action {action!r}; one of {', '.join(ACTIONS)}")
    extra = set(raw) - _ALLOWED[action] - {"action"}
    if extra:
        raise CeremonyScriptError(f"{where} ({action}): unknown key(s) {', '.join(sorted(map(str, extra)))}")
    values: dict[str, Any] = {}
    if "name" in _ALLOWED[action]:
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise CeremonyScriptError(f"{where}: 'name' must be a key name like root or document-signing")
        values["name"] = name
    if action == "generate-key":
        backend = raw.get("backend", "file")
        if backend not in KEY_BACKENDS:
            raise CeremonyScriptError(f"{where}: backend must be one of {', '.join(KEY_BACKENDS)}")
        try:
            spec = KeySpec(raw.get("spec", "ec-p384"))
        except ValueError:
            raise CeremonyScriptError(f"{where}: spec must be one of {', '.join(s.value for s in KeySpec)}") from None
        values.update(backend=backend, spec=spec.value)
    elif action in ("self-sign", "issue"):
        profile = ROOT if action == "self-sign" else PROFILES.get(raw.get("profile", "intermediate"))
        if profile is None:
            raise CeremonyScriptError(f"{where}: profile must be one of {', '.join(PROFILES)}")
        default_days = profile.validity.days
        values["validity-days"] = _int(raw.get("validity-days", default_days), f"{where}: validity-days", 1,
                                       default_days)
        values["common-name"] = _text(raw.get("common-name", f"{organisation} {values['name']}"),
                                      f"{where}: common-name")
        if action == "issue":
            values["issuer"] = _text(raw.get("issuer"), f"{where}: issuer")
            values["profile"] = raw.get("profile", "intermediate")
    elif action == "split-secret":
        if raw.get("secret") not in SECRETS:
            raise CeremonyScriptError(f"{where}: secret must be one of {', '.join(SECRETS)}")
        shares = _int(raw.get("shares"), f"{where}: shares", 2, 16)
        threshold = _int(raw.get("threshold"), f"{where}: threshold", 2, shares)
        holders = raw.get("holders", [f"holder {i}" for i in range(1, shares + 1)])
        if not isinstance(holders, list) or len(holders) != shares:
            raise CeremonyScriptError(f"{where}: 'holders' must name exactly {shares} share holders")
        values.update(secret=raw["secret"], threshold=threshold, shares=shares,
                      holders=[_text(h, f"{where}: a holder") for h in holders])
    else:
        directory = raw.get("directory", "ceremony-certificates")
        if not isinstance(directory, str) or not re.fullmatch(r"[A-Za-z0-9._-][A-Za-z0-9._/-]{0,127}", directory) \
                or ".." in directory.split("/"):
            raise CeremonyScriptError(f"{where}: 'directory' must be a relative path inside the data directory")
        values["directory"] = directory
    return Step(number, action, values)


def _check_order(steps: tuple[Step, ...]) -> None:
    """Keys are generated before they are certified, issuers certified before they issue."""
    generated: set[str] = set()
    certified: set[str] = set()
    for step in steps:
        name = step.get("name")
        where = f"step {step.number}"
        if step.action == "generate-key":
            if name in generated:
                raise CeremonyScriptError(f"{where}: key {name!r} is generated twice")
            generated.add(name)
        elif step.action in ("self-sign", "issue"):
            if name not in generated:
                raise CeremonyScriptError(f"{where}: key {name!r} is certified before a generate-key step")
            if name in certified:
                raise CeremonyScriptError(f"{where}: key {name!r} is certified twice")
            issuer = step.get("issuer")
            named = {s.get("name") for s in steps}
            if step.action == "issue" and issuer not in certified and issuer in named:
                raise CeremonyScriptError(f"{where}: the issuer {issuer!r} is certified only by a later step")
            certified.add(name)
