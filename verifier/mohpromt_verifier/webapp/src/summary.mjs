// MPC1: the verification QR printed on our PDFs (formats/summary, verifier/summary_verifier.py):
// COSE_Sign1 by the signer's own key, the signer found by kid in the published document signers
// list, its certificate chained to the pinned PDF anchors, then the validity period.
import { b45decode } from "./base45.mjs";
import { decodeCbor, sigStructure, toJson } from "./cbor.mjs";
import { DecodeError } from "./errors.mjs";
import { inflate } from "./inflate.mjs";
import { parseSign1 } from "./hcert.mjs";
import { verifyCose, ES256, PS256 } from "./crypto.mjs";
import { Report } from "./report.mjs";
import { chains } from "./chain.mjs";
import { hex } from "./x509.mjs";
import { utc } from "./times.mjs";

export const PREFIX = "MPC1:";
const MAX_TEXT = 4000;
const MAX_INFLATED = 16 * 1024;
const CLAIM_SUMMARY = -70001;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?$/;

// datetime.fromisoformat for the issue time: -> {ms, offset (minutes)}
function parseIssued(text) {
  const m = typeof text === "string" ? ISO.exec(text) : null;
  if (!m) throw new DecodeError("summary", "summary field missing or malformed: issue time");
  const offset = !m[8] || m[8] === "Z" ? 0 : (m[8][0] === "-" ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const ms = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0)) + Number((m[7] || "0").padEnd(6, "0")) / 1000 - offset * 60000;
  return { ms, offset };
}

function party(item, what) {
  if (!item || typeof item !== "object" || Array.isArray(item) || typeof item.n !== "string") throw new DecodeError("summary", `summary ${what} must be a map with a name`);
  for (const k of ["e", "i", "r"]) if (item[k] !== undefined && item[k] !== null && typeof item[k] !== "string") throw new DecodeError("summary", `summary ${what}.${k} must be text`);
  return { name_th: item.n, name_en: item.e ?? null, ident: item.i ?? null, role: item.r ?? null };
}

export async function decodeSummary(text) {
  text = text.trim();
  if (text.length > MAX_TEXT) throw new DecodeError("summary", `summary text is ${text.length} characters, above the ${MAX_TEXT} limit`);
  if (!text.startsWith(PREFIX)) throw new DecodeError("summary", `summary text must start with 'MPC1:'`);
  const cose = parseSign1(await inflate(b45decode(text.slice(PREFIX.length)), MAX_INFLATED));
  const claims = decodeCbor(cose.payload, { what: "summary claims", maxSize: MAX_INFLATED });
  if (!(claims instanceof Map) || !claims.has(CLAIM_SUMMARY)) throw new DecodeError("summary", "the COSE payload holds no summary claim");
  const raw = claims.get(CLAIM_SUMMARY);
  if (!(raw instanceof Map)) throw new DecodeError("summary", "the summary claim must be a map");
  const item = toJson(raw);
  if (item.v !== 1) throw new DecodeError("summary", `unsupported summary version ${item.v}`);
  const issued = parseIssued(item.d);
  let validUntil = null;
  if (item.u !== undefined) {
    const m = typeof item.u === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(item.u) : null;
    if (!m) throw new DecodeError("summary", "summary field missing or malformed: valid until");
    validUntil = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  for (const key of ["n", "t", "k"]) if (typeof item[key] !== "string") throw new DecodeError("summary", `summary field '${key}' must be text`);
  return {
    cose, kid: cose.kid,
    summary: { number: item.n, type: item.t, issuedText: item.d, issued, validUntil, validUntilText: item.u ?? null,
      facility: party(item.f, "facility"), signer: party(item.s, "signer"), patient: party(item.p, "patient"), finding: item.k },
  };
}

// the end of the valid_until day in the issue time's zone
function expiresAt(summary) {
  if (!summary.validUntil) return null;
  const [y, m, d] = summary.validUntil;
  return utc(y, m, d + 1) - summary.issued.offset * 60000;
}

// how: {signers: [cert], roots: [cert], intermediates: [cert], now, kidOf}
export async function verifySummary(text, how) {
  const report = new Report("summary", how.now);
  let decoded;
  try {
    decoded = await decodeSummary(text);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    report.add("decode", "fail", err.message, "decode");
    return report;
  }
  report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed");
  const s = decoded.summary;
  report.holder = { patient: s.patient.name_th, patient_en: s.patient.name_en };
  report.document = { document_number: s.number, type: s.type, issued_at: s.issuedText, valid_until: s.validUntilText,
    finding: s.finding, facility: s.facility.name_th, signer: s.signer.name_th, licence: s.signer.ident };
  const kid = decoded.kid;
  const candidates = [];
  for (const c of how.signers) if (kid === null || hex(await how.kidOf(c)) === hex(kid)) candidates.push(c);
  if (!candidates.length) {
    report.add("signature", "indeterminate", "the signer's certificate is not in the trust list", "signer-unknown");
  } else {
    const cose = decoded.cose;
    const alg = cose.alg;
    if (alg !== ES256 && alg !== PS256) {
      report.add("signature", "fail", alg === null ? "COSE protected header has no alg" : `COSE algorithm ${alg} is not supported (only ES256 and PS256)`, "signature");
    } else {
      const tbs = sigStructure(cose.protectedBytes, cose.payload);
      let signer = null;
      for (const c of candidates) if (await verifyCose(c, alg, cose.signature, tbs)) { signer = c; break; }
      if (!signer) report.add("signature", "fail", "the signature did not verify with the signer's certificate", "signature");
      else {
        report.add("signature", "pass", "signed by the certificate's signer");
        const [ok, detail] = await chains(signer, { roots: how.roots, intermediates: how.intermediates, moment: how.now });
        report.add("signer-trust", ok ? "pass" : "fail", detail, ok ? null : "untrusted");
      }
    }
  }
  const expires = expiresAt(s);
  if (expires !== null && how.now > expires) report.add("validity", "fail", `valid until ${s.validUntilText} only`, "expired");
  else if (how.now < s.issued.ms) report.add("validity", "fail", "issued in the future", "not-yet-valid");
  else report.add("validity", "pass", "within its validity period");
  return report;
}
