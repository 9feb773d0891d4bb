// One report, the same shape as the Python verifier's Report.as_dict(): kind, verdict, reasons,
// holder, document, checks [{name, outcome, detail, code}], warnings, verified_at. Exit codes
// 0 valid, 1 invalid, 2 indeterminate.
export const EXIT_CODES = { valid: 0, invalid: 1, indeterminate: 2 };
export const VERDICT_WORDS = {
  valid: ["VALID", "ถูกต้อง"],
  invalid: ["INVALID", "ไม่ถูกต้อง"],
  indeterminate: ["CANNOT BE CONFIRMED", "ยืนยันไม่ได้"],
};

export class Report {
  constructor(kind, verifiedAt) {
    this.kind = kind;
    this.checks = [];
    this.holder = {};
    this.document = {};
    this.warnings = [];
    this.verifiedAt = verifiedAt;
  }
  add(name, outcome, detail = "", code = null) {
    this.checks.push({ name, outcome, detail, code });
  }
  get verdict() {
    const outcomes = new Set(this.checks.map((c) => c.outcome));
    if (outcomes.has("fail")) return "invalid";
    if (outcomes.has("indeterminate") || this.checks.length === 0) return "indeterminate";
    return "valid";
  }
  get reasons() {
    const wanted = { invalid: "fail", indeterminate: "indeterminate" }[this.verdict];
    return this.checks.filter((c) => c.outcome === wanted).map((c) => `${c.name}: ${c.detail}`);
  }
  get exitCode() {
    return EXIT_CODES[this.verdict];
  }
  asDict() {
    return {
      kind: this.kind,
      verdict: this.verdict,
      reasons: this.reasons,
      holder: this.holder,
      document: this.document,
      checks: this.checks,
      warnings: this.warnings,
      verified_at: this.verifiedAt ? isoTime(this.verifiedAt) : null,
    };
  }
  toText() {
    const [english, thai] = VERDICT_WORDS[this.verdict];
    const lines = [`${english} / ${thai}  (${this.kind})`];
    for (const [k, v] of Object.entries({ ...this.holder, ...this.document })) {
      if (v !== null && v !== undefined && v !== "") lines.push(`  ${k}: ${v}`);
    }
    if (this.reasons.length) lines.push("reasons:", ...this.reasons.map((r) => `  - ${r}`));
    for (const w of this.warnings) lines.push(`warning: ${w}`);
    lines.push("checks:", ...this.checks.map((c) => `  [${c.outcome}] ${c.name}${c.detail ? ": " + c.detail : ""}`));
    return lines.join("\n");
  }
}

// Python's datetime.isoformat() for a UTC moment: +00:00, microseconds only when not zero
export function isoTime(ms) {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const frac = ms - Math.floor(ms / 1000) * 1000;
  return base + (frac ? "." + String(Math.round(frac * 1000)).padStart(6, "0") : "") + "+00:00";
}
