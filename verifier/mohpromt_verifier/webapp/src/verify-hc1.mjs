// Verify an HC1 string exactly as verifier/hcert_verifier.py does: container, signature against
// the trusted DSCs, times, the DSC's key usage, the schema of the declared release, value sets
// (a warning under --no-rules), dates, revocation, business rules. Never throws for bad input.
import { DecodeError } from "./errors.mjs";
import { SignatureFailure, decodeHc1, epochMs, verifySignature } from "./hcert.mjs";
import { Report, isoTime } from "./report.mjs";
import { ruleProblems } from "./rules.mjs";
import { dccProblems, dccType, schemaFor } from "./schema.mjs";
import { valueSetProblems } from "./valuesets.mjs";
import { earliestDate, utcDay } from "./times.mjs";
import { hex } from "./x509.mjs";

const TYPE_NAMES = { v: "vaccination", t: "test", r: "recovery" };
const EVENT_FIELDS = { v: "dt", t: "sc", r: "fr" };
export const IAT_CLOCK_SKEW_MS = 5 * 60 * 1000;
const ANY_EKU = "2.5.29.37.0";
const DCC_TYPE_OIDS = {
  "1.3.6.1.4.1.1847.2021.1.1": "t", "1.3.6.1.4.1.1847.2021.1.2": "v", "1.3.6.1.4.1.1847.2021.1.3": "r",
  "1.3.6.1.4.1.0.1847.2021.1.1": "t", "1.3.6.1.4.1.0.1847.2021.1.2": "v", "1.3.6.1.4.1.0.1847.2021.1.3": "r",
};

// null: unrestricted; a Set of 'v'/'t'/'r' (empty: the EKU allows other purposes only)
export function allowedTypes(cert) {
  const oids = cert.eku;
  if (!oids || oids.length === 0) return null;
  const types = new Set(oids.filter((o) => DCC_TYPE_OIDS[o]).map((o) => DCC_TYPE_OIDS[o]));
  if (types.size) return types;
  return oids.includes(ANY_EKU) ? null : types;
}

function holderOf(dcc) {
  if (!dcc) return {};
  const name = dcc.nam && typeof dcc.nam === "object" ? dcc.nam : {};
  const join = (a, b) => [a, b].filter((p) => p !== undefined && p !== null && p !== "").map(String).join(" ") || null;
  return { name: join(name.gn, name.fn), name_icao: join(name.gnt, name.fnt), date_of_birth: dcc.dob ?? null };
}

function detailsOf(dcc) {
  const kind = dccType(dcc);
  if (!kind) return {};
  const group = dcc[kind];
  const entry = (Array.isArray(group) && group.length ? group[0] : {}) || {};
  const g = (k) => (entry[k] === undefined ? null : entry[k]);
  const out = { type: TYPE_NAMES[kind], uvci: g("ci"), country: g("co"), issuer: g("is") };
  if (kind === "v") Object.assign(out, { vaccine: g("mp"), dose: `${pyStr(g("dn"))}/${pyStr(g("sd"))}`, date: g("dt") });
  else if (kind === "t") Object.assign(out, { test_type: g("tt"), result: g("tr"), sampled_at: g("sc") });
  else Object.assign(out, { first_positive: g("fr"), valid_from: g("df"), valid_until: g("du") });
  return out;
}

function pyStr(v) {
  return v === null ? "None" : v === true ? "True" : v === false ? "False" : String(v);
}

function checkTimes(report, iat, exp, now, dsc) {
  if (exp === null || iat === null) {
    report.add("validity", "fail", "the certificate lacks its issue or expiry time", "claims");
    return;
  }
  if (now > exp) report.add("validity", "fail", `expired at ${isoTime(exp)}`, "expired");
  else if (iat > now + IAT_CLOCK_SKEW_MS) report.add("validity", "fail", `issued in the future (${isoTime(iat)})`, "not-yet-valid");
  else if (dsc && now > dsc.notAfter) report.add("validity", "fail", `its DSC expired at ${isoTime(dsc.notAfter)}`, "dsc-expired");
  else {
    report.validUntil = dsc ? Math.min(exp, dsc.notAfter) : exp; // for the screen (not in the JSON report)
    report.add("validity", "pass", `valid until ${isoTime(report.validUntil)}`);
  }
  if (!dsc) return;
  if (iat > dsc.notAfter) {
    report.add("signer-validity", "fail", "the DSC had expired when the certificate was issued", "dsc-validity");
    return;
  }
  // iat before the DSC's notBefore: an issuer error (HCERT 3.3.6) that no EU verifier app
  // checks (README "Verdict rules"): a warning, as mohpromt_verifier's hcert_verifier says
  if (iat < dsc.notBefore) {
    report.add("signer-validity", "warning", `issued (${isoTime(iat)}) before its DSC's validity began (${isoTime(dsc.notBefore)}): the issuer back-dated iat`, "iat-before-dsc");
    report.warnings.push(`the certificate's issue time (${isoTime(iat).slice(0, 10)}) is before its signer's (DSC) validity began (${isoTime(dsc.notBefore).slice(0, 10)}): an issuer error (HCERT 3.3.6), accepted as the EU verifier apps accept it / วันที่ออกใบรับรองอยู่ก่อนวันเริ่มอายุของใบรับรองผู้ลงนาม (DSC) เป็นความผิดพลาดของผู้ออก ยอมรับตามแอปตรวจสอบของสหภาพยุโรป`);
  } else report.add("signer-validity", "pass", "the DSC was valid at issuance");
  if (exp > dsc.notAfter) report.warnings.push(`the certificate's expiry (${isoTime(exp)}) is after its DSC's (${isoTime(dsc.notAfter)}): it is valid until the DSC expires`);
}

function checkDates(report, dcc, iat) {
  const born = earliestDate(dcc.dob);
  if (born === null) return;
  const kind = dccType(dcc);
  const entries = kind ? dcc[kind] : null;
  const entry = Array.isArray(entries) && entries.length && entries[0] && typeof entries[0] === "object" && !Array.isArray(entries[0]) ? entries[0] : {};
  const event = kind ? earliestDate(entry[EVENT_FIELDS[kind]]) : null;
  if (iat !== null && born > utcDay(iat)) report.add("dates", "fail", "the date of birth is after the certificate was issued", "dob-after-iat");
  else if (event !== null && born > event) report.add("dates", "fail", `the date of birth is after the ${TYPE_NAMES[kind || "v"]} date`, "dob-after-event");
  else report.add("dates", "pass", "the date of birth precedes the certificate's event and issue");
}

// how: {trust: TrustStore, now: ms, rules: {...} | null, revocations: bool}
export async function verifyHc1(text, how) {
  const now = how.now;
  const report = new Report("hcert", now);
  const trust = how.trust;
  if (trust.expired) report.warnings.push("the trust list is past its expiry date: every result is provisional");
  let decoded;
  try {
    decoded = await decodeHc1(text);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    report.add("decode", "fail", err.message, err.code);
    return report;
  }
  report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed");
  const claims = decoded.claims;
  const dcc = claims.dcc;
  report.holder = holderOf(dcc);
  if (dcc) {
    report.document = detailsOf(dcc);
    const kind0 = dccType(dcc);
    const group = kind0 ? dcc[kind0] : null;
    // for the screen only (value-set names): not part of the JSON report
    report.entry = Array.isArray(group) && group[0] && typeof group[0] === "object" ? group[0] : {};
  }
  report.document.issuer_country = claims.issuer;
  const kid = decoded.kid;
  report.document.kid = kid ? hex(kid) : null;

  const candidates = await trust.certificatesForKid(kid);
  let dsc = null;
  if (!candidates.length) {
    report.add("signature", "indeterminate", `no Document Signer Certificate with kid ${kid ? hex(kid) : "(none)"} in the trust list`, "dsc-unknown");
  } else {
    try {
      dsc = await verifySignature(decoded, candidates, (c) => trust.kidOf(c));
      report.add("signature", "pass", `verified with the DSC of kid ${kid ? hex(kid) : "(none)"}`);
      if (decoded.cose.alg === null) report.warnings.push("the signature algorithm is only in the unprotected COSE header (accepted: it matches the DSC's key type)");
    } catch (err) {
      if (!(err instanceof SignatureFailure)) throw err;
      report.add("signature", "fail", err.message, err.code);
    }
  }
  const iat = epochMs(claims.issuedAt);
  const exp = epochMs(claims.expiresAt);
  checkTimes(report, iat, exp, now, dsc);

  const kind = dcc ? dccType(dcc) : null;
  if (dsc && kind) {
    const types = allowedTypes(dsc);
    if (types === null || types.has(kind)) report.add("signer-type", "pass", `the DSC may sign ${TYPE_NAMES[kind]} certificates`);
    else if (types.size === 0) report.add("signer-type", "fail", "the DSC's extended key usage allows no kind of DCC", "key-usage");
    else report.add("signer-type", "fail", `the DSC may not sign ${TYPE_NAMES[kind]} certificates`, "key-usage");
  }

  if (!dcc) {
    report.add("schema", "fail", "the hcert claim holds no EU DCC", "schema");
  } else {
    const release = schemaFor(dcc.ver);
    report.document.schema = release;
    const declared = dcc.ver;
    const problems = dccProblems(dcc, release);
    const applied = `EU DCC schema ${release}` + (declared === release ? "" : ` (the payload declares ${declared === undefined ? "None" : JSON.stringify(declared)})`);
    if (problems.length) {
      report.add("schema", "fail", `${applied}: ` + problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join("; "), problems[0].code);
    } else {
      report.add("schema", "pass", applied);
      const unknown = valueSetProblems(dcc);
      const sentence = unknown.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join("; ");
      if (!unknown.length) report.add("value-sets", "pass", "every coded field is in the EU value sets");
      else if (how.rules === null) {
        report.add("value-sets", "warning", sentence, "valueset");
        report.warnings.push(`codes outside the EU value sets: ${sentence}`);
      } else report.add("value-sets", "fail", sentence, "valueset");
      checkDates(report, dcc, iat);
    }
  }

  if (how.revocations !== false) {
    const uci = report.document.uvci ?? null;
    const matched = await trust.isRevoked({ kid, issuer: claims.issuer, uci, signature: decoded.cose.signature, alg: decoded.alg ?? 0 });
    if (matched) report.add("revocation", "fail", `revoked (matched by ${matched})`, "revoked");
    else report.add("revocation", "pass", "not on the revocation list");
  }

  if (how.rules !== null && dcc) {
    const broken = ruleProblems(dcc, now, how.rules);
    for (const [code, sentence] of broken) report.add("rules", "fail", sentence, code);
    if (!broken.length) report.add("rules", "pass", "business rules met");
  }
  return report;
}
