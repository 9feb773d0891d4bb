// Trust data for the app and the Node command: the lists the service publishes (national DSC
// list, DCC revocation list, document signers, document revocation list), each in the national
// two-line shape (line 1: the trust-list signer's ECDSA signature over line 2, the JSON), each
// verified here with WebCrypto against the PINNED trust-list signer certificate before a single
// entry is used. The pins come with the build (or, in Node, with the cache record the Python
// verifier pinned on import), never with the downloaded data.
import { parseCertificate, pemToDer, base64ToBytes, bytesToBase64, hex } from "./x509.mjs";
import { sha256, verifyListSignature } from "./crypto.mjs";
import { parseTime } from "./times.mjs";

export const TRUST_FORMAT = "mohpromt-webapp-trust/1";
export const TWO_LINE_SHAPES = new Set(["national", "revocation", "document-revocation", "signers"]);
const PAYLOAD_KEYS = { national: "certificates", revocation: "batches", "document-revocation": "documentRevocations", signers: "documentSigners" };
const KIND_OF_SHAPE = { national: "dsc", revocation: "revocation", "document-revocation": "document-revocation", signers: "signers" };

export class TrustError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function splitTwoLine(bytes) {
  let text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  if (lines.length !== 2) throw new TrustError("trust-list-format", `a national list has two lines (signature, JSON); this has ${lines.length}`);
  let signature;
  try {
    signature = base64ToBytes(lines[0].trim());
  } catch {
    throw new TrustError("trust-list-format", "line 1 of the national list is not base64");
  }
  // the signed bytes are line 2 exactly as sent
  const encoded = new TextEncoder().encode(lines[1]);
  return { signature, line: encoded, text: lines[1] };
}

async function anchorFingerprint(der) {
  return hex(await sha256(der));
}

// One list document (bytes) checked against the pinned anchors -> {kind, shape, issuedAt, payload}
export async function verifyListDocument(raw, shape, anchors) {
  if (!TWO_LINE_SHAPES.has(shape)) throw new TrustError("trust-list-format", `the app verifies the national two-line lists; ${shape} is not one`);
  const { signature, line, text } = splitTwoLine(raw);
  let verified = null;
  for (const anchor of anchors) {
    if (await verifyListSignature(anchor, signature, line)) { verified = anchor; break; }
  }
  if (!verified) throw new TrustError("trust-list-signature", "the list's signature does not verify with the pinned trust-list signer");
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new TrustError("trust-list-format", "line 2 of the list is not JSON");
  }
  const items = payload && payload[PAYLOAD_KEYS[shape]];
  if (!Array.isArray(items)) throw new TrustError("trust-list-format", `line 2 has no ${PAYLOAD_KEYS[shape]} array`);
  return { kind: KIND_OF_SHAPE[shape], shape, issuedAt: parseTime(payload.timestamp), items };
}

// a DSC / signer entry: the DER parses, and kid and thumbprint are its own
async function checkedCertificate(entry) {
  if (!entry || typeof entry.rawData !== "string" || typeof entry.kid !== "string") return null;
  let der, cert;
  try {
    der = base64ToBytes(entry.rawData);
    cert = parseCertificate(der);
  } catch {
    return null;
  }
  const digest = await sha256(der);
  if (typeof entry.thumbprint === "string" && entry.thumbprint.trim().toLowerCase() !== hex(digest)) throw new TrustError("trust-list-entry", `entry ${entry.kid}: the thumbprint does not match its certificate`);
  if (entry.kid !== bytesToBase64(digest.subarray(0, 8))) throw new TrustError("trust-list-entry", `entry ${entry.kid}: the kid does not match its certificate`);
  cert.kidHex = hex(digest.subarray(0, 8));
  cert.certificateType = entry.certificateType || "DSC";
  cert.country = entry.country || cert.country;
  return cert;
}

const h16 = async (bytes) => (await sha256(bytes)).subarray(0, 16);
const utf8 = (s) => new TextEncoder().encode(s);

export class TrustStore {
  constructor() {
    this.byKid = new Map(); // kid hex -> [cert]
    this.signers = new Map();
    this.revoked = new Map(); // `${kidB64}|${hashType}|${hashB64}` -> hashType
    this.documentRevocations = 0;
    this.extra = []; // certificates given by hand (--dsc)
    this.pdfAnchors = []; // roots and CAs a document signer must chain to (pinned by the build)
    this.extraSigners = [];
    this.voucherSigners = []; // voucher-signing certificates: candidates only, each checked against pdfAnchors when used
    this.refused = []; // lists that failed verification: [{name, code, reason}]
    this.lists = []; // [{name, kind, shape, fetchedAt, expiresAt, issuedAt, entries, expired}]
    this.expired = false;
  }

  static async fromBundle(bundle, { now, allowExpired = true } = {}) {
    const store = new TrustStore();
    if (!bundle) return store;
    if (bundle.format !== TRUST_FORMAT) throw new TrustError("trust-list-format", `trust data format ${bundle.format} is not ${TRUST_FORMAT}`);
    const anchors = [];
    for (const pem of bundle.anchors || []) for (const der of pemToDer(pem)) anchors.push(parseCertificate(der));
    for (const list of bundle.lists || []) {
      try {
        await store.addList(list, anchors, now);
      } catch (err) {
        if (!(err instanceof TrustError)) throw err;
        // a list that does not verify against the pinned signer is not used, the others are
        store.refused.push({ name: list.name, code: err.code, reason: err.message });
      }
    }
    for (const b64 of bundle.pdf_anchors || []) {
      try {
        store.pdfAnchors.push(parseCertificate(base64ToBytes(b64)));
      } catch { /* not a certificate: not an anchor */ }
    }
    store.voucherSigners = voucherSignersOf(bundle.voucher_signers);
    const expired = store.lists.filter((l) => l.expired);
    store.expired = expired.length > 0;
    if (store.expired && !allowExpired) {
      const names = expired.map((l) => `${l.name} (expired ${new Date(l.expiresAt).toISOString().replace(".000Z", "Z")})`).join(", ");
      throw new TrustError("trust-list-expired", `the trust-list cache holds expired lists: ${names}; update them (\`mohpromt-ca trust-list update\`) or allow expired lists explicitly`);
    }
    return store;
  }

  async addList(list, anchors, now) {
    const expiresAt = list.expires_at ? parseTime(list.expires_at) : null;
    const info = { name: list.name, kind: list.kind, shape: list.shape, source: list.source || null, fetchedAt: parseTime(list.fetched_at), expiresAt, issuedAt: null, entries: 0, expired: expiresAt !== null && now > expiresAt, manual: !!list.manual };
    let items, kind;
    if (list.manual) {
      // pinned by the operator on this post (trust-list add): trusted as the Python verifier does
      kind = list.kind;
      items = list.entries || [];
    } else {
      const pinned = list.anchor_pem ? pemToDer(list.anchor_pem).map(parseCertificate) : anchors;
      const doc = await verifyListDocument(base64ToBytes(list.raw), list.shape, pinned);
      kind = doc.kind;
      items = doc.items;
      info.issuedAt = doc.issuedAt;
    }
    info.entries = items.length;
    if (kind === "dsc" || kind === "signers") {
      const target = kind === "dsc" ? this.byKid : this.signers;
      for (const entry of items) {
        const cert = await checkedCertificate(entry);
        if (!cert) continue;
        if (kind === "dsc" && cert.certificateType !== "DSC") continue;
        const bucket = target.get(cert.kidHex) || [];
        if (!bucket.some((c) => hex(c.der) === hex(cert.der))) bucket.push(cert);
        target.set(cert.kidHex, bucket);
      }
    } else if (kind === "revocation") {
      for (const batch of items) {
        const expires = parseTime(batch.expires);
        if (expires === null || expires < now) continue;
        for (const item of batch.entries || []) this.revoked.set(`${batch.kid}|${batch.hashType}|${item.hash}`, batch.hashType);
      }
    } else if (kind === "document-revocation") {
      this.documentRevocations += items.length;
    }
    this.lists.push(info);
  }

  addCertificate(der) {
    const cert = parseCertificate(der);
    this.extra.push(cert);
    return cert;
  }

  async kidOf(cert) {
    if (!cert.kidHex) cert.kidHex = hex((await sha256(cert.der)).subarray(0, 8));
    return Uint8Array.from(cert.kidHex.match(/../g).map((b) => parseInt(b, 16)));
  }

  // every DSC with this kid (kids collide), or all of them when kid is null
  async certificatesForKid(kid) {
    const out = [];
    for (const cert of this.extra) {
      if (kid === null || hex(await this.kidOf(cert)) === hex(kid)) out.push(cert);
    }
    const listed = kid === null ? [...this.byKid.values()].flat() : this.byKid.get(hex(kid)) || [];
    for (const cert of listed) if (!out.some((c) => hex(c.der) === hex(cert.der))) out.push(cert);
    return out;
  }

  async isRevoked({ kid, issuer, uci, signature, alg }) {
    if (!kid || this.revoked.size === 0) return null;
    const kidText = bytesToBase64(kid);
    const candidates = [];
    if (alg === -7 && signature.length === 64) candidates.push(["SIGNATURE", await h16(signature.subarray(0, 32))]);
    else if (alg === -37) candidates.push(["SIGNATURE", await h16(signature)]);
    if (uci) {
      candidates.push(["UCI", await h16(utf8(uci))]);
      const countries = [issuer, uci.split(":").length >= 4 ? uci.split(":")[3] : null].filter(Boolean);
      for (const country of [...new Set(countries)]) candidates.push(["COUNTRYCODEUCI", await h16(utf8(country + uci))]);
    }
    for (const [type, value] of candidates) {
      const found = this.revoked.get(`${kidText}|${type}|${bytesToBase64(value)}`);
      if (found) return found;
    }
    return null;
  }

  documentSigners() {
    return [...this.extraSigners, ...[...this.signers.values()].flat()];
  }

  // for the screen: the oldest list's age and the first expiry
  summary(now) {
    const fetched = this.lists.map((l) => l.fetchedAt).filter((t) => t !== null);
    const expiries = this.lists.map((l) => l.expiresAt).filter((t) => t !== null);
    return {
      lists: this.lists.length,
      dscs: [...this.byKid.values()].reduce((a, b) => a + b.length, 0),
      oldest: fetched.length ? Math.min(...fetched) : null,
      expires: expiries.length ? Math.min(...expiries) : null,
      expired: this.lists.some((l) => l.expiresAt !== null && now > l.expiresAt),
      refused: this.refused.length,
    };
  }
}

// The build's (or the service's) voucher-signing certificates, base64 DER -> certificates. As
// `mohpromt-ca verify --signer-cert` takes them: self-signed ones (the root the service sends
// first) are dropped, never made anchors; each is trusted only once it chains to a PINNED root
// with the voucher-signing EKU (voucher.mjs), so the list itself needs no signature.
export function voucherSignersOf(list) {
  const out = [];
  for (const b64 of Array.isArray(list) ? list.slice(0, 64) : []) {
    try {
      const cert = parseCertificate(base64ToBytes(b64));
      if (hex(cert.subjectDer) !== hex(cert.issuerDer) && !out.some((c) => hex(c.der) === hex(cert.der))) out.push(cert);
    } catch { /* not a certificate: not a signer */ }
  }
  return out;
}

// A Python trust-list cache directory's records (lists/*.json) -> a trust bundle
export function bundleFromCacheRecords(records) {
  const anchors = new Set();
  const lists = [];
  const pdfAnchors = [];
  for (const r of records) {
    if (r.kind === "anchors") {
      // verified by the Python verifier on import (TS 119 612 XML or a pinned PEM): pins here
      for (const e of r.entries || []) if (e.rawData && !pdfAnchors.includes(e.rawData)) pdfAnchors.push(e.rawData);
      continue;
    }
    const common = { name: r.name, kind: r.kind, shape: r.shape, source: r.source, fetched_at: r.fetched_at, expires_at: r.expires_at };
    if (r.manual) lists.push({ ...common, manual: true, entries: r.entries });
    else if (TWO_LINE_SHAPES.has(r.shape) && r.raw && r.anchor && r.anchor.pem) {
      anchors.add(r.anchor.pem);
      lists.push({ ...common, raw: r.raw, anchor_sha256: r.anchor.sha256 });
    }
  }
  return { format: TRUST_FORMAT, anchors: [...anchors], lists, pdf_anchors: pdfAnchors };
}
