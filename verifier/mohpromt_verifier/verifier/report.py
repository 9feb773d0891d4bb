"""One report for every kind of verification: a verdict, the checks behind it, what was shown.

Verdicts follow the AdES vocabulary: ``valid``, ``invalid``, ``indeterminate``
(the verifier cannot tell, e.g. the signer is not in the trust list). Exit codes:
0 valid, 1 invalid, 2 indeterminate.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["valid", "invalid", "indeterminate"]
Outcome = Literal["pass", "fail", "indeterminate", "skipped", "warning"]

VERDICT_WORDS = {
    "valid": ("VALID", "ถูกต้อง"),
    "invalid": ("INVALID", "ไม่ถูกต้อง"),
    "indeterminate": ("CANNOT BE CONFIRMED", "ยืนยันไม่ได้"),
}
EXIT_CODES = {"valid": 0, "invalid": 1, "indeterminate": 2}


@dataclass(frozen=True)
class Check:
    """One step of verification. ``code`` is stable for machines; ``detail`` is for people."""

    name: str
    outcome: Outcome
    detail: str = ""
    code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail, "code": self.code}


@dataclass
class Report:
    kind: str  # "hcert", "pdf", "summary"
    checks: list[Check] = field(default_factory=list)
    holder: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    verified_at: dt.datetime | None = None
    warnings: list[str] = field(default_factory=list)

    def add(self, name: str, outcome: Outcome, detail: str = "", code: str | None = None) -> Check:
        check = Check(name, outcome, detail, code)
        self.checks.append(check)
        return check

    @property
    def verdict(self) -> Verdict:
        outcomes = {c.outcome for c in self.checks}
        if "fail" in outcomes:
            return "invalid"
        if "indeterminate" in outcomes or not self.checks:
            return "indeterminate"
        return "valid"

    @property
    def reasons(self) -> list[str]:
        wanted = {"invalid": "fail", "indeterminate": "indeterminate"}.get(self.verdict)
        return [f"{c.name}: {c.detail}" for c in self.checks if c.outcome == wanted]

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "verdict": self.verdict,
            "reasons": self.reasons,
            "holder": self.holder,
            "document": self.document,
            "checks": [c.as_dict() for c in self.checks],
            "warnings": self.warnings,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)

    def to_text(self) -> str:
        english, thai = VERDICT_WORDS[self.verdict]
        lines = [f"{english} / {thai}  ({self.kind})"]
        from mohpromt_verifier.plain_text import field_lines

        for key, value in {**self.holder, **self.document}.items():
            if value not in (None, "", [], {}):
                lines.extend(field_lines(key, value, "  "))
        if self.reasons:
            lines.append("reasons:")
            lines.extend(f"  - {reason}" for reason in self.reasons)
        for warning in self.warnings:
            lines.append(f"warning: {warning}")
        lines.append("checks:")
        lines.extend(f"  [{c.outcome}] {c.name}" + (f": {c.detail}" if c.detail else "") for c in self.checks)
        return "\n".join(lines)

    def to_html(self) -> str:
        from mohpromt_verifier.plain_text import plain

        english, thai = VERDICT_WORDS[self.verdict]
        rows = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(plain(v))}</td></tr>"
            for k, v in {**self.holder, **self.document}.items() if v not in (None, "", [], {})
        )
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in self.reasons)
        return (f'<section class="report {self.verdict}"><h1>{english} / {thai}</h1>'
                f"<table>{rows}</table><ul>{reasons}</ul></section>")


_WORST = {"valid": 0, "indeterminate": 1, "invalid": 2}


@dataclass
class CombinedReport(Report):
    """Several reports of one input (an image with several QR codes) as ONE document: its verdict
    is the worst of theirs; ``--json`` prints ``{"kind": "several", "verdict", "reasons",
    "reports": [...]}``."""

    parts: list[Report] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        if not self.parts:
            return "indeterminate"
        return max((p.verdict for p in self.parts), key=_WORST.__getitem__)

    @property
    def reasons(self) -> list[str]:
        return [f"QR {n + 1}: {reason}" for n, part in enumerate(self.parts) for reason in part.reasons]

    def as_dict(self) -> dict[str, Any]:
        # holder/document: those of the worst QR, so a screen showing one report shows the one
        # that decides the verdict
        worst = max(self.parts, key=lambda p: _WORST[p.verdict]) if self.parts else None
        return {"kind": self.kind, "verdict": self.verdict, "reasons": self.reasons,
                "holder": worst.holder if worst else {}, "document": worst.document if worst else {},
                "reports": [p.as_dict() for p in self.parts], "warnings": self.warnings,
                "verified_at": self.verified_at.isoformat() if self.verified_at else None}

    def to_text(self) -> str:
        english, thai = VERDICT_WORDS[self.verdict]
        lines = [f"{english} / {thai}  ({len(self.parts)} QR codes)"]
        for number, part in enumerate(self.parts):
            lines.append(f"--- QR {number + 1} ---")
            lines.append(part.to_text())
        return "\n".join(lines)

    def to_html(self) -> str:
        return "".join(p.to_html() for p in self.parts)
