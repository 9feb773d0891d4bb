// The EU DCC JSON schemas (every release, draft 2020-12) from the Python package's data, checked
// with @cfworker/json-schema. Formats are not checked (the verifier's technical validation reads
// foreign DCCs with check_formats=False), so the "format" keywords are dropped before use.
import { Validator } from "@cfworker/json-schema";
import s100 from "../../formats/hcert/data/schemas/1.0.0.json";
import s101 from "../../formats/hcert/data/schemas/1.0.1.json";
import s110 from "../../formats/hcert/data/schemas/1.1.0.json";
import s120 from "../../formats/hcert/data/schemas/1.2.0.json";
import s121 from "../../formats/hcert/data/schemas/1.2.1.json";
import s130 from "../../formats/hcert/data/schemas/1.3.0.json";
import s131 from "../../formats/hcert/data/schemas/1.3.1.json";
import s132 from "../../formats/hcert/data/schemas/1.3.2.json";
import s133 from "../../formats/hcert/data/DCC.combined-schema.json";

const SCHEMAS = { "1.0.0": s100, "1.0.1": s101, "1.1.0": s110, "1.2.0": s120, "1.2.1": s121, "1.3.0": s130, "1.3.1": s131, "1.3.2": s132, "1.3.3": s133 };
export const SCHEMA_RELEASES = Object.keys(SCHEMAS);
const validators = new Map();

function withoutFormats(node, inProperties = false) {
  if (Array.isArray(node)) return node.map((n) => withoutFormats(n));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inProperties && k === "format" && typeof v === "string") continue;
    out[k] = withoutFormats(v, !inProperties && (k === "properties" || k === "$defs" || k === "patternProperties"));
  }
  return out;
}

const releaseKey = (r) => r.split(".").map(Number);
function newest(releases) {
  return releases.reduce((a, b) => {
    const x = releaseKey(a), y = releaseKey(b);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : b;
    return a;
  });
}

export function schemaFor(ver) {
  const text = typeof ver === "string" ? ver.trim() : "";
  if (SCHEMAS[text]) return text;
  const major = text.split(".")[0];
  const same = SCHEMA_RELEASES.filter((r) => r.split(".")[0] === major);
  return newest(same.length ? same : SCHEMA_RELEASES);
}

function pointer(location) {
  const text = String(location || "#").replace(/^#/, "");
  return text || "/";
}

export function schemaProblems(dcc, release) {
  if (!validators.has(release)) validators.set(release, new Validator(withoutFormats(SCHEMAS[release]), "2020-12", false));
  const result = validators.get(release).validate(dcc);
  if (result.valid) return [];
  // the deepest error first: cfworker lists the enclosing keyword's failure before its cause
  const errors = result.errors.filter((e) => !["properties", "items", "$ref", "oneOf", "allOf", "anyOf"].includes(e.keyword) || result.errors.length === 1);
  const chosen = errors.length ? errors : result.errors;
  return chosen.map((e) => ({ path: pointer(e.instanceLocation), message: e.error, code: "schema" }));
}

export function dccType(dcc) {
  const present = ["v", "t", "r"].filter((g) => Object.prototype.hasOwnProperty.call(dcc, g));
  return present.length === 1 ? present[0] : null;
}

function structureProblems(dcc) {
  const present = ["v", "t", "r"].filter((g) => Object.prototype.hasOwnProperty.call(dcc, g));
  if (present.length !== 1) return [{ path: "/", message: `exactly one of v, t, r is required (found ${present.join(", ") || "none"})`, code: "schema" }];
  const entries = dcc[present[0]];
  if (Array.isArray(entries) && entries.length !== 1) return [{ path: `/${present[0]}`, message: `exactly one entry is required, found ${entries.length}`, code: "schema" }];
  return [];
}

export function dccProblems(dcc, release) {
  if (dcc === null || typeof dcc !== "object" || Array.isArray(dcc)) return [{ path: "/", message: "the DCC must be a JSON object", code: "schema" }];
  return [...structureProblems(dcc), ...schemaProblems(dcc, release)];
}
