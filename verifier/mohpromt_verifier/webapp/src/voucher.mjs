// MPV1: the volunteer-reward voucher (formats/voucher, verifier/voucher_verifier.py): the same
// bounded decoding, the same claims rules, then the same checks and codes as the Python verifier:
// decode, signature (COSE over the payload as signed, whatever fields it holds), key-purpose (the
// voucher-signing EKU), signer-trust (a path to a pinned root, for that EKU, at the verification
// time) and validity.
import { b45decode } from "./base45.mjs";
import { decodeCbor, sigStructure, toJson } from "./cbor.mjs";
import { DecodeError } from "./errors.mjs";
import { inflate } from "./inflate.mjs";
import { parseSign1 } from "./hcert.mjs";
import { verifyCose, ES256, PS256 } from "./crypto.mjs";
import { Report, isoTime } from "./report.mjs";
import { chains } from "./chain.mjs";
import { hex } from "./x509.mjs";

export const PREFIX = "MPV1:";
export const EKU_VOUCHER_SIGNING = "1.3.6.1.4.1.64812.1.4.1";
const MAX_TEXT = 2000;
const MAX_INFLATED = 2048;
const MAX_CBOR_DEPTH = 6;
const CLAIM_VOUCHER = -70002;
const CLAIM_CTI = 7;
const REF = /^[A-Za-z0-9_-]{4,64}$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const DEBIT = /^[A-Za-z0-9_-]{8,64}$/; // claim "d": the rewards ledger's debit the voucher was bought with
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

const claimsError = (message) => new DecodeError("voucher-claims", message);
const isInt = (v) => typeof v === "number" && Number.isInteger(v);
const pyRepr = (v) => (v === undefined || v === null ? "None" : typeof v === "string" ? `'${v}'` : String(v));

// Voucher.problems()
function problems(v) {
  const out = [];
  if (!(typeof v.voucher_id === "string" && /^[0-9a-f]{32}$/.test(v.voucher_id))) out.push("voucher_id must be 32 lowercase hex digits (128 bits)");
  if (!(typeof v.volunteer_ref === "string" && REF.test(v.volunteer_ref))) out.push("volunteer_ref must be 4-64 letters, digits, '-' or '_'");
  else if (/^\d{13}$/.test(v.volunteer_ref)) out.push("volunteer_ref looks like a citizen ID; use the volunteer's public reference");
  for (const name of ["points", "value_baht"]) {
    const value = v[name];
    if (!isInt(value) || !(value > 0 && value <= 1000000)) out.push(`${name} must be a whole number from 1 to 1000000`);
  }
  if (v.partner !== null && !(typeof v.partner === "string" && CODE.test(v.partner))) out.push("partner must be a shop code of 1-64 letters, digits, '.', '-' or '_'");
  if (v.debit_id !== null && !(typeof v.debit_id === "string" && DEBIT.test(v.debit_id))) out.push("debit_id must be 8-64 letters, digits, '-' or '_'");
  if (!(typeof v.program === "string" && CODE.test(v.program))) out.push("program must be 1-64 letters, digits, '.', '-' or '_'");
  if (v.expiresAt <= v.issuedAt) out.push("expires_at must be after issued_at");
  return out;
}

// Voucher.from_claims()
function fromClaims(claims) {
  if (!(claims instanceof Map)) throw claimsError("the COSE payload is not a CWT claims map");
  const raw = claims.get(CLAIM_VOUCHER);
  if (!(raw instanceof Map)) throw claimsError("the COSE payload holds no voucher claim (is this a health certificate?)");
  const body = new Map([...raw].map(([k, v]) => [k, v instanceof Map || Array.isArray(v) ? toJson(v) : v]));
  if (body.get("v") !== 1) throw claimsError(`unsupported voucher version ${pyRepr(body.get("v"))}`);
  const iat = claims.get(6);
  const exp = claims.get(4);
  const cti = claims.get(CLAIM_CTI);
  if (!isInt(iat) || !isInt(exp)) throw claimsError("a voucher needs integer iat and exp claims");
  for (const key of ["id", "r", "p", "b"]) if (!body.has(key)) throw claimsError(`voucher field '${key}' is missing`);
  if (iat * 1000 < MIN_MS || iat * 1000 > MAX_MS || exp * 1000 < MIN_MS || exp * 1000 > MAX_MS) throw claimsError("voucher times are out of range");
  const voucher = {
    voucher_id: body.get("id"), volunteer_ref: body.get("r"), points: body.get("p"), value_baht: body.get("b"),
    partner: body.has("s") ? body.get("s") ?? null : null, program: body.has("g") ? body.get("g") : "",
    debit_id: body.has("d") ? body.get("d") ?? null : null,
    issuedAt: iat * 1000, expiresAt: exp * 1000,
  };
  const wrong = problems(voucher);
  if (wrong.length) throw claimsError(wrong.join("; "));
  if (!(cti instanceof Uint8Array) || hex(cti) !== voucher.voucher_id) throw claimsError("the CWT id (cti) does not match the voucher id");
  return voucher;
}

// decode_voucher(): bounded at every step -> {cose, kid, voucher}; throws DecodeError
export async function decodeVoucher(text) {
  text = String(text).trim();
  if (text.length > MAX_TEXT) throw new DecodeError("voucher-too-large", `voucher text is ${text.length} characters, above the ${MAX_TEXT} limit`);
  if (!text.startsWith(PREFIX)) throw new DecodeError("voucher-prefix", `voucher text must start with 'MPV1:', got '${text.slice(0, 5)}'`);
  const cose = parseSign1(await inflate(b45decode(text.slice(PREFIX.length)), MAX_INFLATED), { maxDepth: MAX_CBOR_DEPTH });
  const claims = decodeCbor(cose.payload, { what: "voucher claims", maxSize: MAX_INFLATED, maxDepth: MAX_CBOR_DEPTH });
  return { cose, kid: cose.kid, voucher: fromClaims(claims) };
}

// Whether a certificate may sign vouchers (its EKU) and chains to a pinned root for it at `moment`
// (pyhanko-certvalidator's validate_usage({"digital_signature"}, {EKU_VOUCHER_SIGNING}) as the
// Python verifier runs it). -> [ok, sentence]
export async function voucherSignerTrusted(cert, { roots, intermediates, moment }) {
  if (!roots.length) return [false, "no trusted root was given (--anchor, or a trust list with our anchors)"];
  if (!(cert.eku || []).includes(EKU_VOUCHER_SIGNING)) return [false, "the certificate is not certified for vouchers"];
  return chains(cert, { roots, intermediates, moment, requireKeyUsage: true });
}

// how: {signers: [cert], roots: [cert], intermediates: [cert], now, kidOf}
export async function verifyVoucher(text, how) {
  const report = new Report("voucher", how.now);
  let decoded;
  try {
    decoded = await decodeVoucher(text);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    report.add("decode", "fail", err.message, err.code);
    return report;
  }
  report.add("decode", "pass", "prefix, base45, zlib, COSE and CBOR are well formed");
  const v = decoded.voucher;
  report.holder = { volunteer_ref: v.volunteer_ref };
  report.document = { voucher_id: v.voucher_id, points: v.points, value_baht: v.value_baht, partner: v.partner, program: v.program,
    debit_id: v.debit_id, issued_at: isoTime(v.issuedAt), expires_at: isoTime(v.expiresAt) };
  const kid = decoded.kid;
  const candidates = [];
  for (const c of how.signers) if (kid === null || hex(await how.kidOf(c)) === hex(kid)) candidates.push(c);
  if (!candidates.length) {
    report.add("signature", "indeterminate", "the voucher's signer is not among the trusted voucher signers", "signer-unknown");
  } else {
    const cose = decoded.cose;
    const alg = cose.alg; // the protected header's only
    if (alg === null || (alg !== ES256 && alg !== PS256)) {
      const where = alg === null && cose.unprotected.has(1) ? " (it is only in the unprotected header)" : "";
      report.add("signature", "fail", alg === null ? `COSE protected header has no alg${where}` : `COSE algorithm ${alg} is not supported (only ES256 and PS256)`, "signature");
    } else {
      const tbs = sigStructure(cose.protectedBytes, cose.payload);
      let signer = null;
      for (const c of candidates) if (await verifyCose(c, alg, cose.signature, tbs)) { signer = c; break; }
      if (!signer) {
        report.add("signature", "fail", `the ${alg === ES256 ? "ES256" : "PS256"} signature did not verify with any of ${candidates.length} candidate(s) for kid ${kid ? hex(kid) : "none"}`, "signature");
      } else {
        report.add("signature", "pass", "the COSE signature verifies");
        const purposes = signer.eku || [];
        if (!purposes.includes(EKU_VOUCHER_SIGNING)) {
          report.add("key-purpose", "fail", `the signing certificate is not certified for vouchers (extended key usages: ${purposes.join(", ") || "none"})`, "wrong-key-purpose");
        } else {
          report.add("key-purpose", "pass", "certified for signing vouchers");
          const [ok, detail] = await voucherSignerTrusted(signer, { roots: how.roots, intermediates: how.intermediates, moment: how.now });
          report.add("signer-trust", ok ? "pass" : "fail", detail, ok ? null : "untrusted");
        }
      }
    }
  }
  if (how.now >= v.expiresAt) report.add("validity", "fail", `expired at ${isoTime(v.expiresAt)}`, "expired");
  else if (how.now < v.issuedAt) report.add("validity", "fail", "issued in the future", "not-yet-valid");
  else report.add("validity", "pass", `valid until ${isoTime(v.expiresAt)}`);
  report.validUntil = v.expiresAt;
  return report;
}
