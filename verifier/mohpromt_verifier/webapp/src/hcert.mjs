// The HC1 pipeline, decoding side: "HC1:" -> base45 -> zlib (bounded) -> COSE_Sign1 -> CWT claims.
// Each step raises a DecodeError with the same stage code as the Python verifier.
import { b45decode } from "./base45.mjs";
import { Tag, decodeCbor, sigStructure, toJson } from "./cbor.mjs";
import { DecodeError } from "./errors.mjs";
import { DEFAULT_MAX_INFLATED, inflate } from "./inflate.mjs";
import { ES256, PS256, verifyCose } from "./crypto.mjs";

export const MAX_TEXT = 8192;
const HEADER_ALG = 1;
const HEADER_KID = 4;
const SUPPORTED = { [ES256]: "ES256", [PS256]: "PS256" };

function isInt(v) {
  return typeof v === "number" && Number.isInteger(v);
}

export function parseSign1(data, { maxDepth } = {}) {
  const depth = maxDepth === undefined ? {} : { maxDepth };
  let item = decodeCbor(data, { what: "COSE_Sign1", maxSize: Math.max(data.length, 1), code: "cose", ...depth });
  const tags = [];
  while (item instanceof Tag) {
    tags.push(item.tag);
    item = item.value;
  }
  const t = tags.join(",");
  if (!(t === "" || t === "18" || t === "61,18")) throw new DecodeError("cose", `unexpected CBOR tags [${tags.join(", ")}] around COSE_Sign1 (want 18, none, or 61 then 18)`);
  if (!Array.isArray(item) || item.length !== 4) throw new DecodeError("cose", "COSE_Sign1 must be an array of 4 items");
  const [protectedBytes, unprotected, payload, signature] = item;
  if (!(protectedBytes instanceof Uint8Array)) throw new DecodeError("cose", "COSE_Sign1 protected header must be a byte string");
  if (!(unprotected instanceof Map)) throw new DecodeError("cose", "COSE_Sign1 unprotected header must be a map");
  if (!(payload instanceof Uint8Array)) throw new DecodeError("cose", "COSE_Sign1 payload must be a byte string (detached payloads are not HCERT)");
  if (!(signature instanceof Uint8Array)) throw new DecodeError("cose", "COSE_Sign1 signature must be a byte string");
  let prot = new Map();
  if (protectedBytes.length) {
    prot = decodeCbor(protectedBytes, { what: "COSE protected header", maxSize: protectedBytes.length, code: "cose", ...depth });
    if (!(prot instanceof Map)) throw new DecodeError("cose", "COSE protected header must encode a map");
  }
  const alg = isInt(prot.get(HEADER_ALG)) ? prot.get(HEADER_ALG) : null;
  const unprotectedAlg = !prot.has(HEADER_ALG) && isInt(unprotected.get(HEADER_ALG)) ? unprotected.get(HEADER_ALG) : null;
  let kid = null;
  for (const header of [prot, unprotected]) {
    if (header.get(HEADER_KID) instanceof Uint8Array) {
      kid = header.get(HEADER_KID);
      break;
    }
  }
  return { protectedBytes, protected: prot, unprotected, payload, signature, tags, alg, unprotectedAlg, kid };
}

function numericDate(claims, key, name) {
  const value = claims.get(key);
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "number") throw new DecodeError("claims", `CWT claim ${name} (${key}) must be a number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw new DecodeError("claims", `CWT claim ${name} (${key}) is not a finite number`);
  return value;
}

export function parseClaims(item) {
  if (!(item instanceof Map)) throw new DecodeError("claims", "CWT payload must be a CBOR map of claims");
  const iss = item.get(1);
  if (iss !== undefined && iss !== null && typeof iss !== "string") throw new DecodeError("claims", "CWT claim iss (1) must be a text string");
  const iat = numericDate(item, 6, "iat");
  const exp = numericDate(item, 4, "exp");
  const hcert = item.get(-260);
  if (hcert === undefined || hcert === null) throw new DecodeError("claims", "CWT has no hcert claim (-260)");
  if (!(hcert instanceof Map)) throw new DecodeError("claims", "CWT claim hcert (-260) must be a map");
  const dcc = hcert.get(1);
  const ddcc = hcert.get(2);
  if ((dcc === undefined || dcc === null) && (ddcc === undefined || ddcc === null)) throw new DecodeError("claims", "hcert claim holds neither an EU DCC (key 1) nor a DDCC:VS (key 2)");
  if (dcc !== undefined && dcc !== null && !(dcc instanceof Map)) throw new DecodeError("claims", "hcert key 1 (EU DCC) must be a map");
  if (ddcc !== undefined && ddcc !== null && !(ddcc instanceof Map)) throw new DecodeError("claims", "hcert key 2 (DDCC:VS) must be a map");
  return {
    issuer: iss ?? null,
    issuedAt: iat,
    expiresAt: exp,
    dcc: dcc instanceof Map ? toJson(dcc) : null,
    ddccVs: ddcc instanceof Map ? toJson(ddcc) : null,
  };
}

// epoch seconds -> ms, null when Python's datetime could not hold it (years 1..9999)
export function epochMs(seconds) {
  if (seconds === null) return null;
  const ms = seconds * 1000;
  return ms < -62135596800000 || ms > 253402300799999 ? null : ms;
}

export async function decodeHc1(text, { maxInflated = DEFAULT_MAX_INFLATED } = {}) {
  if (text.length > MAX_TEXT) throw new DecodeError("input-too-large", `HC1 text is ${text.length} characters, above the ${MAX_TEXT} limit`);
  text = text.replace(/[\r\n]+$/, "");
  if (!text.startsWith("HC1:")) throw new DecodeError("hc1-prefix", `HCERT text must start with 'HC1:', got ${JSON.stringify(text.slice(0, 4))}`);
  const raw = b45decode(text.slice(4));
  const coseBytes = await inflate(raw, maxInflated);
  const cose = parseSign1(coseBytes);
  const item = decodeCbor(cose.payload, { what: "CWT payload", maxSize: maxInflated });
  return { text, cose, claims: parseClaims(item), kid: cose.kid, alg: cose.alg };
}

export class SignatureFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code; // "algorithm" | "signature"
  }
}

// Try each candidate DSC (kids collide); the alg from the protected header, or (as the EU apps
// and the Python verifier do) from the unprotected one when the protected header has none,
// still bound to the key type. -> the certificate that verified, or throws SignatureFailure.
export async function verifySignature(decoded, candidates, kidOf) {
  const cose = decoded.cose;
  const alg = cose.alg ?? cose.unprotectedAlg;
  if (alg === null) {
    const where = cose.unprotected.has(HEADER_ALG) ? " (it is only in the unprotected header)" : "";
    throw new SignatureFailure("algorithm", `COSE protected header has no alg${where}`);
  }
  if (!SUPPORTED[alg]) throw new SignatureFailure("algorithm", `COSE algorithm ${alg} is not supported (only ES256 and PS256)`);
  const tbs = sigStructure(cose.protectedBytes, cose.payload);
  const kidHex = cose.kid ? hexOf(cose.kid) : null;
  let tried = 0;
  for (const cert of candidates) {
    if (kidHex !== null && hexOf(await kidOf(cert)) !== kidHex) continue;
    tried++;
    if (await verifyCose(cert, alg, cose.signature, tbs)) return cert;
  }
  const kidText = kidHex ?? "none";
  if (tried === 0) throw new SignatureFailure("signature", `no candidate certificate or key for kid ${kidText}`);
  throw new SignatureFailure("signature", `the ${SUPPORTED[alg]} signature did not verify with any of ${tried} candidate(s) for kid ${kidText}`);
}

function hexOf(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
