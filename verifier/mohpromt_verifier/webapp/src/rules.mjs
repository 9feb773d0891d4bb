// Business rules (verifier/hcert_rules.py): a complete vaccination series, a negative test no
// older than 72 hours, a recovery inside its validity window.
import { parseDate, parseTime, utcDay, isoDate } from "./times.mjs";

export const TEST_NOT_DETECTED = "260415000";
export const DEFAULT_RULES = { requireCompleteSeries: true, maxTestAgeHours: 72 };

const list = (v) => (Array.isArray(v) ? v : v ? Object.keys(v) : []);
const get = (e, k) => (e !== null && typeof e === "object" ? e[k] : undefined);
const isInt = (v) => (typeof v === "number" && Number.isInteger(v)) || typeof v === "boolean";

export function ruleProblems(dcc, now, rules = DEFAULT_RULES) {
  const problems = [];
  for (const entry of list(dcc.v)) {
    const dose = get(entry, "dn"), series = get(entry, "sd");
    if (rules.requireCompleteSeries && isInt(dose) && isInt(series) && Number(dose) < Number(series)) {
      problems.push(["series-incomplete", `dose ${pyInt(dose)} of ${pyInt(series)}: the vaccination series is not complete`]);
    }
  }
  for (const entry of list(dcc.t)) {
    if (get(entry, "tr") !== TEST_NOT_DETECTED) problems.push(["test-positive", "the test result is not 'not detected'"]);
    const sc = get(entry, "sc");
    const collected = parseTime(sc === undefined ? "" : String(sc));
    if (collected === null) problems.push(["test-time", "the sample collection time cannot be read"]);
    else if (now - collected > rules.maxTestAgeHours * 3600000) problems.push(["test-too-old", `the sample was taken more than ${rules.maxTestAgeHours} hours ago`]);
  }
  for (const entry of list(dcc.r)) {
    const start = parseDate(String(get(entry, "df") ?? "")), end = parseDate(String(get(entry, "du") ?? ""));
    const today = utcDay(now);
    if (start === null || end === null) problems.push(["recovery-dates", "the recovery validity dates cannot be read"]);
    else if (!(start <= today && today <= end)) problems.push(["recovery-period", `recovery is valid from ${isoDate(start)} until ${isoDate(end)} only`]);
  }
  return problems;
}

function pyInt(v) {
  return v === true ? "True" : v === false ? "False" : String(v);
}
