// src/errors.mjs
var DecodeError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
};
var InputError = class extends Error {
  constructor(message) {
    super(message);
    this.code = "input";
  }
};

// src/base45.mjs
var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
var VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
function value(text, offset) {
  const code = text.charCodeAt(offset);
  const v = code < 128 ? VALUE[code] : -1;
  if (v < 0) throw new DecodeError("base45", `base45 text has an invalid character ${JSON.stringify(text[offset])} at offset ${offset}`);
  return v;
}
function b45decode(text) {
  const rest = text.length % 3;
  if (rest === 1) throw new DecodeError("base45", `base45 text of length ${text.length} is invalid (a length of 1 modulo 3 is never produced)`);
  const full = text.length - rest;
  const out = new Uint8Array(full / 3 * 2 + (rest ? 1 : 0));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const n = value(text, i) + 45 * value(text, i + 1) + 2025 * value(text, i + 2);
    if (n > 65535) throw new DecodeError("base45", `base45 triplet at offset ${i} has value ${n}, above 65535`);
    out[o++] = n >> 8;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const n = value(text, full) + 45 * value(text, full + 1);
    if (n > 255) throw new DecodeError("base45", `base45 final pair at offset ${full} has value ${n}, above 255`);
    out[o++] = n;
  }
  return out;
}

// src/cbor.mjs
var DEFAULT_MAX_CBOR_DEPTH = 16;
var DEFAULT_MAX_CBOR_SIZE = 64 * 1024;
var Tag = class {
  constructor(tag, value2) {
    this.tag = tag;
    this.value = value2;
  }
};
var Simple = class {
  constructor(value2) {
    this.value = value2;
  }
};
var BREAK = Symbol("break");
var utf8 = new TextDecoder("utf-8", { fatal: true });
function isoFromEpoch(seconds) {
  const ms = seconds * 1e3;
  if (!Number.isFinite(ms) || ms < -621355968e5 || ms > 253402300799999) throw new Error(`CBOR epoch date-time ${seconds} is out of range`);
  const d = new Date(ms);
  let text = d.toISOString().replace(".000Z", "Z");
  if (!Number.isInteger(seconds)) {
    const micros = Math.round((seconds - Math.floor(seconds)) * 1e6) % 1e6;
    text = d.toISOString().slice(0, 19) + (micros ? "." + String(micros).padStart(6, "0") : "") + "Z";
  }
  return text;
}
function decodeCbor(data, { what = "CBOR", maxSize = DEFAULT_MAX_CBOR_SIZE, maxDepth = DEFAULT_MAX_CBOR_DEPTH, code = "cbor" } = {}) {
  if (data.length > maxSize) throw new DecodeError("input-too-large", `${what} is ${data.length} bytes, above the ${maxSize}-byte limit`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const fail = (message) => {
    throw new DecodeError(code, `${what} is not valid CBOR: ${message}`);
  };
  const need = (n) => {
    if (pos + n > data.length) fail("premature end of stream");
  };
  const argument = (info) => {
    if (info < 24) return info;
    if (info === 24) {
      need(1);
      return data[pos++];
    }
    if (info === 25) {
      need(2);
      const v = view.getUint16(pos);
      pos += 2;
      return v;
    }
    if (info === 26) {
      need(4);
      const v = view.getUint32(pos);
      pos += 4;
      return v;
    }
    if (info === 27) {
      need(8);
      const v = view.getBigUint64(pos);
      pos += 8;
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    fail(`unknown additional information ${info}`);
  };
  const length = (info) => {
    const n = argument(info);
    if (typeof n === "bigint" || n > data.length - pos) fail("premature end of stream");
    return n;
  };
  const item = (depth, allowBreak = false) => {
    need(1);
    const initial = data[pos++];
    const major = initial >> 5;
    const info = initial & 31;
    if (initial === 255) {
      if (allowBreak) return BREAK;
      fail("unexpected break");
    }
    switch (major) {
      case 0: {
        const n = argument(info);
        return n;
      }
      case 1: {
        const n = argument(info);
        return typeof n === "bigint" ? -1n - n : n + 1 > Number.MAX_SAFE_INTEGER ? -1n - BigInt(n) : -1 - n;
      }
      case 2:
      case 3: {
        let bytes;
        if (info === 31) {
          const parts = [];
          for (; ; ) {
            need(1);
            if (data[pos] === 255) {
              pos++;
              break;
            }
            const head2 = data[pos++];
            if (head2 >> 5 !== major || (head2 & 31) === 31) fail("invalid indefinite-length string chunk");
            const n = length(head2 & 31);
            parts.push(data.subarray(pos, pos + n));
            pos += n;
          }
          const total = parts.reduce((a, p) => a + p.length, 0);
          bytes = new Uint8Array(total);
          let o = 0;
          for (const p of parts) {
            bytes.set(p, o);
            o += p.length;
          }
        } else {
          const n = length(info);
          bytes = data.slice(pos, pos + n);
          pos += n;
        }
        if (major === 2) return bytes;
        try {
          return utf8.decode(bytes);
        } catch {
          fail("invalid UTF-8 in a text string");
        }
        break;
      }
      case 4:
      case 5: {
        if (depth + 1 > maxDepth) fail(`maximum container nesting depth (${maxDepth}) exceeded`);
        const indefinite = info === 31;
        const count = indefinite ? Infinity : length(info);
        if (major === 4) {
          const out2 = [];
          for (let i = 0; i < count; i++) {
            const v = item(depth + 1, indefinite);
            if (v === BREAK) break;
            out2.push(v);
          }
          return out2;
        }
        const out = /* @__PURE__ */ new Map();
        for (let i = 0; i < count; i++) {
          const k = item(depth + 1, indefinite);
          if (k === BREAK) break;
          const v = item(depth + 1);
          out.set(typeof k === "object" && k !== null ? JSON.stringify(k, jsonBytes) : k, v);
        }
        return out;
      }
      case 6: {
        const tag = argument(info);
        const v = item(depth);
        if (tag === 0) return v;
        if (tag === 1) {
          if (typeof v === "number") {
            try {
              return isoFromEpoch(v);
            } catch (err) {
              throw new DecodeError(code, err.message);
            }
          }
          return v;
        }
        return new Tag(tag, v);
      }
      default: {
        if (info < 20) return new Simple(info);
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        if (info === 23) return void 0;
        if (info === 24) {
          need(1);
          const v = data[pos++];
          if (v < 32) fail("invalid simple value");
          return new Simple(v);
        }
        if (info === 25) {
          need(2);
          const v = halfFloat(view.getUint16(pos));
          pos += 2;
          return v;
        }
        if (info === 26) {
          need(4);
          const v = view.getFloat32(pos);
          pos += 4;
          return v;
        }
        if (info === 27) {
          need(8);
          const v = view.getFloat64(pos);
          pos += 8;
          return v;
        }
        fail(`unknown simple value ${info}`);
      }
    }
  };
  const result = item(0);
  if (pos !== data.length) throw new DecodeError(code, `${what} has ${data.length - pos} trailing bytes after the CBOR item`);
  return result;
}
function halfFloat(h) {
  const exp = h >> 10 & 31;
  const mant = h & 1023;
  const sign = h & 32768 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}
function jsonBytes(_key, value2) {
  return value2 instanceof Uint8Array ? Array.from(value2) : typeof value2 === "bigint" ? value2.toString() : value2;
}
function head(major, n) {
  if (n < 24) return [major << 5 | n];
  if (n < 256) return [major << 5 | 24, n];
  if (n < 65536) return [major << 5 | 25, n >> 8, n & 255];
  return [major << 5 | 26, n >>> 24 & 255, n >> 16 & 255, n >> 8 & 255, n & 255];
}
function sigStructure(protectedBytes, payload) {
  const context = new TextEncoder().encode("Signature1");
  const parts = [
    Uint8Array.from(head(4, 4)),
    Uint8Array.from(head(3, context.length)),
    context,
    Uint8Array.from(head(2, protectedBytes.length)),
    protectedBytes,
    Uint8Array.from(head(2, 0)),
    Uint8Array.from(head(2, payload.length)),
    payload
  ];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
function toJson(value2) {
  if (value2 instanceof Map) {
    const out = {};
    for (const [k, v] of value2) out[String(k)] = toJson(v);
    return out;
  }
  if (Array.isArray(value2)) return value2.map(toJson);
  if (value2 instanceof Tag) return toJson(value2.value);
  if (value2 instanceof Uint8Array) return Array.from(value2, (b) => b.toString(16).padStart(2, "0")).join("");
  if (typeof value2 === "bigint") return Number(value2);
  if (value2 instanceof Simple) return null;
  return value2 === void 0 ? null : value2;
}

// src/inflate.mjs
var DEFAULT_MAX_INFLATED = 64 * 1024;
async function inflate(data, maxSize = DEFAULT_MAX_INFLATED) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate"));
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (; ; ) {
      const { done, value: value2 } = await reader.read();
      if (done) break;
      size += value2.length;
      if (size > maxSize) {
        reader.cancel().catch(() => {
        });
        throw new DecodeError("zlib", `zlib data inflates beyond the ${maxSize}-byte cap`);
      }
      chunks.push(value2);
    }
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError("zlib", `zlib data is corrupt or truncated: ${err && err.message ? err.message : err}`);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// src/x509.mjs
var DerError = class extends Error {
};
function readTlv(data, pos) {
  if (pos + 2 > data.length) throw new DerError("truncated DER");
  const tag = data[pos];
  let len = data[pos + 1];
  let offset = pos + 2;
  if (len & 128) {
    const n = len & 127;
    if (n === 0 || n > 4 || offset + n > data.length) throw new DerError("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + data[offset + i];
    offset += n;
  }
  if (offset + len > data.length) throw new DerError("DER value runs past its container");
  return { tag, start: pos, contentStart: offset, end: offset + len, content: data.subarray(offset, offset + len) };
}
function children(data, tlv) {
  const out = [];
  let pos = tlv.contentStart;
  while (pos < tlv.end) {
    const child = readTlv(data, pos);
    if (child.end > tlv.end) throw new DerError("DER child runs past its parent");
    out.push(child);
    pos = child.end;
  }
  return out;
}
function oidText(bytes) {
  const parts = [];
  let value2 = 0;
  for (let i = 0; i < bytes.length; i++) {
    value2 = value2 * 128 + (bytes[i] & 127);
    if (!(bytes[i] & 128)) {
      if (parts.length === 0) {
        const first = value2 < 40 ? 0 : value2 < 80 ? 1 : 2;
        parts.push(first, value2 - first * 40);
      } else parts.push(value2);
      value2 = 0;
    }
  }
  return parts.join(".");
}
function timeOf(tlv) {
  const text = new TextDecoder().decode(tlv.content);
  let m;
  if (tlv.tag === 23 && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(text))) {
    const year = Number(m[1]) >= 50 ? 1900 + Number(m[1]) : 2e3 + Number(m[1]);
    return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
  }
  if (tlv.tag === 24 && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(text))) {
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  throw new DerError(`unreadable certificate time ${text}`);
}
var EKU_OID = "2.5.29.37";
var COUNTRY_OID = "2.5.4.6";
function parseCertificate(der) {
  const cert = readTlv(der, 0);
  if (cert.tag !== 48 || cert.end !== der.length) throw new DerError("not a DER certificate");
  const [tbs, sigAlg, sigValue] = children(der, cert);
  if (!tbs || tbs.tag !== 48 || !sigAlg || !sigValue || sigValue.tag !== 3) throw new DerError("not a certificate");
  const fields = children(der, tbs);
  let i = 0;
  if (fields[i] && fields[i].tag === 160) i++;
  i++;
  i++;
  const issuer = fields[i++];
  const validity = fields[i++];
  const subject = fields[i++];
  const spki = fields[i++];
  if (!spki || spki.tag !== 48 || !validity || validity.tag !== 48) throw new DerError("not a certificate");
  const [nb, na] = children(der, validity);
  const spkiParts = children(der, spki);
  const algParts = children(der, spkiParts[0]);
  const keyAlgorithm = oidText(algParts[0].content);
  const curve = algParts[1] && algParts[1].tag === 6 ? oidText(algParts[1].content) : null;
  let eku = null;
  for (; i < fields.length; i++) {
    if (fields[i].tag !== 163) continue;
    const [extensions2] = children(der, fields[i]);
    for (const ext of children(der, extensions2)) {
      const parts = children(der, ext);
      if (oidText(parts[0].content) !== EKU_OID) continue;
      const value2 = parts[parts.length - 1];
      try {
        const seq = readTlv(der, value2.contentStart);
        eku = children(der, seq).filter((c) => c.tag === 6).map((c) => oidText(c.content));
      } catch {
        eku = [];
      }
    }
  }
  let country = null;
  for (const rdn of children(der, subject)) {
    for (const atv of children(der, rdn)) {
      const [type, val] = children(der, atv);
      if (oidText(type.content) === COUNTRY_OID) country = new TextDecoder().decode(val.content);
    }
  }
  const sigAlgParts = children(der, sigAlg);
  return {
    der,
    tbs: der.subarray(tbs.start, tbs.end),
    notBefore: timeOf(nb),
    notAfter: timeOf(na),
    spki: der.slice(spki.start, spki.end),
    keyAlgorithm,
    curve,
    eku,
    country,
    issuerDer: der.subarray(issuer.start, issuer.end),
    subjectDer: der.subarray(subject.start, subject.end),
    signatureAlgorithm: oidText(sigAlgParts[0].content),
    signature: sigValue.content.subarray(1)
  };
}
var EC_PUBLIC_KEY = "1.2.840.10045.2.1";
var RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
var P256 = "1.2.840.10045.3.1.7";
var P384 = "1.3.132.0.34";
function pemToDer(text) {
  const out = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  let m;
  while (m = re.exec(text)) out.push(base64ToBytes(m[1].replace(/\s+/g, "")));
  return out;
}
function base64ToBytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function bytesToBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 32768) bin += String.fromCharCode(...bytes.subarray(i, i + 32768));
  return btoa(bin);
}
function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
function ecdsaDerToRaw(sig, size) {
  const seq = readTlv(sig, 0);
  if (seq.tag !== 48 || seq.end !== sig.length) throw new DerError("not an ECDSA signature");
  const [r, s] = children(sig, seq);
  const out = new Uint8Array(2 * size);
  for (const [k, part] of [[0, r], [1, s]]) {
    let v = part.content;
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw new DerError("ECDSA integer too long");
    out.set(v, k * size + size - v.length);
  }
  return out;
}

// src/crypto.mjs
var ES256 = -7;
var PS256 = -37;
var subtle = globalThis.crypto.subtle;
var keys = /* @__PURE__ */ new WeakMap();
async function sha256(bytes) {
  return new Uint8Array(await subtle.digest("SHA-256", bytes));
}
async function importKey(cert, kind) {
  let cached = keys.get(cert);
  if (!cached) keys.set(cert, cached = /* @__PURE__ */ new Map());
  if (!cached.has(kind)) {
    let promise;
    if (kind === "ES256") promise = subtle.importKey("spki", cert.spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    else if (kind === "ES384") promise = subtle.importKey("spki", cert.spki, { name: "ECDSA", namedCurve: "P-384" }, false, ["verify"]);
    else if (kind === "PS256") promise = subtle.importKey("spki", cert.spki, { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
    else promise = subtle.importKey("spki", cert.spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
    cached.set(kind, promise.catch(() => null));
  }
  return cached.get(kind);
}
async function verifyCose(cert, alg, signature, tbs) {
  try {
    if (alg === ES256) {
      if (cert.keyAlgorithm !== EC_PUBLIC_KEY || cert.curve !== P256 || signature.length !== 64) return false;
      const key = await importKey(cert, "ES256");
      return key ? await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, tbs) : false;
    }
    if (alg === PS256) {
      if (cert.keyAlgorithm !== RSA_ENCRYPTION) return false;
      const key = await importKey(cert, "PS256");
      return key ? await subtle.verify({ name: "RSA-PSS", saltLength: 32 }, key, signature, tbs) : false;
    }
  } catch {
    return false;
  }
  return false;
}
async function verifyListSignature(cert, signature, data) {
  try {
    if (cert.keyAlgorithm === EC_PUBLIC_KEY) {
      const size = cert.curve === P384 ? 48 : 32;
      const key = await importKey(cert, size === 48 ? "ES384" : "ES256");
      if (!key) return false;
      const raw = signature.length === 2 * size ? signature : ecdsaDerToRaw(signature, size);
      return await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, data);
    }
    if (cert.keyAlgorithm === RSA_ENCRYPTION) {
      const key = await importKey(cert, "RS256");
      return key ? await subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, signature, data) : false;
    }
  } catch {
    return false;
  }
  return false;
}

// src/hcert.mjs
var MAX_TEXT = 8192;
var HEADER_ALG = 1;
var HEADER_KID = 4;
var SUPPORTED = { [ES256]: "ES256", [PS256]: "PS256" };
function isInt(v) {
  return typeof v === "number" && Number.isInteger(v);
}
function parseSign1(data, { maxDepth } = {}) {
  const depth = maxDepth === void 0 ? {} : { maxDepth };
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
  let prot = /* @__PURE__ */ new Map();
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
  const value2 = claims.get(key);
  if (value2 === void 0 || value2 === null) return null;
  if (typeof value2 === "bigint") return Number(value2);
  if (typeof value2 !== "number") throw new DecodeError("claims", `CWT claim ${name} (${key}) must be a number, got ${typeof value2}`);
  if (!Number.isFinite(value2)) throw new DecodeError("claims", `CWT claim ${name} (${key}) is not a finite number`);
  return value2;
}
function parseClaims(item) {
  if (!(item instanceof Map)) throw new DecodeError("claims", "CWT payload must be a CBOR map of claims");
  const iss = item.get(1);
  if (iss !== void 0 && iss !== null && typeof iss !== "string") throw new DecodeError("claims", "CWT claim iss (1) must be a text string");
  const iat = numericDate(item, 6, "iat");
  const exp = numericDate(item, 4, "exp");
  const hcert = item.get(-260);
  if (hcert === void 0 || hcert === null) throw new DecodeError("claims", "CWT has no hcert claim (-260)");
  if (!(hcert instanceof Map)) throw new DecodeError("claims", "CWT claim hcert (-260) must be a map");
  const dcc = hcert.get(1);
  const ddcc = hcert.get(2);
  if ((dcc === void 0 || dcc === null) && (ddcc === void 0 || ddcc === null)) throw new DecodeError("claims", "hcert claim holds neither an EU DCC (key 1) nor a DDCC:VS (key 2)");
  if (dcc !== void 0 && dcc !== null && !(dcc instanceof Map)) throw new DecodeError("claims", "hcert key 1 (EU DCC) must be a map");
  if (ddcc !== void 0 && ddcc !== null && !(ddcc instanceof Map)) throw new DecodeError("claims", "hcert key 2 (DDCC:VS) must be a map");
  return {
    issuer: iss ?? null,
    issuedAt: iat,
    expiresAt: exp,
    dcc: dcc instanceof Map ? toJson(dcc) : null,
    ddccVs: ddcc instanceof Map ? toJson(ddcc) : null
  };
}
function epochMs(seconds) {
  if (seconds === null) return null;
  const ms = seconds * 1e3;
  return ms < -621355968e5 || ms > 253402300799999 ? null : ms;
}
async function decodeHc1(text, { maxInflated = DEFAULT_MAX_INFLATED } = {}) {
  if (text.length > MAX_TEXT) throw new DecodeError("input-too-large", `HC1 text is ${text.length} characters, above the ${MAX_TEXT} limit`);
  text = text.replace(/[\r\n]+$/, "");
  if (!text.startsWith("HC1:")) throw new DecodeError("hc1-prefix", `HCERT text must start with 'HC1:', got ${JSON.stringify(text.slice(0, 4))}`);
  const raw = b45decode(text.slice(4));
  const coseBytes = await inflate(raw, maxInflated);
  const cose = parseSign1(coseBytes);
  const item = decodeCbor(cose.payload, { what: "CWT payload", maxSize: maxInflated });
  return { text, cose, claims: parseClaims(item), kid: cose.kid, alg: cose.alg };
}
var SignatureFailure = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
};
async function verifySignature(decoded, candidates, kidOf) {
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

// src/report.mjs
var EXIT_CODES = { valid: 0, invalid: 1, indeterminate: 2 };
var VERDICT_WORDS = {
  valid: ["VALID", "ถูกต้อง"],
  invalid: ["INVALID", "ไม่ถูกต้อง"],
  indeterminate: ["CANNOT BE CONFIRMED", "ยืนยันไม่ได้"]
};
var Report = class {
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
      verified_at: this.verifiedAt ? isoTime(this.verifiedAt) : null
    };
  }
  toText() {
    const [english, thai] = VERDICT_WORDS[this.verdict];
    const lines = [`${english} / ${thai}  (${this.kind})`];
    for (const [k, v] of Object.entries({ ...this.holder, ...this.document })) {
      if (v !== null && v !== void 0 && v !== "") lines.push(`  ${k}: ${v}`);
    }
    if (this.reasons.length) lines.push("reasons:", ...this.reasons.map((r) => `  - ${r}`));
    for (const w of this.warnings) lines.push(`warning: ${w}`);
    lines.push("checks:", ...this.checks.map((c) => `  [${c.outcome}] ${c.name}${c.detail ? ": " + c.detail : ""}`));
    return lines.join("\n");
  }
};
function isoTime(ms) {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const frac = ms - Math.floor(ms / 1e3) * 1e3;
  return base + (frac ? "." + String(Math.round(frac * 1e3)).padStart(6, "0") : "") + "+00:00";
}

// src/times.mjs
var RE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;
function utc(y, m, d, h = 0, mi = 0, s = 0) {
  const t = /* @__PURE__ */ new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}
function validDate(y, m, d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate() || m === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
function parseTime(text) {
  if (typeof text !== "string") return null;
  const m = RE.exec(text.trim().replace(/Z$/, "Z"));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  const h = Number(m[4] || 0), mi = Number(m[5] || 0), s = Number(m[6] || 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  const frac = m[7] ? Number(m[7].padEnd(6, "0")) / 1e3 : 0;
  let ms = utc(y, mo, d, h, mi, s) + frac;
  if (m[8] && m[8] !== "Z") {
    const sign = m[8][0] === "-" ? -1 : 1;
    const digits = m[8].slice(1).replace(/:/g, "");
    const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    if (Number(digits.slice(0, 2)) > 23) return null;
    ms -= sign * off * 6e4;
  }
  return ms;
}
function parseDate(text) {
  if (typeof text !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.slice(0, 10));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? utc(y, mo, d) : null;
}
var INT = /^\s*[+-]?\d+\s*$/;
function earliestDate(text) {
  if (typeof text !== "string") return null;
  const parts = text.trim().slice(0, 10).split("-");
  const nums = [];
  for (let i = 0; i < 3; i++) {
    if (i >= parts.length) {
      nums.push(1);
      continue;
    }
    if (!INT.test(parts[i])) return null;
    nums.push(parseInt(parts[i], 10));
  }
  const [y, m, d] = nums;
  if (y > 9999 || !validDate(y, m, d)) return null;
  return utc(y, m, d);
}
var DAY = 864e5;
function utcDay(ms) {
  return Math.floor(ms / DAY) * DAY;
}
function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// src/rules.mjs
var TEST_NOT_DETECTED = "260415000";
var DEFAULT_RULES = { requireCompleteSeries: true, maxTestAgeHours: 72 };
var list = (v) => Array.isArray(v) ? v : v ? Object.keys(v) : [];
var get = (e, k) => e !== null && typeof e === "object" ? e[k] : void 0;
var isInt2 = (v) => typeof v === "number" && Number.isInteger(v) || typeof v === "boolean";
function ruleProblems(dcc, now, rules = DEFAULT_RULES) {
  const problems2 = [];
  for (const entry of list(dcc.v)) {
    const dose = get(entry, "dn"), series = get(entry, "sd");
    if (rules.requireCompleteSeries && isInt2(dose) && isInt2(series) && Number(dose) < Number(series)) {
      problems2.push(["series-incomplete", `dose ${pyInt(dose)} of ${pyInt(series)}: the vaccination series is not complete`]);
    }
  }
  for (const entry of list(dcc.t)) {
    if (get(entry, "tr") !== TEST_NOT_DETECTED) problems2.push(["test-positive", "the test result is not 'not detected'"]);
    const sc = get(entry, "sc");
    const collected = parseTime(sc === void 0 ? "" : String(sc));
    if (collected === null) problems2.push(["test-time", "the sample collection time cannot be read"]);
    else if (now - collected > rules.maxTestAgeHours * 36e5) problems2.push(["test-too-old", `the sample was taken more than ${rules.maxTestAgeHours} hours ago`]);
  }
  for (const entry of list(dcc.r)) {
    const start = parseDate(String(get(entry, "df") ?? "")), end = parseDate(String(get(entry, "du") ?? ""));
    const today = utcDay(now);
    if (start === null || end === null) problems2.push(["recovery-dates", "the recovery validity dates cannot be read"]);
    else if (!(start <= today && today <= end)) problems2.push(["recovery-period", `recovery is valid from ${isoDate(start)} until ${isoDate(end)} only`]);
  }
  return problems2;
}
function pyInt(v) {
  return v === true ? "True" : v === false ? "False" : String(v);
}

// node_modules/@cfworker/json-schema/dist/esm/deep-compare-strict.js
function deepCompareStrict(a, b) {
  const typeofa = typeof a;
  if (typeofa !== typeof b) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) {
      return false;
    }
    const length = a.length;
    if (length !== b.length) {
      return false;
    }
    for (let i = 0; i < length; i++) {
      if (!deepCompareStrict(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  if (typeofa === "object") {
    if (!a || !b) {
      return a === b;
    }
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    const length = aKeys.length;
    if (length !== bKeys.length) {
      return false;
    }
    for (const k of aKeys) {
      if (!deepCompareStrict(a[k], b[k])) {
        return false;
      }
    }
    return true;
  }
  return a === b;
}

// node_modules/@cfworker/json-schema/dist/esm/pointer.js
function encodePointer(p) {
  return encodeURI(escapePointer(p));
}
function escapePointer(p) {
  return p.replace(/~/g, "~0").replace(/\//g, "~1");
}

// node_modules/@cfworker/json-schema/dist/esm/dereference.js
var schemaArrayKeyword = {
  prefixItems: true,
  items: true,
  allOf: true,
  anyOf: true,
  oneOf: true
};
var schemaMapKeyword = {
  $defs: true,
  definitions: true,
  properties: true,
  patternProperties: true,
  dependentSchemas: true
};
var ignoredKeyword = {
  id: true,
  $id: true,
  $ref: true,
  $schema: true,
  $anchor: true,
  $vocabulary: true,
  $comment: true,
  default: true,
  enum: true,
  const: true,
  required: true,
  type: true,
  maximum: true,
  minimum: true,
  exclusiveMaximum: true,
  exclusiveMinimum: true,
  multipleOf: true,
  maxLength: true,
  minLength: true,
  pattern: true,
  format: true,
  maxItems: true,
  minItems: true,
  uniqueItems: true,
  maxProperties: true,
  minProperties: true
};
var initialBaseURI = typeof self !== "undefined" && self.location && self.location.origin !== "null" ? new URL(self.location.origin + self.location.pathname + location.search) : new URL("https://github.com/cfworker");
function dereference(schema, lookup = /* @__PURE__ */ Object.create(null), baseURI = initialBaseURI, basePointer = "") {
  if (schema && typeof schema === "object" && !Array.isArray(schema)) {
    const id = schema.$id || schema.id;
    if (id) {
      const url = new URL(id, baseURI.href);
      if (url.hash.length > 1) {
        lookup[url.href] = schema;
      } else {
        url.hash = "";
        if (basePointer === "") {
          baseURI = url;
        } else {
          dereference(schema, lookup, baseURI);
        }
      }
    }
  } else if (schema !== true && schema !== false) {
    return lookup;
  }
  const schemaURI = baseURI.href + (basePointer ? "#" + basePointer : "");
  if (lookup[schemaURI] !== void 0) {
    throw new Error(`Duplicate schema URI "${schemaURI}".`);
  }
  lookup[schemaURI] = schema;
  if (schema === true || schema === false) {
    return lookup;
  }
  if (schema.__absolute_uri__ === void 0) {
    Object.defineProperty(schema, "__absolute_uri__", {
      enumerable: false,
      value: schemaURI
    });
  }
  if (schema.$ref && schema.__absolute_ref__ === void 0) {
    const url = new URL(schema.$ref, baseURI.href);
    url.hash = url.hash;
    Object.defineProperty(schema, "__absolute_ref__", {
      enumerable: false,
      value: url.href
    });
  }
  if (schema.$recursiveRef && schema.__absolute_recursive_ref__ === void 0) {
    const url = new URL(schema.$recursiveRef, baseURI.href);
    url.hash = url.hash;
    Object.defineProperty(schema, "__absolute_recursive_ref__", {
      enumerable: false,
      value: url.href
    });
  }
  if (schema.$anchor) {
    const url = new URL("#" + schema.$anchor, baseURI.href);
    lookup[url.href] = schema;
  }
  for (let key in schema) {
    if (ignoredKeyword[key]) {
      continue;
    }
    const keyBase = `${basePointer}/${encodePointer(key)}`;
    const subSchema = schema[key];
    if (Array.isArray(subSchema)) {
      if (schemaArrayKeyword[key]) {
        const length = subSchema.length;
        for (let i = 0; i < length; i++) {
          dereference(subSchema[i], lookup, baseURI, `${keyBase}/${i}`);
        }
      }
    } else if (schemaMapKeyword[key]) {
      for (let subKey in subSchema) {
        dereference(subSchema[subKey], lookup, baseURI, `${keyBase}/${encodePointer(subKey)}`);
      }
    } else {
      dereference(subSchema, lookup, baseURI, keyBase);
    }
  }
  return lookup;
}

// node_modules/@cfworker/json-schema/dist/esm/format.js
var DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
var DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
var TIME = /^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$/i;
var HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
var URIREF = /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
var URITEMPLATE = /^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$/i;
var URL_ = /^(?:(?:https?|ftp):\/\/)(?:\S+(?::\S*)?@)?(?:(?!10(?:\.\d{1,3}){3})(?!127(?:\.\d{1,3}){3})(?!169\.254(?:\.\d{1,3}){2})(?!192\.168(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z\u{00a1}-\u{ffff}0-9]+-?)*[a-z\u{00a1}-\u{ffff}0-9]+)(?:\.(?:[a-z\u{00a1}-\u{ffff}0-9]+-?)*[a-z\u{00a1}-\u{ffff}0-9]+)*(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,})))(?::\d{2,5})?(?:\/[^\s]*)?$/iu;
var UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
var JSON_POINTER = /^(?:\/(?:[^~/]|~0|~1)*)*$/;
var JSON_POINTER_URI_FRAGMENT = /^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$/i;
var RELATIVE_JSON_POINTER = /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/;
var EMAIL = (input) => {
  if (input[0] === '"')
    return false;
  const [name, host, ...rest] = input.split("@");
  if (!name || !host || rest.length !== 0 || name.length > 64 || host.length > 253)
    return false;
  if (name[0] === "." || name.endsWith(".") || name.includes(".."))
    return false;
  if (!/^[a-z0-9.-]+$/i.test(host) || !/^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/i.test(name))
    return false;
  return host.split(".").every((part) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(part));
};
var IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$/;
var IPV6 = /^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$/i;
var DURATION = (input) => input.length > 1 && input.length < 80 && (/^P\d+([.,]\d+)?W$/.test(input) || /^P[\dYMDTHS]*(\d[.,]\d+)?[YMDHS]$/.test(input) && /^P([.,\d]+Y)?([.,\d]+M)?([.,\d]+D)?(T([.,\d]+H)?([.,\d]+M)?([.,\d]+S)?)?$/.test(input));
function bind(r) {
  return r.test.bind(r);
}
var format = {
  date,
  time: time.bind(void 0, false),
  "date-time": date_time,
  duration: DURATION,
  uri,
  "uri-reference": bind(URIREF),
  "uri-template": bind(URITEMPLATE),
  url: bind(URL_),
  email: EMAIL,
  hostname: bind(HOSTNAME),
  ipv4: bind(IPV4),
  ipv6: bind(IPV6),
  regex,
  uuid: bind(UUID),
  "json-pointer": bind(JSON_POINTER),
  "json-pointer-uri-fragment": bind(JSON_POINTER_URI_FRAGMENT),
  "relative-json-pointer": bind(RELATIVE_JSON_POINTER)
};
function isLeapYear(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}
function date(str) {
  const matches = str.match(DATE);
  if (!matches)
    return false;
  const year = +matches[1];
  const month = +matches[2];
  const day = +matches[3];
  return month >= 1 && month <= 12 && day >= 1 && day <= (month == 2 && isLeapYear(year) ? 29 : DAYS[month]);
}
function time(full, str) {
  const matches = str.match(TIME);
  if (!matches)
    return false;
  const hour = +matches[1];
  const minute = +matches[2];
  const second = +matches[3];
  const timeZone = !!matches[5];
  return (hour <= 23 && minute <= 59 && second <= 59 || hour == 23 && minute == 59 && second == 60) && (!full || timeZone);
}
var DATE_TIME_SEPARATOR = /t|\s/i;
function date_time(str) {
  const dateTime = str.split(DATE_TIME_SEPARATOR);
  return dateTime.length == 2 && date(dateTime[0]) && time(true, dateTime[1]);
}
var NOT_URI_FRAGMENT = /\/|:/;
var URI_PATTERN = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
function uri(str) {
  return NOT_URI_FRAGMENT.test(str) && URI_PATTERN.test(str);
}
var Z_ANCHOR = /[^\\]\\Z/;
function regex(str) {
  if (Z_ANCHOR.test(str))
    return false;
  try {
    new RegExp(str, "u");
    return true;
  } catch (e) {
    return false;
  }
}

// node_modules/@cfworker/json-schema/dist/esm/types.js
var OutputFormat;
(function(OutputFormat2) {
  OutputFormat2[OutputFormat2["Flag"] = 1] = "Flag";
  OutputFormat2[OutputFormat2["Basic"] = 2] = "Basic";
  OutputFormat2[OutputFormat2["Detailed"] = 4] = "Detailed";
})(OutputFormat || (OutputFormat = {}));

// node_modules/@cfworker/json-schema/dist/esm/ucs2-length.js
function ucs2length(s) {
  let result = 0;
  let length = s.length;
  let index = 0;
  let charCode;
  while (index < length) {
    result++;
    charCode = s.charCodeAt(index++);
    if (charCode >= 55296 && charCode <= 56319 && index < length) {
      charCode = s.charCodeAt(index);
      if ((charCode & 64512) == 56320) {
        index++;
      }
    }
  }
  return result;
}

// node_modules/@cfworker/json-schema/dist/esm/validate.js
function validate(instance, schema, draft = "2019-09", lookup = dereference(schema), shortCircuit = true, recursiveAnchor = null, instanceLocation = "#", schemaLocation = "#", evaluated = /* @__PURE__ */ Object.create(null)) {
  if (schema === true) {
    return { valid: true, errors: [] };
  }
  if (schema === false) {
    return {
      valid: false,
      errors: [
        {
          instanceLocation,
          keyword: "false",
          keywordLocation: instanceLocation,
          error: "False boolean schema."
        }
      ]
    };
  }
  const rawInstanceType = typeof instance;
  let instanceType;
  switch (rawInstanceType) {
    case "boolean":
    case "number":
    case "string":
      instanceType = rawInstanceType;
      break;
    case "object":
      if (instance === null) {
        instanceType = "null";
      } else if (Array.isArray(instance)) {
        instanceType = "array";
      } else {
        instanceType = "object";
      }
      break;
    default:
      throw new Error(`Instances of "${rawInstanceType}" type are not supported.`);
  }
  const { $ref, $recursiveRef, $recursiveAnchor, type: $type, const: $const, enum: $enum, required: $required, not: $not, anyOf: $anyOf, allOf: $allOf, oneOf: $oneOf, if: $if, then: $then, else: $else, format: $format, properties: $properties, patternProperties: $patternProperties, additionalProperties: $additionalProperties, unevaluatedProperties: $unevaluatedProperties, minProperties: $minProperties, maxProperties: $maxProperties, propertyNames: $propertyNames, dependentRequired: $dependentRequired, dependentSchemas: $dependentSchemas, dependencies: $dependencies, prefixItems: $prefixItems, items: $items, additionalItems: $additionalItems, unevaluatedItems: $unevaluatedItems, contains: $contains, minContains: $minContains, maxContains: $maxContains, minItems: $minItems, maxItems: $maxItems, uniqueItems: $uniqueItems, minimum: $minimum, maximum: $maximum, exclusiveMinimum: $exclusiveMinimum, exclusiveMaximum: $exclusiveMaximum, multipleOf: $multipleOf, minLength: $minLength, maxLength: $maxLength, pattern: $pattern, __absolute_ref__, __absolute_recursive_ref__ } = schema;
  const errors = [];
  if ($recursiveAnchor === true && recursiveAnchor === null) {
    recursiveAnchor = schema;
  }
  if ($recursiveRef === "#") {
    const refSchema = recursiveAnchor === null ? lookup[__absolute_recursive_ref__] : recursiveAnchor;
    const keywordLocation = `${schemaLocation}/$recursiveRef`;
    const result = validate(instance, recursiveAnchor === null ? schema : recursiveAnchor, draft, lookup, shortCircuit, refSchema, instanceLocation, keywordLocation, evaluated);
    if (!result.valid) {
      errors.push({
        instanceLocation,
        keyword: "$recursiveRef",
        keywordLocation,
        error: "A subschema had errors."
      }, ...result.errors);
    }
  }
  if ($ref !== void 0) {
    const uri2 = __absolute_ref__ || $ref;
    const refSchema = lookup[uri2];
    if (refSchema === void 0) {
      let message = `Unresolved $ref "${$ref}".`;
      if (__absolute_ref__ && __absolute_ref__ !== $ref) {
        message += `  Absolute URI "${__absolute_ref__}".`;
      }
      message += `
Known schemas:
- ${Object.keys(lookup).join("\n- ")}`;
      throw new Error(message);
    }
    const keywordLocation = `${schemaLocation}/$ref`;
    const result = validate(instance, refSchema, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, keywordLocation, evaluated);
    if (!result.valid) {
      errors.push({
        instanceLocation,
        keyword: "$ref",
        keywordLocation,
        error: "A subschema had errors."
      }, ...result.errors);
    }
    if (draft === "4" || draft === "7") {
      return { valid: errors.length === 0, errors };
    }
  }
  if (Array.isArray($type)) {
    let length = $type.length;
    let valid = false;
    for (let i = 0; i < length; i++) {
      if (instanceType === $type[i] || $type[i] === "integer" && instanceType === "number" && instance % 1 === 0 && instance === instance) {
        valid = true;
        break;
      }
    }
    if (!valid) {
      errors.push({
        instanceLocation,
        keyword: "type",
        keywordLocation: `${schemaLocation}/type`,
        error: `Instance type "${instanceType}" is invalid. Expected "${$type.join('", "')}".`
      });
    }
  } else if ($type === "integer") {
    if (instanceType !== "number" || instance % 1 || instance !== instance) {
      errors.push({
        instanceLocation,
        keyword: "type",
        keywordLocation: `${schemaLocation}/type`,
        error: `Instance type "${instanceType}" is invalid. Expected "${$type}".`
      });
    }
  } else if ($type !== void 0 && instanceType !== $type) {
    errors.push({
      instanceLocation,
      keyword: "type",
      keywordLocation: `${schemaLocation}/type`,
      error: `Instance type "${instanceType}" is invalid. Expected "${$type}".`
    });
  }
  if ($const !== void 0) {
    if (instanceType === "object" || instanceType === "array") {
      if (!deepCompareStrict(instance, $const)) {
        errors.push({
          instanceLocation,
          keyword: "const",
          keywordLocation: `${schemaLocation}/const`,
          error: `Instance does not match ${JSON.stringify($const)}.`
        });
      }
    } else if (instance !== $const) {
      errors.push({
        instanceLocation,
        keyword: "const",
        keywordLocation: `${schemaLocation}/const`,
        error: `Instance does not match ${JSON.stringify($const)}.`
      });
    }
  }
  if ($enum !== void 0) {
    if (instanceType === "object" || instanceType === "array") {
      if (!$enum.some((value2) => deepCompareStrict(instance, value2))) {
        errors.push({
          instanceLocation,
          keyword: "enum",
          keywordLocation: `${schemaLocation}/enum`,
          error: `Instance does not match any of ${JSON.stringify($enum)}.`
        });
      }
    } else if (!$enum.some((value2) => instance === value2)) {
      errors.push({
        instanceLocation,
        keyword: "enum",
        keywordLocation: `${schemaLocation}/enum`,
        error: `Instance does not match any of ${JSON.stringify($enum)}.`
      });
    }
  }
  if ($not !== void 0) {
    const keywordLocation = `${schemaLocation}/not`;
    const result = validate(instance, $not, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, keywordLocation);
    if (result.valid) {
      errors.push({
        instanceLocation,
        keyword: "not",
        keywordLocation,
        error: 'Instance matched "not" schema.'
      });
    }
  }
  let subEvaluateds = [];
  if ($anyOf !== void 0) {
    const keywordLocation = `${schemaLocation}/anyOf`;
    const errorsLength = errors.length;
    let anyValid = false;
    for (let i = 0; i < $anyOf.length; i++) {
      const subSchema = $anyOf[i];
      const subEvaluated = Object.create(evaluated);
      const result = validate(instance, subSchema, draft, lookup, shortCircuit, $recursiveAnchor === true ? recursiveAnchor : null, instanceLocation, `${keywordLocation}/${i}`, subEvaluated);
      errors.push(...result.errors);
      anyValid = anyValid || result.valid;
      if (result.valid) {
        subEvaluateds.push(subEvaluated);
      }
    }
    if (anyValid) {
      errors.length = errorsLength;
    } else {
      errors.splice(errorsLength, 0, {
        instanceLocation,
        keyword: "anyOf",
        keywordLocation,
        error: "Instance does not match any subschemas."
      });
    }
  }
  if ($allOf !== void 0) {
    const keywordLocation = `${schemaLocation}/allOf`;
    const errorsLength = errors.length;
    let allValid = true;
    for (let i = 0; i < $allOf.length; i++) {
      const subSchema = $allOf[i];
      const subEvaluated = Object.create(evaluated);
      const result = validate(instance, subSchema, draft, lookup, shortCircuit, $recursiveAnchor === true ? recursiveAnchor : null, instanceLocation, `${keywordLocation}/${i}`, subEvaluated);
      errors.push(...result.errors);
      allValid = allValid && result.valid;
      if (result.valid) {
        subEvaluateds.push(subEvaluated);
      }
    }
    if (allValid) {
      errors.length = errorsLength;
    } else {
      errors.splice(errorsLength, 0, {
        instanceLocation,
        keyword: "allOf",
        keywordLocation,
        error: `Instance does not match every subschema.`
      });
    }
  }
  if ($oneOf !== void 0) {
    const keywordLocation = `${schemaLocation}/oneOf`;
    const errorsLength = errors.length;
    const matches = $oneOf.filter((subSchema, i) => {
      const subEvaluated = Object.create(evaluated);
      const result = validate(instance, subSchema, draft, lookup, shortCircuit, $recursiveAnchor === true ? recursiveAnchor : null, instanceLocation, `${keywordLocation}/${i}`, subEvaluated);
      errors.push(...result.errors);
      if (result.valid) {
        subEvaluateds.push(subEvaluated);
      }
      return result.valid;
    }).length;
    if (matches === 1) {
      errors.length = errorsLength;
    } else {
      errors.splice(errorsLength, 0, {
        instanceLocation,
        keyword: "oneOf",
        keywordLocation,
        error: `Instance does not match exactly one subschema (${matches} matches).`
      });
    }
  }
  if (instanceType === "object" || instanceType === "array") {
    Object.assign(evaluated, ...subEvaluateds);
  }
  if ($if !== void 0) {
    const keywordLocation = `${schemaLocation}/if`;
    const conditionResult = validate(instance, $if, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, keywordLocation, evaluated).valid;
    if (conditionResult) {
      if ($then !== void 0) {
        const thenResult = validate(instance, $then, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, `${schemaLocation}/then`, evaluated);
        if (!thenResult.valid) {
          errors.push({
            instanceLocation,
            keyword: "if",
            keywordLocation,
            error: `Instance does not match "then" schema.`
          }, ...thenResult.errors);
        }
      }
    } else if ($else !== void 0) {
      const elseResult = validate(instance, $else, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, `${schemaLocation}/else`, evaluated);
      if (!elseResult.valid) {
        errors.push({
          instanceLocation,
          keyword: "if",
          keywordLocation,
          error: `Instance does not match "else" schema.`
        }, ...elseResult.errors);
      }
    }
  }
  if (instanceType === "object") {
    if ($required !== void 0) {
      for (const key of $required) {
        if (!(key in instance)) {
          errors.push({
            instanceLocation,
            keyword: "required",
            keywordLocation: `${schemaLocation}/required`,
            error: `Instance does not have required property "${key}".`
          });
        }
      }
    }
    const keys2 = Object.keys(instance);
    if ($minProperties !== void 0 && keys2.length < $minProperties) {
      errors.push({
        instanceLocation,
        keyword: "minProperties",
        keywordLocation: `${schemaLocation}/minProperties`,
        error: `Instance does not have at least ${$minProperties} properties.`
      });
    }
    if ($maxProperties !== void 0 && keys2.length > $maxProperties) {
      errors.push({
        instanceLocation,
        keyword: "maxProperties",
        keywordLocation: `${schemaLocation}/maxProperties`,
        error: `Instance does not have at least ${$maxProperties} properties.`
      });
    }
    if ($propertyNames !== void 0) {
      const keywordLocation = `${schemaLocation}/propertyNames`;
      for (const key in instance) {
        const subInstancePointer = `${instanceLocation}/${encodePointer(key)}`;
        const result = validate(key, $propertyNames, draft, lookup, shortCircuit, recursiveAnchor, subInstancePointer, keywordLocation);
        if (!result.valid) {
          errors.push({
            instanceLocation,
            keyword: "propertyNames",
            keywordLocation,
            error: `Property name "${key}" does not match schema.`
          }, ...result.errors);
        }
      }
    }
    if ($dependentRequired !== void 0) {
      const keywordLocation = `${schemaLocation}/dependantRequired`;
      for (const key in $dependentRequired) {
        if (key in instance) {
          const required = $dependentRequired[key];
          for (const dependantKey of required) {
            if (!(dependantKey in instance)) {
              errors.push({
                instanceLocation,
                keyword: "dependentRequired",
                keywordLocation,
                error: `Instance has "${key}" but does not have "${dependantKey}".`
              });
            }
          }
        }
      }
    }
    if ($dependentSchemas !== void 0) {
      for (const key in $dependentSchemas) {
        const keywordLocation = `${schemaLocation}/dependentSchemas`;
        if (key in instance) {
          const result = validate(instance, $dependentSchemas[key], draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, `${keywordLocation}/${encodePointer(key)}`, evaluated);
          if (!result.valid) {
            errors.push({
              instanceLocation,
              keyword: "dependentSchemas",
              keywordLocation,
              error: `Instance has "${key}" but does not match dependant schema.`
            }, ...result.errors);
          }
        }
      }
    }
    if ($dependencies !== void 0) {
      const keywordLocation = `${schemaLocation}/dependencies`;
      for (const key in $dependencies) {
        if (key in instance) {
          const propsOrSchema = $dependencies[key];
          if (Array.isArray(propsOrSchema)) {
            for (const dependantKey of propsOrSchema) {
              if (!(dependantKey in instance)) {
                errors.push({
                  instanceLocation,
                  keyword: "dependencies",
                  keywordLocation,
                  error: `Instance has "${key}" but does not have "${dependantKey}".`
                });
              }
            }
          } else {
            const result = validate(instance, propsOrSchema, draft, lookup, shortCircuit, recursiveAnchor, instanceLocation, `${keywordLocation}/${encodePointer(key)}`);
            if (!result.valid) {
              errors.push({
                instanceLocation,
                keyword: "dependencies",
                keywordLocation,
                error: `Instance has "${key}" but does not match dependant schema.`
              }, ...result.errors);
            }
          }
        }
      }
    }
    const thisEvaluated = /* @__PURE__ */ Object.create(null);
    let stop = false;
    if ($properties !== void 0) {
      const keywordLocation = `${schemaLocation}/properties`;
      for (const key in $properties) {
        if (!(key in instance)) {
          continue;
        }
        const subInstancePointer = `${instanceLocation}/${encodePointer(key)}`;
        const result = validate(instance[key], $properties[key], draft, lookup, shortCircuit, recursiveAnchor, subInstancePointer, `${keywordLocation}/${encodePointer(key)}`);
        if (result.valid) {
          evaluated[key] = thisEvaluated[key] = true;
        } else {
          stop = shortCircuit;
          errors.push({
            instanceLocation,
            keyword: "properties",
            keywordLocation,
            error: `Property "${key}" does not match schema.`
          }, ...result.errors);
          if (stop)
            break;
        }
      }
    }
    if (!stop && $patternProperties !== void 0) {
      const keywordLocation = `${schemaLocation}/patternProperties`;
      for (const pattern in $patternProperties) {
        const regex2 = new RegExp(pattern, "u");
        const subSchema = $patternProperties[pattern];
        for (const key in instance) {
          if (!regex2.test(key)) {
            continue;
          }
          const subInstancePointer = `${instanceLocation}/${encodePointer(key)}`;
          const result = validate(instance[key], subSchema, draft, lookup, shortCircuit, recursiveAnchor, subInstancePointer, `${keywordLocation}/${encodePointer(pattern)}`);
          if (result.valid) {
            evaluated[key] = thisEvaluated[key] = true;
          } else {
            stop = shortCircuit;
            errors.push({
              instanceLocation,
              keyword: "patternProperties",
              keywordLocation,
              error: `Property "${key}" matches pattern "${pattern}" but does not match associated schema.`
            }, ...result.errors);
          }
        }
      }
    }
    if (!stop && $additionalProperties !== void 0) {
      const keywordLocation = `${schemaLocation}/additionalProperties`;
      for (const key in instance) {
        if (thisEvaluated[key]) {
          continue;
        }
        const subInstancePointer = `${instanceLocation}/${encodePointer(key)}`;
        const result = validate(instance[key], $additionalProperties, draft, lookup, shortCircuit, recursiveAnchor, subInstancePointer, keywordLocation);
        if (result.valid) {
          evaluated[key] = true;
        } else {
          stop = shortCircuit;
          errors.push({
            instanceLocation,
            keyword: "additionalProperties",
            keywordLocation,
            error: `Property "${key}" does not match additional properties schema.`
          }, ...result.errors);
        }
      }
    } else if (!stop && $unevaluatedProperties !== void 0) {
      const keywordLocation = `${schemaLocation}/unevaluatedProperties`;
      for (const key in instance) {
        if (!evaluated[key]) {
          const subInstancePointer = `${instanceLocation}/${encodePointer(key)}`;
          const result = validate(instance[key], $unevaluatedProperties, draft, lookup, shortCircuit, recursiveAnchor, subInstancePointer, keywordLocation);
          if (result.valid) {
            evaluated[key] = true;
          } else {
            errors.push({
              instanceLocation,
              keyword: "unevaluatedProperties",
              keywordLocation,
              error: `Property "${key}" does not match unevaluated properties schema.`
            }, ...result.errors);
          }
        }
      }
    }
  } else if (instanceType === "array") {
    if ($maxItems !== void 0 && instance.length > $maxItems) {
      errors.push({
        instanceLocation,
        keyword: "maxItems",
        keywordLocation: `${schemaLocation}/maxItems`,
        error: `Array has too many items (${instance.length} > ${$maxItems}).`
      });
    }
    if ($minItems !== void 0 && instance.length < $minItems) {
      errors.push({
        instanceLocation,
        keyword: "minItems",
        keywordLocation: `${schemaLocation}/minItems`,
        error: `Array has too few items (${instance.length} < ${$minItems}).`
      });
    }
    const length = instance.length;
    let i = 0;
    let stop = false;
    if ($prefixItems !== void 0) {
      const keywordLocation = `${schemaLocation}/prefixItems`;
      const length2 = Math.min($prefixItems.length, length);
      for (; i < length2; i++) {
        const result = validate(instance[i], $prefixItems[i], draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${i}`, `${keywordLocation}/${i}`);
        evaluated[i] = true;
        if (!result.valid) {
          stop = shortCircuit;
          errors.push({
            instanceLocation,
            keyword: "prefixItems",
            keywordLocation,
            error: `Items did not match schema.`
          }, ...result.errors);
          if (stop)
            break;
        }
      }
    }
    if ($items !== void 0) {
      const keywordLocation = `${schemaLocation}/items`;
      if (Array.isArray($items)) {
        const length2 = Math.min($items.length, length);
        for (; i < length2; i++) {
          const result = validate(instance[i], $items[i], draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${i}`, `${keywordLocation}/${i}`);
          evaluated[i] = true;
          if (!result.valid) {
            stop = shortCircuit;
            errors.push({
              instanceLocation,
              keyword: "items",
              keywordLocation,
              error: `Items did not match schema.`
            }, ...result.errors);
            if (stop)
              break;
          }
        }
      } else {
        for (; i < length; i++) {
          const result = validate(instance[i], $items, draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${i}`, keywordLocation);
          evaluated[i] = true;
          if (!result.valid) {
            stop = shortCircuit;
            errors.push({
              instanceLocation,
              keyword: "items",
              keywordLocation,
              error: `Items did not match schema.`
            }, ...result.errors);
            if (stop)
              break;
          }
        }
      }
      if (!stop && $additionalItems !== void 0) {
        const keywordLocation2 = `${schemaLocation}/additionalItems`;
        for (; i < length; i++) {
          const result = validate(instance[i], $additionalItems, draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${i}`, keywordLocation2);
          evaluated[i] = true;
          if (!result.valid) {
            stop = shortCircuit;
            errors.push({
              instanceLocation,
              keyword: "additionalItems",
              keywordLocation: keywordLocation2,
              error: `Items did not match additional items schema.`
            }, ...result.errors);
          }
        }
      }
    }
    if ($contains !== void 0) {
      if (length === 0 && $minContains === void 0) {
        errors.push({
          instanceLocation,
          keyword: "contains",
          keywordLocation: `${schemaLocation}/contains`,
          error: `Array is empty. It must contain at least one item matching the schema.`
        });
      } else if ($minContains !== void 0 && length < $minContains) {
        errors.push({
          instanceLocation,
          keyword: "minContains",
          keywordLocation: `${schemaLocation}/minContains`,
          error: `Array has less items (${length}) than minContains (${$minContains}).`
        });
      } else {
        const keywordLocation = `${schemaLocation}/contains`;
        const errorsLength = errors.length;
        let contained = 0;
        for (let j = 0; j < length; j++) {
          const result = validate(instance[j], $contains, draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${j}`, keywordLocation);
          if (result.valid) {
            evaluated[j] = true;
            contained++;
          } else {
            errors.push(...result.errors);
          }
        }
        if (contained >= ($minContains || 0)) {
          errors.length = errorsLength;
        }
        if ($minContains === void 0 && $maxContains === void 0 && contained === 0) {
          errors.splice(errorsLength, 0, {
            instanceLocation,
            keyword: "contains",
            keywordLocation,
            error: `Array does not contain item matching schema.`
          });
        } else if ($minContains !== void 0 && contained < $minContains) {
          errors.push({
            instanceLocation,
            keyword: "minContains",
            keywordLocation: `${schemaLocation}/minContains`,
            error: `Array must contain at least ${$minContains} items matching schema. Only ${contained} items were found.`
          });
        } else if ($maxContains !== void 0 && contained > $maxContains) {
          errors.push({
            instanceLocation,
            keyword: "maxContains",
            keywordLocation: `${schemaLocation}/maxContains`,
            error: `Array may contain at most ${$maxContains} items matching schema. ${contained} items were found.`
          });
        }
      }
    }
    if (!stop && $unevaluatedItems !== void 0) {
      const keywordLocation = `${schemaLocation}/unevaluatedItems`;
      for (i; i < length; i++) {
        if (evaluated[i]) {
          continue;
        }
        const result = validate(instance[i], $unevaluatedItems, draft, lookup, shortCircuit, recursiveAnchor, `${instanceLocation}/${i}`, keywordLocation);
        evaluated[i] = true;
        if (!result.valid) {
          errors.push({
            instanceLocation,
            keyword: "unevaluatedItems",
            keywordLocation,
            error: `Items did not match unevaluated items schema.`
          }, ...result.errors);
        }
      }
    }
    if ($uniqueItems) {
      for (let j = 0; j < length; j++) {
        const a = instance[j];
        const ao = typeof a === "object" && a !== null;
        for (let k = 0; k < length; k++) {
          if (j === k) {
            continue;
          }
          const b = instance[k];
          const bo = typeof b === "object" && b !== null;
          if (a === b || ao && bo && deepCompareStrict(a, b)) {
            errors.push({
              instanceLocation,
              keyword: "uniqueItems",
              keywordLocation: `${schemaLocation}/uniqueItems`,
              error: `Duplicate items at indexes ${j} and ${k}.`
            });
            j = Number.MAX_SAFE_INTEGER;
            k = Number.MAX_SAFE_INTEGER;
          }
        }
      }
    }
  } else if (instanceType === "number") {
    if (draft === "4") {
      if ($minimum !== void 0 && ($exclusiveMinimum === true && instance <= $minimum || instance < $minimum)) {
        errors.push({
          instanceLocation,
          keyword: "minimum",
          keywordLocation: `${schemaLocation}/minimum`,
          error: `${instance} is less than ${$exclusiveMinimum ? "or equal to " : ""} ${$minimum}.`
        });
      }
      if ($maximum !== void 0 && ($exclusiveMaximum === true && instance >= $maximum || instance > $maximum)) {
        errors.push({
          instanceLocation,
          keyword: "maximum",
          keywordLocation: `${schemaLocation}/maximum`,
          error: `${instance} is greater than ${$exclusiveMaximum ? "or equal to " : ""} ${$maximum}.`
        });
      }
    } else {
      if ($minimum !== void 0 && instance < $minimum) {
        errors.push({
          instanceLocation,
          keyword: "minimum",
          keywordLocation: `${schemaLocation}/minimum`,
          error: `${instance} is less than ${$minimum}.`
        });
      }
      if ($maximum !== void 0 && instance > $maximum) {
        errors.push({
          instanceLocation,
          keyword: "maximum",
          keywordLocation: `${schemaLocation}/maximum`,
          error: `${instance} is greater than ${$maximum}.`
        });
      }
      if ($exclusiveMinimum !== void 0 && instance <= $exclusiveMinimum) {
        errors.push({
          instanceLocation,
          keyword: "exclusiveMinimum",
          keywordLocation: `${schemaLocation}/exclusiveMinimum`,
          error: `${instance} is less than ${$exclusiveMinimum}.`
        });
      }
      if ($exclusiveMaximum !== void 0 && instance >= $exclusiveMaximum) {
        errors.push({
          instanceLocation,
          keyword: "exclusiveMaximum",
          keywordLocation: `${schemaLocation}/exclusiveMaximum`,
          error: `${instance} is greater than or equal to ${$exclusiveMaximum}.`
        });
      }
    }
    if ($multipleOf !== void 0) {
      const remainder = instance % $multipleOf;
      if (Math.abs(0 - remainder) >= 11920929e-14 && Math.abs($multipleOf - remainder) >= 11920929e-14) {
        errors.push({
          instanceLocation,
          keyword: "multipleOf",
          keywordLocation: `${schemaLocation}/multipleOf`,
          error: `${instance} is not a multiple of ${$multipleOf}.`
        });
      }
    }
  } else if (instanceType === "string") {
    const length = $minLength === void 0 && $maxLength === void 0 ? 0 : ucs2length(instance);
    if ($minLength !== void 0 && length < $minLength) {
      errors.push({
        instanceLocation,
        keyword: "minLength",
        keywordLocation: `${schemaLocation}/minLength`,
        error: `String is too short (${length} < ${$minLength}).`
      });
    }
    if ($maxLength !== void 0 && length > $maxLength) {
      errors.push({
        instanceLocation,
        keyword: "maxLength",
        keywordLocation: `${schemaLocation}/maxLength`,
        error: `String is too long (${length} > ${$maxLength}).`
      });
    }
    if ($pattern !== void 0 && !new RegExp($pattern, "u").test(instance)) {
      errors.push({
        instanceLocation,
        keyword: "pattern",
        keywordLocation: `${schemaLocation}/pattern`,
        error: `String does not match pattern.`
      });
    }
    if ($format !== void 0 && format[$format] && !format[$format](instance)) {
      errors.push({
        instanceLocation,
        keyword: "format",
        keywordLocation: `${schemaLocation}/format`,
        error: `String does not match format "${$format}".`
      });
    }
  }
  return { valid: errors.length === 0, errors };
}

// node_modules/@cfworker/json-schema/dist/esm/validator.js
var Validator = class {
  schema;
  draft;
  shortCircuit;
  lookup;
  constructor(schema, draft = "2019-09", shortCircuit = true) {
    this.schema = schema;
    this.draft = draft;
    this.shortCircuit = shortCircuit;
    this.lookup = dereference(schema);
  }
  validate(instance) {
    return validate(instance, this.schema, this.draft, this.lookup, this.shortCircuit);
  }
  addSchema(schema, id) {
    if (id) {
      schema = { ...schema, $id: id };
    }
    dereference(schema, this.lookup);
  }
};

// ../formats/hcert/data/schemas/1.0.0.json
var __default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DGC.combined-schema.json",
  title: "EU DGC",
  description: "EU Digital Green Certificate",
  $comment: "Schema version 1.0.0",
  required: [
    "ver",
    "nam",
    "dob"
  ],
  type: "object",
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.0.0"
      ]
    },
    nam: {
      description: "Surname(s), given name(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DGC. ISO 8601 date format restricted to range 1900-2099",
      type: "string",
      format: "date",
      pattern: "(19|20)\\d{2}-\\d{2}-\\d{2}",
      examples: [
        "1979-04-14"
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer, range: [1,9]",
      type: "integer",
      minimum: 1,
      maximum: 9
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}"
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 50
    },
    person_name: {
      description: "Person name: Surname(s), given name(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Family name",
          description: "The family or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised family name",
          description: "The family name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Given name",
          description: "The given name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised given name",
          description: "The given name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 50
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "Date of Vaccination",
          type: "string",
          format: "date",
          $comment: "SemanticSG: constrain to specific date range?"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "tc",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          type: "string"
        },
        nm: {
          description: "NAA Test Name",
          type: "string"
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        dr: {
          description: "Date/Time of Test Result",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 50
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 Date of First Positive Test Result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 Date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-results.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.0.1.json
var __default2 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DGC.combined-schema.json",
  title: "EU DGC",
  description: "EU Digital Green Certificate",
  $comment: "Schema version 1.0.1",
  required: [
    "ver",
    "nam",
    "dob"
  ],
  type: "object",
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.0.0"
      ]
    },
    nam: {
      description: "Surname(s), given name(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DGC. ISO 8601 date format restricted to range 1900-2099",
      type: "string",
      format: "date",
      pattern: "(19|20)\\d{2}-\\d{2}-\\d{2}",
      examples: [
        "1979-04-14"
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer, range: [1,9]",
      type: "integer",
      minimum: 1,
      maximum: 9
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}"
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 50
    },
    person_name: {
      description: "Person name: Surname(s), given name(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Family name",
          description: "The family or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised family name",
          description: "The family name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Given name",
          description: "The given name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised given name",
          description: "The given name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 50
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "Date of Vaccination",
          type: "string",
          format: "date",
          $comment: "SemanticSG: constrain to specific date range?"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "tc",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string"
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        dr: {
          description: "Date/Time of Test Result",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 50
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 Date of First Positive Test Result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 Date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-results.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.1.0.json
var __default3 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DGC.combined-schema.json",
  title: "EU DGC",
  description: "EU Digital Green Certificate",
  $comment: "Schema version 1.1.0",
  required: [
    "ver",
    "nam",
    "dob"
  ],
  type: "object",
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.1.0"
      ]
    },
    nam: {
      description: "Surname(s), given name(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DGC. ISO 8601 date format restricted to range 1900-2099",
      type: "string",
      pattern: "^(19|20)\\d\\d(-\\d\\d){0,2}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08"
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer, range: [1,9]",
      type: "integer",
      minimum: 1,
      maximum: 9
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}"
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 50
    },
    person_name: {
      description: "Person name: Surname(s), given name(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Family name",
          description: "The family or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised family name",
          description: "The family name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Given name",
          description: "The given name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised given name",
          description: "The given name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 50
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "Date of Vaccination",
          type: "string",
          format: "date",
          $comment: "SemanticSG: constrain to specific date range?"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "tc",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string"
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        dr: {
          description: "Date/Time of Test Result",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 50
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 Date of First Positive Test Result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 Date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.2.0.json
var __default4 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DGC.combined-schema.json",
  title: "EU DGC",
  description: "EU Digital Green Certificate",
  $comment: "Schema version 1.2.0",
  required: [
    "ver",
    "nam",
    "dob"
  ],
  type: "object",
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.2.0"
      ]
    },
    nam: {
      description: "Surname(s), given name(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DGC. ISO 8601 date format restricted to range 1900-2099",
      type: "string",
      pattern: "^(19|20)\\d\\d(-\\d\\d){0,2}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08"
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer, range: [1,9]",
      type: "integer",
      minimum: 1,
      maximum: 9
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}"
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 50
    },
    person_name: {
      description: "Person name: Surname(s), given name(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Family name",
          description: "The family or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised family name",
          description: "The family name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Given name",
          description: "The given name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised given name",
          description: "The given name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 50
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "Date of Vaccination",
          type: "string",
          format: "date",
          $comment: "SemanticSG: constrain to specific date range?"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "tc",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string"
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 50
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 Date of First Positive NAA Test Result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 Date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Green Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.2.1.json
var __default5 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DCC.combined-schema.json",
  title: "EU DCC",
  description: "EU Digital Covid Certificate",
  $comment: "Schema version 1.2.1",
  required: [
    "ver",
    "nam",
    "dob"
  ],
  type: "object",
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.2.1"
      ]
    },
    nam: {
      description: "Surname(s), given name(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DCC. ISO 8601 date format restricted to range 1900-2099",
      type: "string",
      pattern: "^(19|20)\\d\\d(-\\d\\d){0,2}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08"
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer, range: [1,9]",
      type: "integer",
      minimum: 1,
      maximum: 9
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}"
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 50
    },
    person_name: {
      description: "Person name: Surname(s), given name(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Family name",
          description: "The family or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised family name",
          description: "The family name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Given name",
          description: "The given name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 50,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised given name",
          description: "The given name(s) of the person transliterated",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 50,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 50
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "Date of Vaccination",
          type: "string",
          format: "date",
          $comment: "SemanticSG: constrain to specific date range?"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "tc",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string"
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 50
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 Date of First Positive NAA Test Result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 Date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.3.0.json
var __default6 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DCC.combined-schema.json",
  title: "EU DCC",
  description: "EU Digital Covid Certificate",
  $comment: "Schema version 1.3.0",
  type: "object",
  oneOf: [
    {
      required: [
        "ver",
        "nam",
        "dob",
        "v"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "t"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "r"
      ]
    }
  ],
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.3.0"
      ]
    },
    nam: {
      description: "Surname(s), forename(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DCC. ISO 8601 date format restricted to range 1900-2099 or empty",
      type: "string",
      pattern: "^((19|20)\\d\\d(-\\d\\d){0,2}){0,1}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08",
        ""
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1,
      maxItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer",
      type: "integer",
      minimum: 1
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 80
    },
    person_name: {
      description: "Person name: Surname(s), forename(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Surname",
          description: "The surname or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised surname",
          description: "The surname(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Forename",
          description: "The forename(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised forename",
          description: "The forename(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 80
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "ISO8601 complete date: Date of Vaccination",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string",
          maxLength: 80
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 80
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 complete date of first positive NAA test result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 complete date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "ISO 8601 complete date: Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 alpha-2 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}",
      "valueset-uri": "valuesets/country-2-codes.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.3.1.json
var __default7 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DCC.combined-schema.json",
  title: "EU DCC",
  description: "EU Digital Covid Certificate",
  $comment: "Schema version 1.3.1",
  type: "object",
  oneOf: [
    {
      required: [
        "ver",
        "nam",
        "dob",
        "v"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "t"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "r"
      ]
    }
  ],
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.0.0",
        "1.3.0",
        "1.3.1"
      ]
    },
    nam: {
      description: "Surname(s), forename(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DCC. ISO 8601 date format restricted to range 1900-2099 or empty",
      type: "string",
      pattern: "^((19|20)\\d\\d(-\\d\\d){0,2}){0,1}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08",
        ""
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1,
      maxItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer",
      type: "integer",
      minimum: 1
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 80
    },
    person_name: {
      description: "Person name: Surname(s), forename(s) - in that order",
      required: [
        "fnt"
      ],
      type: "object",
      properties: {
        fn: {
          title: "Surname",
          description: "The surname or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised surname",
          description: "The surname(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Forename",
          description: "The forename(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised forename",
          description: "The forename(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 80
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "ISO8601 complete date: Date of Vaccination",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string",
          maxLength: 80
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 80
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 complete date of first positive NAA test result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 complete date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "ISO 8601 complete date: Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 alpha-2 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}",
      "valueset-uri": "valuesets/country-2-codes.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/schemas/1.3.2.json
var __default8 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DCC.combined-schema.json",
  title: "EU DCC",
  description: "EU Digital Covid Certificate",
  $comment: "Schema version 1.3.2",
  type: "object",
  oneOf: [
    {
      required: [
        "ver",
        "nam",
        "dob",
        "v"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "t"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "r"
      ]
    }
  ],
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.0.0",
        "1.3.0",
        "1.3.1",
        "1.3.2"
      ]
    },
    nam: {
      description: "Surname(s), forename(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DCC. ISO 8601 date format restricted to range 1900-2099 or empty",
      type: "string",
      pattern: "^((19|20)\\d\\d(-\\d\\d){0,2}){0,1}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08",
        ""
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1,
      maxItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer",
      type: "integer",
      minimum: 1
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 80
    },
    person_name: {
      description: "Person name: Surname(s), forename(s) - in that order",
      anyOf: [
        {
          required: [
            "fnt"
          ]
        },
        {
          required: [
            "gnt"
          ]
        }
      ],
      type: "object",
      properties: {
        fn: {
          title: "Surname",
          description: "The surname or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised surname",
          description: "The surname(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Forename",
          description: "The forename(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised forename",
          description: "The forename(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 80
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "ISO8601 complete date: Date of Vaccination",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string",
          maxLength: 80
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 80
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 complete date of first positive NAA test result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 complete date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "ISO 8601 complete date: Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    country_vt: {
      description: "Country of Vaccination / Test, ISO 3166 alpha-2 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}",
      "valueset-uri": "valuesets/country-2-codes.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. version 1.0, 2021-04-16, section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    }
  }
};

// ../formats/hcert/data/DCC.combined-schema.json
var DCC_combined_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://id.uvci.eu/DCC.combined-schema.json",
  title: "EU DCC",
  description: "EU Digital Covid Certificate",
  $comment: "Schema version 1.3.3",
  type: "object",
  oneOf: [
    {
      required: [
        "ver",
        "nam",
        "dob",
        "v"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "t"
      ]
    },
    {
      required: [
        "ver",
        "nam",
        "dob",
        "r"
      ]
    }
  ],
  properties: {
    ver: {
      title: "Schema version",
      description: "Version of the schema, according to Semantic versioning (ISO, https://semver.org/ version 2.0.0 or newer)",
      type: "string",
      pattern: "^\\d+.\\d+.\\d+$",
      examples: [
        "1.0.0",
        "1.3.0",
        "1.3.1",
        "1.3.2",
        "1.3.3"
      ]
    },
    nam: {
      description: "Surname(s), forename(s) - in that order",
      $ref: "#/$defs/person_name"
    },
    dob: {
      title: "Date of birth",
      description: "Date of Birth of the person addressed in the DCC. ISO 8601 date format restricted to range 1900-2099 or empty",
      type: "string",
      pattern: "^((19|20)\\d\\d(-\\d\\d){0,2}){0,1}$",
      examples: [
        "1979-04-14",
        "1950",
        "1901-08",
        ""
      ]
    },
    v: {
      description: "Vaccination Group",
      type: "array",
      items: {
        $ref: "#/$defs/vaccination_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    t: {
      description: "Test Group",
      type: "array",
      items: {
        $ref: "#/$defs/test_entry"
      },
      minItems: 1,
      maxItems: 1
    },
    r: {
      description: "Recovery Group",
      type: "array",
      items: {
        $ref: "#/$defs/recovery_entry"
      },
      minItems: 1,
      maxItems: 1
    }
  },
  $defs: {
    dose_posint: {
      description: "Dose Number / Total doses in Series: positive integer",
      type: "integer",
      minimum: 1
    },
    issuer: {
      description: "Certificate Issuer",
      type: "string",
      maxLength: 80
    },
    person_name: {
      description: "Person name: The person's name consisting at least of a separate standardised surname, or a standardised forename, or both - with standardisation done according to the rules defined in ICAO Doc 9303 Part 3",
      anyOf: [
        {
          required: [
            "fnt"
          ]
        },
        {
          required: [
            "gnt"
          ]
        }
      ],
      type: "object",
      properties: {
        fn: {
          title: "Surname",
          description: "The surname or primary name(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "d'Červenková Panklová"
          ]
        },
        fnt: {
          title: "Standardised surname",
          description: "The surname(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "DCERVENKOVA<PANKLOVA"
          ]
        },
        gn: {
          title: "Forename",
          description: "The forename(s) of the person addressed in the certificate",
          type: "string",
          maxLength: 80,
          examples: [
            "Jiřina-Maria Alena"
          ]
        },
        gnt: {
          title: "Standardised forename",
          description: "The forename(s) of the person, transliterated ICAO 9303",
          type: "string",
          pattern: "^[A-Z<]*$",
          maxLength: 80,
          examples: [
            "JIRINA<MARIA<ALENA"
          ]
        }
      }
    },
    certificate_id: {
      description: "Certificate Identifier, format as per UVCI: Annex 2 in  https://ec.europa.eu/health/sites/health/files/ehealth/docs/vaccination-proof_interoperability-guidelines_en.pdf",
      type: "string",
      maxLength: 80
    },
    vaccination_entry: {
      description: "Vaccination Entry",
      required: [
        "tg",
        "vp",
        "mp",
        "ma",
        "dn",
        "sd",
        "dt",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        vp: {
          description: "vaccine or prophylaxis",
          $ref: "#/$defs/vaccine-prophylaxis"
        },
        mp: {
          description: "vaccine medicinal product",
          $ref: "#/$defs/vaccine-medicinal-product"
        },
        ma: {
          description: "Marketing Authorization Holder - if no MAH present, then manufacturer",
          $ref: "#/$defs/vaccine-mah-manf"
        },
        dn: {
          description: "Dose Number",
          $ref: "#/$defs/dose_posint"
        },
        sd: {
          description: "Total Series of Doses",
          $ref: "#/$defs/dose_posint"
        },
        dt: {
          description: "ISO8601 complete date: Date of Vaccination",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Vaccination",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier: UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    test_entry: {
      description: "Test Entry",
      required: [
        "tg",
        "tt",
        "sc",
        "tr",
        "co",
        "is",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        tt: {
          description: "Type of Test",
          $ref: "#/$defs/test-type"
        },
        nm: {
          description: "NAA Test Name",
          type: "string",
          maxLength: 80
        },
        ma: {
          description: "RAT Test name and manufacturer",
          $ref: "#/$defs/test-manf"
        },
        sc: {
          description: "Date/Time of Sample Collection",
          type: "string",
          format: "date-time"
        },
        tr: {
          description: "Test Result",
          $ref: "#/$defs/test-result"
        },
        tc: {
          description: "Testing Centre",
          type: "string",
          maxLength: 80
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    recovery_entry: {
      description: "Recovery Entry",
      required: [
        "tg",
        "fr",
        "co",
        "is",
        "df",
        "du",
        "ci"
      ],
      type: "object",
      properties: {
        tg: {
          description: "disease or agent targeted",
          $ref: "#/$defs/disease-agent-targeted"
        },
        fr: {
          description: "ISO 8601 complete date of first positive NAA test result",
          type: "string",
          format: "date"
        },
        co: {
          description: "Country of Test",
          $ref: "#/$defs/country_vt"
        },
        is: {
          description: "Certificate Issuer",
          $ref: "#/$defs/issuer"
        },
        df: {
          description: "ISO 8601 complete date: Certificate Valid From",
          type: "string",
          format: "date"
        },
        du: {
          description: "ISO 8601 complete date: Certificate Valid Until",
          type: "string",
          format: "date"
        },
        ci: {
          description: "Unique Certificate Identifier, UVCI",
          $ref: "#/$defs/certificate_id"
        }
      }
    },
    "disease-agent-targeted": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.1",
      type: "string",
      "valueset-uri": "valuesets/disease-agent-targeted.json"
    },
    "vaccine-prophylaxis": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.2",
      type: "string",
      "valueset-uri": "valuesets/vaccine-prophylaxis.json"
    },
    "vaccine-medicinal-product": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.3",
      type: "string",
      "valueset-uri": "valuesets/vaccine-medicinal-product.json"
    },
    "vaccine-mah-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.4",
      type: "string",
      "valueset-uri": "valuesets/vaccine-mah-manf.json"
    },
    country_vt: {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.6 - Country of Vaccination / Test, ISO 3166 alpha-2 where possible",
      type: "string",
      pattern: "[A-Z]{1,10}",
      "valueset-uri": "valuesets/country-2-codes.json"
    },
    "test-manf": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.8",
      type: "string",
      "valueset-uri": "valuesets/test-manf.json"
    },
    "test-result": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.9",
      type: "string",
      "valueset-uri": "valuesets/test-result.json"
    },
    "test-type": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Section 2.7",
      type: "string",
      "valueset-uri": "valuesets/test-type.json"
    },
    "vaccine-encoding-instructions": {
      description: "EU eHealthNetwork: Value Sets for Digital Covid Certificates. Version 1.14, 2023-01-25, Annex A",
      type: "string",
      "valueset-uri": "valuesets/vaccine-encoding-instructions.json"
    }
  }
};

// src/schema.mjs
var SCHEMAS = { "1.0.0": __default, "1.0.1": __default2, "1.1.0": __default3, "1.2.0": __default4, "1.2.1": __default5, "1.3.0": __default6, "1.3.1": __default7, "1.3.2": __default8, "1.3.3": DCC_combined_schema_default };
var SCHEMA_RELEASES = Object.keys(SCHEMAS);
var validators = /* @__PURE__ */ new Map();
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
var releaseKey = (r) => r.split(".").map(Number);
function newest(releases) {
  return releases.reduce((a, b) => {
    const x = releaseKey(a), y = releaseKey(b);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : b;
    return a;
  });
}
function schemaFor(ver) {
  const text = typeof ver === "string" ? ver.trim() : "";
  if (SCHEMAS[text]) return text;
  const major = text.split(".")[0];
  const same2 = SCHEMA_RELEASES.filter((r) => r.split(".")[0] === major);
  return newest(same2.length ? same2 : SCHEMA_RELEASES);
}
function pointer(location2) {
  const text = String(location2 || "#").replace(/^#/, "");
  return text || "/";
}
function schemaProblems(dcc, release) {
  if (!validators.has(release)) validators.set(release, new Validator(withoutFormats(SCHEMAS[release]), "2020-12", false));
  const result = validators.get(release).validate(dcc);
  if (result.valid) return [];
  const errors = result.errors.filter((e) => !["properties", "items", "$ref", "oneOf", "allOf", "anyOf"].includes(e.keyword) || result.errors.length === 1);
  const chosen = errors.length ? errors : result.errors;
  return chosen.map((e) => ({ path: pointer(e.instanceLocation), message: e.error, code: "schema" }));
}
function dccType(dcc) {
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
function dccProblems(dcc, release) {
  if (dcc === null || typeof dcc !== "object" || Array.isArray(dcc)) return [{ path: "/", message: "the DCC must be a JSON object", code: "schema" }];
  return [...structureProblems(dcc), ...schemaProblems(dcc, release)];
}

// ../formats/hcert/data/valuesets/disease-agent-targeted.json
var disease_agent_targeted_default = {
  valueSetId: "disease-agent-targeted",
  valueSetDate: "2021-04-27",
  valueSetValues: {
    "840539006": {
      display: "COVID-19",
      lang: "en",
      active: true,
      version: "http://snomed.info/sct/900000000000207008/version/20210131",
      system: "http://snomed.info/sct"
    }
  }
};

// ../formats/hcert/data/valuesets/vaccine-prophylaxis.json
var vaccine_prophylaxis_default = {
  valueSetId: "sct-vaccines-covid-19",
  valueSetDate: "2023-01-25",
  valueSetValues: {
    "1119305005": {
      display: "SARS-CoV-2 antigen vaccine",
      lang: "en",
      active: true,
      version: "http://snomed.info/sct/900000000000207008/version/20210131",
      system: "http://snomed.info/sct"
    },
    "1119349007": {
      display: "SARS-CoV-2 mRNA vaccine",
      lang: "en",
      active: true,
      version: "http://snomed.info/sct/900000000000207008/version/20210131",
      system: "http://snomed.info/sct"
    },
    J07BX03: {
      display: "covid-19 vaccines (deprecated)",
      lang: "en",
      active: false,
      version: "2021-01",
      system: "http://www.whocc.no/atc"
    },
    "1162643001": {
      display: "SARS-CoV-2 recombinant spike protein antigen vaccine",
      lang: "en",
      active: true,
      version: "2022-01-31",
      system: "http://snomed.info/sct"
    },
    "1157024006": {
      display: "Inactivated whole SARS-CoV-2 antigen vaccine",
      lang: "en",
      active: true,
      version: "2022-01-31",
      system: "http://snomed.info/sct"
    },
    "29061000087103": {
      display: "COVID-19 non-replicating viral vector vaccine",
      lang: "en",
      active: true,
      version: "2022-01-31",
      system: "http://snomed.info/sct"
    },
    "28531000087107": {
      display: "COVID-19 vaccine",
      lang: "en",
      active: true,
      version: "2022-12-31",
      system: "http://snomed.info/sct"
    },
    "30141000087107": {
      display: "SARS-CoV-2 virus-like particle antigen vaccine",
      lang: "en",
      active: true,
      version: "2022-12-31",
      system: "http://snomed.info/sct"
    },
    "1187593009": {
      display: "SARS-CoV-2 DNA plasmid encoding spike protein vaccine",
      lang: "en",
      active: true,
      version: "2022-12-31",
      system: "http://snomed.info/sct"
    }
  }
};

// ../formats/hcert/data/valuesets/vaccine-medicinal-product.json
var vaccine_medicinal_product_default = {
  valueSetId: "vaccines-covid-19-names",
  valueSetDate: "2022-11-30",
  valueSetValues: {
    "EU/1/20/1528": {
      display: "Comirnaty",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    "EU/1/20/1507": {
      display: "Spikevax",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    "EU/1/21/1529": {
      display: "Vaxzevria",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    "EU/1/20/1525": {
      display: "Jcovden",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    CVnCoV: {
      display: "CVnCoV",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    "NVX-CoV2373": {
      display: "NVX-CoV2373 (deprecated)",
      lang: "en",
      active: false,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    "Sputnik-V": {
      display: "Sputnik-V",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    Convidecia: {
      display: "Convidecia",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    EpiVacCorona: {
      display: "EpiVacCorona",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    "BBIBP-CorV": {
      display: "BBIBP-CorV",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    "Inactivated-SARS-CoV-2-Vero-Cell": {
      display: "Inactivated SARS-CoV-2 (Vero Cell) (deprecated)",
      lang: "en",
      active: false,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    CoronaVac: {
      display: "CoronaVac",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    Covaxin: {
      display: "Covaxin",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.0"
    },
    Covishield: {
      display: "Covishield",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.2"
    },
    "Covid-19-recombinant": {
      display: "Covid-19 (recombinant)",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.3"
    },
    "R-COVI": {
      display: "R-COVI",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.3"
    },
    CoviVac: {
      display: "CoviVac",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.4"
    },
    "Sputnik-Light": {
      display: "Sputnik Light",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.4"
    },
    "Hayat-Vax": {
      display: "Hayat-Vax",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.4"
    },
    Abdala: {
      display: "Abdala",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.5"
    },
    "WIBP-CorV": {
      display: "WIBP-CorV",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.5"
    },
    "MVC-COV1901": {
      display: "MVC COVID-19 vaccine",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.6"
    },
    "EU/1/21/1618": {
      display: "Nuvaxovid",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    Covovax: {
      display: "Covovax",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.8"
    },
    Vidprevtyn: {
      display: "Vidprevtyn (deprecated)",
      lang: "en",
      active: false,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.8"
    },
    VLA2001: {
      display: "VLA2001 (deprecated)",
      lang: "en",
      active: false,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.8"
    },
    "EpiVacCorona-N": {
      display: "EpiVacCorona-N",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.8"
    },
    "Sputnik-M": {
      display: "Sputnik M",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.8"
    },
    "Covid-19-adsorvida-inativada": {
      display: "Vacina adsorvida covid-19 (inativada)",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    "NVSI-06-08": {
      display: "NVSI-06-08",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    "YS-SC2-010": {
      display: "YS-SC2-010",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    SCTV01C: {
      display: "SCTV01C",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    Covifenz: {
      display: "Covifenz",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    AZD2816: {
      display: "AZD2816",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.9"
    },
    "Soberana-02": {
      display: "Soberana 02",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.10"
    },
    "Soberana-Plus": {
      display: "Soberana Plus",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccineproductname",
      version: "1.10"
    },
    "EU/1/21/1624": {
      display: "COVID-19 Vaccine Valneva",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    "EU/1/21/1580": {
      display: "VidPrevtyn Beta",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    },
    "EU/1/22/1709": {
      display: "Bimervax",
      lang: "en",
      active: true,
      system: "https://ec.europa.eu/health/documents/community-register/html/",
      version: ""
    }
  }
};

// ../formats/hcert/data/valuesets/vaccine-mah-manf.json
var vaccine_mah_manf_default = {
  valueSetId: "vaccines-covid-19-auth-holders",
  valueSetDate: "2022-01-26",
  valueSetValues: {
    "ORG-100001699": {
      display: "AstraZeneca AB",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100030215": {
      display: "Biontech Manufacturing GmbH",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100001417": {
      display: "Janssen-Cilag International",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100031184": {
      display: "Moderna Biotech Spain S.L.",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100006270": {
      display: "Curevac AG",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100013793": {
      display: "CanSino Biologics",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100020693": {
      display: "China Sinopharm International Corp. - Beijing location",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100010771": {
      display: "Sinopharm Weiqida Europe Pharmaceutical s.r.o. - Prague location",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100024420": {
      display: "Sinopharm Zhijun (Shenzhen) Pharmaceutical Co. Ltd. - Shenzhen location",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100032020": {
      display: "Novavax CZ a.s.",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "Gamaleya-Research-Institute": {
      display: "Gamaleya Research Institute",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.0"
    },
    "Vector-Institute": {
      display: "Vector Institute",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.0"
    },
    "Sinovac-Biotech": {
      display: "Sinovac Biotech",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.0"
    },
    "Bharat-Biotech": {
      display: "Bharat Biotech",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.0"
    },
    "ORG-100001981": {
      display: "Serum Institute Of India Private Limited",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    Fiocruz: {
      display: "Fiocruz",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.3"
    },
    "ORG-100007893": {
      display: "R-Pharm CJSC",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "Chumakov-Federal-Scientific-Center": {
      display: "Chumakov Federal Scientific Center for Research and Development of Immune-and-Biological Products",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.4"
    },
    "ORG-100023050": {
      display: "Gulf Pharmaceutical Industries",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    CIGB: {
      display: "Center for Genetic Engineering and Biotechnology",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.5"
    },
    "Sinopharm-WIBP": {
      display: "Sinopharm - Wuhan Institute of Biological Products",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.5"
    },
    "ORG-100033914": {
      display: "Medigen Vaccine Biologics Corporation",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100000788": {
      display: "Sanofi Pasteur",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100036422": {
      display: "Valneva France",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "Instituto-Butantan": {
      display: "Instituto Butantan",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.9"
    },
    NVSI: {
      display: "National Vaccine and Serum Institute, China",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.9"
    },
    "Yisheng-Biopharma": {
      display: "Yisheng Biopharma",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.9"
    },
    "ORG-100026614": {
      display: "Sinocelltech Ltd.",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "ORG-100008549": {
      display: "Medicago Inc.",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    },
    "Finlay-Institute": {
      display: "Finlay Institute of Vaccines",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/vaccinemanufacturer",
      version: "1.10"
    },
    "ORG-100036914": {
      display: "Hipra Human Health S.L.",
      lang: "en",
      active: true,
      system: "https://spor.ema.europa.eu/v1/organisations",
      version: ""
    }
  }
};

// ../formats/hcert/data/valuesets/country-2-codes.json
var country_2_codes_default = {
  valueSetId: "country-2-codes",
  valueSetDate: "2019-11-01",
  valueSetValues: {
    AD: {
      display: "Andorra",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AE: {
      display: "United Arab Emirates",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AF: {
      display: "Afghanistan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AG: {
      display: "Antigua and Barbuda",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AI: {
      display: "Anguilla",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AL: {
      display: "Albania",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AM: {
      display: "Armenia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AO: {
      display: "Angola",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AQ: {
      display: "Antarctica",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AR: {
      display: "Argentina",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AS: {
      display: "American Samoa",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AT: {
      display: "Austria",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AU: {
      display: "Australia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AW: {
      display: "Aruba",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AX: {
      display: "Åland Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    AZ: {
      display: "Azerbaijan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BA: {
      display: "Bosnia and Herzegovina",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BB: {
      display: "Barbados",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BD: {
      display: "Bangladesh",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BE: {
      display: "Belgium",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BF: {
      display: "Burkina Faso",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BG: {
      display: "Bulgaria",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BH: {
      display: "Bahrain",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BI: {
      display: "Burundi",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BJ: {
      display: "Benin",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BL: {
      display: "Saint Barthélemy",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BM: {
      display: "Bermuda",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BN: {
      display: "Brunei Darussalam",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BO: {
      display: "Bolivia, Plurinational State of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BQ: {
      display: "Bonaire, Sint Eustatius and Saba",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BR: {
      display: "Brazil",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BS: {
      display: "Bahamas",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BT: {
      display: "Bhutan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BV: {
      display: "Bouvet Island",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BW: {
      display: "Botswana",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BY: {
      display: "Belarus",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    BZ: {
      display: "Belize",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CA: {
      display: "Canada",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CC: {
      display: "Cocos (Keeling) Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CD: {
      display: "Congo, the Democratic Republic of the",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CF: {
      display: "Central African Republic",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CG: {
      display: "Congo",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CH: {
      display: "Switzerland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CI: {
      display: "Côte d''Ivoire",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CK: {
      display: "Cook Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CL: {
      display: "Chile",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CM: {
      display: "Cameroon",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CN: {
      display: "China",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CO: {
      display: "Colombia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CR: {
      display: "Costa Rica",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CU: {
      display: "Cuba",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CV: {
      display: "Cabo Verde",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CW: {
      display: "Curaçao",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CX: {
      display: "Christmas Island",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CY: {
      display: "Cyprus",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    CZ: {
      display: "Czechia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DE: {
      display: "Germany",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DJ: {
      display: "Djibouti",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DK: {
      display: "Denmark",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DM: {
      display: "Dominica",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DO: {
      display: "Dominican Republic",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    DZ: {
      display: "Algeria",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    EC: {
      display: "Ecuador",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    EE: {
      display: "Estonia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    EG: {
      display: "Egypt",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    EH: {
      display: "Western Sahara",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ER: {
      display: "Eritrea",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ES: {
      display: "Spain",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ET: {
      display: "Ethiopia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FI: {
      display: "Finland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FJ: {
      display: "Fiji",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FK: {
      display: "Falkland Islands (Malvinas)",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FM: {
      display: "Micronesia, Federated States of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FO: {
      display: "Faroe Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    FR: {
      display: "France",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GA: {
      display: "Gabon",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GB: {
      display: "United Kingdom of Great Britain and Northern Ireland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GD: {
      display: "Grenada",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GE: {
      display: "Georgia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GF: {
      display: "French Guiana",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GG: {
      display: "Guernsey",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GH: {
      display: "Ghana",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GI: {
      display: "Gibraltar",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GL: {
      display: "Greenland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GM: {
      display: "Gambia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GN: {
      display: "Guinea",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GP: {
      display: "Guadeloupe",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GQ: {
      display: "Equatorial Guinea",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GR: {
      display: "Greece",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GS: {
      display: "South Georgia and the South Sandwich Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GT: {
      display: "Guatemala",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GU: {
      display: "Guam",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GW: {
      display: "Guinea-Bissau",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    GY: {
      display: "Guyana",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HK: {
      display: "Hong Kong",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HM: {
      display: "Heard Island and McDonald Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HN: {
      display: "Honduras",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HR: {
      display: "Croatia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HT: {
      display: "Haiti",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    HU: {
      display: "Hungary",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ID: {
      display: "Indonesia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IE: {
      display: "Ireland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IL: {
      display: "Israel",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IM: {
      display: "Isle of Man",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IN: {
      display: "India",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IO: {
      display: "British Indian Ocean Territory",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IQ: {
      display: "Iraq",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IR: {
      display: "Iran, Islamic Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IS: {
      display: "Iceland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    IT: {
      display: "Italy",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    JE: {
      display: "Jersey",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    JM: {
      display: "Jamaica",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    JO: {
      display: "Jordan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    JP: {
      display: "Japan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KE: {
      display: "Kenya",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KG: {
      display: "Kyrgyzstan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KH: {
      display: "Cambodia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KI: {
      display: "Kiribati",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KM: {
      display: "Comoros",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KN: {
      display: "Saint Kitts and Nevis",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KP: {
      display: "Korea, Democratic People''s Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KR: {
      display: "Korea, Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KW: {
      display: "Kuwait",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KY: {
      display: "Cayman Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    KZ: {
      display: "Kazakhstan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LA: {
      display: "Lao People''s Democratic Republic",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LB: {
      display: "Lebanon",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LC: {
      display: "Saint Lucia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LI: {
      display: "Liechtenstein",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LK: {
      display: "Sri Lanka",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LR: {
      display: "Liberia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LS: {
      display: "Lesotho",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LT: {
      display: "Lithuania",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LU: {
      display: "Luxembourg",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LV: {
      display: "Latvia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    LY: {
      display: "Libya",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MA: {
      display: "Morocco",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MC: {
      display: "Monaco",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MD: {
      display: "Moldova, Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ME: {
      display: "Montenegro",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MF: {
      display: "Saint Martin (French part)",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MG: {
      display: "Madagascar",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MH: {
      display: "Marshall Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MK: {
      display: "Macedonia, the former Yugoslav Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ML: {
      display: "Mali",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MM: {
      display: "Myanmar",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MN: {
      display: "Mongolia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MO: {
      display: "Macao",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MP: {
      display: "Northern Mariana Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MQ: {
      display: "Martinique",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MR: {
      display: "Mauritania",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MS: {
      display: "Montserrat",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MT: {
      display: "Malta",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MU: {
      display: "Mauritius",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MV: {
      display: "Maldives",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MW: {
      display: "Malawi",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MX: {
      display: "Mexico",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MY: {
      display: "Malaysia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    MZ: {
      display: "Mozambique",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NA: {
      display: "Namibia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NC: {
      display: "New Caledonia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NE: {
      display: "Niger",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NF: {
      display: "Norfolk Island",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NG: {
      display: "Nigeria",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NI: {
      display: "Nicaragua",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NL: {
      display: "Netherlands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NO: {
      display: "Norway",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NP: {
      display: "Nepal",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NR: {
      display: "Nauru",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NU: {
      display: "Niue",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    NZ: {
      display: "New Zealand",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    OM: {
      display: "Oman",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PA: {
      display: "Panama",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PE: {
      display: "Peru",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PF: {
      display: "French Polynesia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PG: {
      display: "Papua New Guinea",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PH: {
      display: "Philippines",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PK: {
      display: "Pakistan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PL: {
      display: "Poland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PM: {
      display: "Saint Pierre and Miquelon",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PN: {
      display: "Pitcairn",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PR: {
      display: "Puerto Rico",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PS: {
      display: "Palestine, State of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PT: {
      display: "Portugal",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PW: {
      display: "Palau",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    PY: {
      display: "Paraguay",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    QA: {
      display: "Qatar",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    RE: {
      display: "Réunion",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    RO: {
      display: "Romania",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    RS: {
      display: "Serbia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    RU: {
      display: "Russian Federation",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    RW: {
      display: "Rwanda",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SA: {
      display: "Saudi Arabia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SB: {
      display: "Solomon Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SC: {
      display: "Seychelles",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SD: {
      display: "Sudan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SE: {
      display: "Sweden",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SG: {
      display: "Singapore",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SH: {
      display: "Saint Helena, Ascension and Tristan da Cunha",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SI: {
      display: "Slovenia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SJ: {
      display: "Svalbard and Jan Mayen",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SK: {
      display: "Slovakia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SL: {
      display: "Sierra Leone",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SM: {
      display: "San Marino",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SN: {
      display: "Senegal",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SO: {
      display: "Somalia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SR: {
      display: "Suriname",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SS: {
      display: "South Sudan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ST: {
      display: "Sao Tome and Principe",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SV: {
      display: "El Salvador",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SX: {
      display: "Sint Maarten (Dutch part)",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SY: {
      display: "Syrian Arab Republic",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    SZ: {
      display: "Swaziland",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TC: {
      display: "Turks and Caicos Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TD: {
      display: "Chad",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TF: {
      display: "French Southern Territories",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TG: {
      display: "Togo",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TH: {
      display: "Thailand",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TJ: {
      display: "Tajikistan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TK: {
      display: "Tokelau",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TL: {
      display: "Timor-Leste",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TM: {
      display: "Turkmenistan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TN: {
      display: "Tunisia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TO: {
      display: "Tonga",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TR: {
      display: "Turkey",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TT: {
      display: "Trinidad and Tobago",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TV: {
      display: "Tuvalu",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TW: {
      display: "Taiwan, Province of China",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    TZ: {
      display: "Tanzania, United Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    UA: {
      display: "Ukraine",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    UG: {
      display: "Uganda",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    UM: {
      display: "United States Minor Outlying Islands",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    US: {
      display: "United States of America",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    UY: {
      display: "Uruguay",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    UZ: {
      display: "Uzbekistan",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VA: {
      display: "Holy See",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VC: {
      display: "Saint Vincent and the Grenadines",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VE: {
      display: "Venezuela, Bolivarian Republic of",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VG: {
      display: "Virgin Islands, British",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VI: {
      display: "Virgin Islands,",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VN: {
      display: "Viet Nam",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    VU: {
      display: "Vanuatu",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    WF: {
      display: "Wallis and Futuna",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    WS: {
      display: "Samoa",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    YE: {
      display: "Yemen",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    YT: {
      display: "Mayotte",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ZA: {
      display: "South Africa",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ZM: {
      display: "Zambia",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    ZW: {
      display: "Zimbabwe",
      lang: "en",
      active: true,
      system: "urn:iso:std:iso:3166",
      version: ""
    },
    XK: {
      display: "Kosovo, Republic of",
      lang: "en",
      active: true,
      system: "http://ec.europa.eu/temp/countrycodes",
      version: "1.4"
    }
  }
};

// ../formats/hcert/data/valuesets/test-type.json
var test_type_default = {
  valueSetId: "covid-19-lab-test-type",
  valueSetDate: "2021-04-27",
  valueSetValues: {
    "LP6464-4": {
      display: "Nucleic acid amplification with probe detection",
      lang: "en",
      active: true,
      version: "2.69",
      system: "http://loinc.org"
    },
    "LP217198-3": {
      display: "Rapid immunoassay",
      lang: "en",
      active: true,
      version: "2.69",
      system: "http://loinc.org"
    }
  }
};

// ../formats/hcert/data/valuesets/test-result.json
var test_result_default = {
  valueSetId: "covid-19-lab-result",
  valueSetDate: "2021-04-27",
  valueSetValues: {
    "260415000": {
      display: "Not detected",
      lang: "en",
      active: true,
      version: "http://snomed.info/sct/900000000000207008/version/20210131",
      system: "http://snomed.info/sct"
    },
    "260373001": {
      display: "Detected",
      lang: "en",
      active: true,
      version: "http://snomed.info/sct/900000000000207008/version/20210131",
      system: "http://snomed.info/sct"
    }
  }
};

// ../formats/hcert/data/valuesets/test-manf-example.json
var test_manf_example_default = {
  valueSetId: "covid-19-lab-test-manufacturer-and-name",
  valueSetDate: "2021-07-01",
  valueSetValues: {
    "1833": {
      display: "AAZ-LMB, COVID-VIRO",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-17"
    },
    "1232": {
      display: "Abbott Rapid Diagnostics, Panbio COVID-19 Ag Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-17"
    },
    "1468": {
      display: "ACON Laboratories, Inc, Flowflex SARS-CoV-2 Antigen rapid test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2108": {
      display: "AESKU.DIAGNOSTICS GmbH & Co. KG, AESKU.RAPID SARS-CoV-2",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-18"
    },
    "2130": {
      display: "Affimedix, Inc., TestNOW® - COVID-19 Antigen Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "1304": {
      display: "AMEDA Labordiagnostik GmbH, AMP Rapid Test SARS-CoV-2 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-25"
    },
    "1822": {
      display: "Anbio (Xiamen) Biotechnology Co., Ltd, Rapid COVID-19 Antigen Test(Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1815": {
      display: "Anhui Deep Blue Medical Technology Co., Ltd, COVID-19 (SARS-CoV-2) Antigen Test Kit (Colloidal Gold) - Nasal Swab",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-12"
    },
    "1736": {
      display: "Anhui Deep Blue Medical Technology Co., Ltd, COVID-19 (SARS-CoV-2) Antigen Test Kit(Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "768": {
      display: "ArcDia International Ltd, mariPOC SARS-CoV-2",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-19"
    },
    "1654": {
      display: "Asan Pharmaceutical CO., LTD, Asan Easy Test COVID-19 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2010": {
      display: "Atlas Link Technology Co., Ltd., NOVA Test® SARS-CoV-2 Antigen Rapid Test Kit (Colloidal Gold Immunochromatography)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-11"
    },
    "2101": {
      display: "AXIOM Gesellschaft für Diagnostica und Biochemica mbH, COVID-19 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-03"
    },
    "1906": {
      display: "Azure Biotech Inc, COVID-19 Antigen Rapid Test Device",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-19"
    },
    "1065": {
      display: "Becton Dickinson, BD Veritor™ System for Rapid Detection of SARS CoV 2",
      lang: "en",
      active: false,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-11"
    },
    "1870": {
      display: "Beijing Hotgen Biotech Co., Ltd, Novel Coronavirus 2019-nCoV Antigen Test (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1331": {
      display: "Beijing Lepu Medical Technology Co., Ltd, SARS-CoV-2 Antigen Rapid Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1484": {
      display: "Beijing Wantai Biological Pharmacy Enterprise Co., Ltd, Wantai SARS-CoV-2 Ag Rapid Test (FIA)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1242": {
      display: "Bionote, Inc, NowCheck COVID-19 Ag Test",
      lang: "en",
      active: false,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-11"
    },
    "1223": {
      display: "BIOSYNEX S.A., BIOSYNEX COVID-19 Ag BSS",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1236": {
      display: "BTNX Inc, Rapid Response COVID-19 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1173": {
      display: "CerTest Biotec, CerTest SARS-CoV-2 Card test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1919": {
      display: "Core Technology Co., Ltd, Coretests COVID-19 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1225": {
      display: "DDS DIAGNOSTIC, Test Rapid Covid-19 Antigen (tampon nazofaringian)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1375": {
      display: "DIALAB GmbH, DIAQUICK COVID-19 Ag Cassette",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1244": {
      display: "GenBody, Inc, Genbody COVID-19 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1253": {
      display: "GenSure Biotech Inc, GenSure COVID-19 Antigen Rapid Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-14"
    },
    "2183": {
      display: "Getein Biotech, Inc., One Step Test for SARS-CoV-2 Antigen (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-16"
    },
    "1144": {
      display: "Green Cross Medical Science Corp., GENEDIA W COVID-19 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-11"
    },
    "1747": {
      display: "Guangdong Hecin Scientific, Inc., 2019-nCoV Antigen Test Kit (colloidal gold method)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1360": {
      display: "Guangdong Wesail Biotech Co., Ltd, COVID-19 Ag Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1437": {
      display: "Guangzhou Wondfo Biotech Co., Ltd, Wondfo 2019-nCoV Antigen Test (Lateral Flow Method)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1257": {
      display: "Hangzhou AllTest Biotech Co., Ltd, COVID-19 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-18"
    },
    "1363": {
      display: "Hangzhou Clongene Biotech Co., Ltd, Covid-19 Antigen Rapid Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1365": {
      display: "Hangzhou Clongene Biotech Co., Ltd, COVID-19/Influenza A+B Antigen Combo Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1844": {
      display: "Hangzhou Immuno Biotech Co.,Ltd, Immunobio SARS-CoV-2 Antigen ANTERIOR NASAL Rapid Test Kit (minimal invasive)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1215": {
      display: "Hangzhou Laihe Biotech Co., Ltd, LYHER Novel Coronavirus (COVID-19) Antigen Test Kit(Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2139": {
      display: "HANGZHOU LYSUN BIOTECHNOLOGY CO., LTD., COVID-19 Antigen Rapid Test Device（Colloidal Gold）",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-01"
    },
    "1392": {
      display: "Hangzhou Testsea Biotechnology Co., Ltd, COVID-19 Antigen Test Cassette",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1767": {
      display: "Healgen Scientific, Coronavirus Ag Rapid Test Cassette",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1263": {
      display: "Humasis, Humasis COVID-19 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1333": {
      display: "Joinstar Biomedical Technology Co., Ltd, COVID-19 Rapid Antigen Test (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1764": {
      display: "JOYSBIO (Tianjin) Biotechnology Co., Ltd, SARS-CoV-2 Antigen Rapid Test Kit (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-11"
    },
    "1266": {
      display: "Labnovation Technologies Inc, SARS-CoV-2 Antigen Rapid Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2128": {
      display: "Lumigenex (Suzhou) Co., Ltd, PocRoc®SARS-CoV-2 Antigen Rapid Test Kit (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "1267": {
      display: "LumiQuick Diagnostics Inc, QuickProfile COVID-19 Antigen Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1268": {
      display: "LumiraDX, LumiraDx SARS-CoV-2 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1180": {
      display: "MEDsan GmbH, MEDsan SARS-CoV-2 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2029": {
      display: "Merlin Biomedical (Xiamen) Co., Ltd., SARS-CoV-2 Antigen Rapid Test Cassette",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-16"
    },
    "1190": {
      display: "möLab, mö-screen Corona Antigen Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-15"
    },
    "1481": {
      display: "MP Biomedicals, Rapid SARS-CoV-2 Antigen Test Card",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-18"
    },
    "2104": {
      display: "Nal von minden GmbH, NADAL COVID -19 Ag +Influenza A/B Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "1162": {
      display: "Nal von minden GmbH, NADAL COVID-19 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1420": {
      display: "NanoEntek, FREND COVID-19 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-04"
    },
    "1501": {
      display: "New Gene (Hangzhou) Bioengineering Co., Ltd, COVID-19 Antigen Detection Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-16"
    },
    "1199": {
      display: "Oncosem Onkolojik Sistemler San. ve Tic. A.S., CAT",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "308": {
      display: "PCL Inc, PCL COVID19 Ag Rapid FIA",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2116": {
      display: "PerGrande BioTech Development Co., Ltd., SARS-CoV-2 Antigen Detection Kit (Colloidal Gold Immunochromatographic Assay)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "1271": {
      display: "Precision Biosensor, Inc, Exdia COVID-19 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1341": {
      display: "Qingdao Hightop Biotech Co., Ltd, SARS-CoV-2 Antigen Rapid Test (Immunochromatography)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1097": {
      display: "Quidel Corporation, Sofia SARS Antigen FIA",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1606": {
      display: "RapiGEN Inc, BIOCREDIT COVID-19 Ag - SARS-CoV 2 Antigen test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1604": {
      display: "Roche (SD BIOSENSOR), SARS-CoV-2 Rapid Antigen Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-30"
    },
    "1489": {
      display: "Safecare Biotech (Hangzhou) Co. Ltd, COVID-19 Antigen Rapid Test Kit (Swab)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-12"
    },
    "1490": {
      display: "Safecare Biotech (Hangzhou) Co. Ltd, Multi-Respiratory Virus Antigen Test Kit(Swab)  (Influenza A+B/ COVID-19)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1201": {
      display: "ScheBo Biotech AG, ScheBo SARS CoV-2 Quick Antigen",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-16"
    },
    "344": {
      display: "SD BIOSENSOR Inc, STANDARD F COVID-19 Ag FIA",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "345": {
      display: "SD BIOSENSOR Inc, STANDARD Q COVID-19 Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1319": {
      display: "SGA Medikal, V-Chek SARS-CoV-2 Ag Rapid Test Kit (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2109": {
      display: "Shenzhen Lvshiyuan Biotechnology Co., Ltd., Green Spring SARS-CoV-2 Antigen-Rapid test-Set",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "2017": {
      display: "Shenzhen Ultra-Diagnostics Biotec.Co.,Ltd, SARS-CoV-2 Antigen Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-19"
    },
    "1769": {
      display: "Shenzhen Watmind Medical Co., Ltd, SARS-CoV-2 Ag Diagnostic Test Kit (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1574": {
      display: "Shenzhen Zhenrui Biotechnology Co., Ltd, Zhenrui ®COVID-19 Antigen Test Cassette",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1218": {
      display: "Siemens Healthineers, CLINITEST Rapid Covid-19 Antigen Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1114": {
      display: "Sugentech, Inc, SGTi-flex COVID-19 Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1466": {
      display: "TODA PHARMA, TODA CORONADIAG Ag",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1934": {
      display: "Tody Laboratories Int., Coronavirus (SARS-CoV 2) Antigen - Oral Fluid",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-19"
    },
    "2074": {
      display: "Triplex International Biosciences (China) Co., LTD., SARS-CoV-2 Antigen Rapid Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-16"
    },
    "1443": {
      display: "Vitrosens Biotechnology Co., Ltd, RapidFor SARS-CoV-2 Rapid Ag Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "2103": {
      display: "VivaChek Biotech (Hangzhou) Co., Ltd, VivaDiag Pro SARS-CoV-2 Ag Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-31"
    },
    "2098": {
      display: "Wuhan EasyDiagnosis Biomedicine Co., Ltd., COVID-19 (SARS-CoV-2) Antigen Test Kit",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-01"
    },
    "1763": {
      display: "Xiamen AmonMed Biotechnology Co., Ltd, COVID-19 Antigen Rapid Test Kit (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1278": {
      display: "Xiamen Boson Biotech Co. Ltd, Rapid SARS-CoV-2 Antigen Test Card",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-06-18"
    },
    "1456": {
      display: "Xiamen Wiz Biotech Co., Ltd, SARS-CoV-2 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-19"
    },
    "1884": {
      display: "Xiamen Wiz Biotech Co., Ltd, SARS-CoV-2 Antigen Rapid Test (Colloidal Gold)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-20"
    },
    "1296": {
      display: "Zhejiang Anji Saianfu Biotech Co., Ltd, AndLucky COVID-19 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1295": {
      display: "Zhejiang Anji Saianfu Biotech Co., Ltd, reOpenTest COVID-19 Antigen Rapid Test",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    },
    "1343": {
      display: "Zhezhiang Orient Gene Biotech Co., Ltd, Coronavirus Ag Rapid Test Cassette (Swab)",
      lang: "en",
      active: true,
      system: "https://covid-19-diagnostics.jrc.ec.europa.eu/devices",
      version: "2021-05-10"
    }
  }
};

// src/valuesets.mjs
var SETS = {
  "disease-agent-targeted": disease_agent_targeted_default,
  "vaccine-prophylaxis": vaccine_prophylaxis_default,
  "vaccine-medicinal-product": vaccine_medicinal_product_default,
  "vaccine-mah-manf": vaccine_mah_manf_default,
  "country-2-codes": country_2_codes_default,
  "test-type": test_type_default,
  "test-result": test_result_default,
  "test-manf-example": test_manf_example_default
};
var FIELD_VALUE_SETS = [
  ["v", "tg", "disease-agent-targeted", "disease or agent"],
  ["v", "vp", "vaccine-prophylaxis", "vaccine or prophylaxis"],
  ["v", "mp", "vaccine-medicinal-product", "medicinal product"],
  ["v", "ma", "vaccine-mah-manf", "marketing authorisation holder or manufacturer"],
  ["v", "co", "country-2-codes", "country"],
  ["t", "tg", "disease-agent-targeted", "disease or agent"],
  ["t", "tt", "test-type", "test type"],
  ["t", "tr", "test-result", "test result"],
  ["t", "ma", "test-manf-example", "test device"],
  ["t", "co", "country-2-codes", "country"],
  ["r", "tg", "disease-agent-targeted", "disease or agent"],
  ["r", "co", "country-2-codes", "country"]
];
var has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
function valueSetProblems(dcc) {
  const problems2 = [];
  for (const group of ["v", "t", "r"]) {
    const entries = dcc[group];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return;
      for (const [g, field, stem, what] of FIELD_VALUE_SETS) {
        if (g !== group || !has(entry, field)) continue;
        const code = entry[field];
        if (typeof code !== "string" || !has(SETS[stem].valueSetValues, code)) {
          problems2.push({ path: `/${group}/${index}/${field}`, message: `unknown ${what} ${pyRepr(code)}`, code: "valueset" });
        }
      }
    });
  }
  return problems2;
}
function pyRepr(value2) {
  if (typeof value2 === "string") return `'${value2}'`;
  if (value2 === null || value2 === void 0) return "None";
  if (value2 === true) return "True";
  if (value2 === false) return "False";
  return JSON.stringify(value2);
}
var THAI = {
  "840539006": "โควิด-19",
  "1119349007": "วัคซีนชนิด mRNA",
  "1119305005": "วัคซีนชนิดแอนติเจน",
  J07BX03: "วัคซีนโควิด-19",
  "LP6464-4": "การตรวจหาสารพันธุกรรม (RT-PCR)",
  "LP217198-3": "การตรวจหาแอนติเจนแบบเร็ว (ATK)",
  "260415000": "ไม่พบเชื้อ",
  "260373001": "พบเชื้อ",
  TH: "ประเทศไทย"
};
function display(stem, code) {
  const entry = SETS[stem] && typeof code === "string" && has(SETS[stem].valueSetValues, code) ? SETS[stem].valueSetValues[code] : null;
  const en = entry ? entry.display : code;
  return { code, en, th: THAI[code] || en };
}

// src/verify-hc1.mjs
var TYPE_NAMES = { v: "vaccination", t: "test", r: "recovery" };
var EVENT_FIELDS = { v: "dt", t: "sc", r: "fr" };
var IAT_CLOCK_SKEW_MS = 5 * 60 * 1e3;
var ANY_EKU = "2.5.29.37.0";
var DCC_TYPE_OIDS = {
  "1.3.6.1.4.1.1847.2021.1.1": "t",
  "1.3.6.1.4.1.1847.2021.1.2": "v",
  "1.3.6.1.4.1.1847.2021.1.3": "r",
  "1.3.6.1.4.1.0.1847.2021.1.1": "t",
  "1.3.6.1.4.1.0.1847.2021.1.2": "v",
  "1.3.6.1.4.1.0.1847.2021.1.3": "r"
};
function allowedTypes(cert) {
  const oids = cert.eku;
  if (!oids || oids.length === 0) return null;
  const types = new Set(oids.filter((o) => DCC_TYPE_OIDS[o]).map((o) => DCC_TYPE_OIDS[o]));
  if (types.size) return types;
  return oids.includes(ANY_EKU) ? null : types;
}
function holderOf(dcc) {
  if (!dcc) return {};
  const name = dcc.nam && typeof dcc.nam === "object" ? dcc.nam : {};
  const join = (a, b) => [a, b].filter((p) => p !== void 0 && p !== null && p !== "").map(String).join(" ") || null;
  return { name: join(name.gn, name.fn), name_icao: join(name.gnt, name.fnt), date_of_birth: dcc.dob ?? null };
}
function detailsOf(dcc) {
  const kind = dccType(dcc);
  if (!kind) return {};
  const group = dcc[kind];
  const entry = (Array.isArray(group) && group.length ? group[0] : {}) || {};
  const g = (k) => entry[k] === void 0 ? null : entry[k];
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
    report.validUntil = dsc ? Math.min(exp, dsc.notAfter) : exp;
    report.add("validity", "pass", `valid until ${isoTime(report.validUntil)}`);
  }
  if (!dsc) return;
  if (iat > dsc.notAfter) {
    report.add("signer-validity", "fail", "the DSC had expired when the certificate was issued", "dsc-validity");
    return;
  }
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
async function verifyHc1(text, how) {
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
    const problems2 = dccProblems(dcc, release);
    const applied = `EU DCC schema ${release}` + (declared === release ? "" : ` (the payload declares ${declared === void 0 ? "None" : JSON.stringify(declared)})`);
    if (problems2.length) {
      report.add("schema", "fail", `${applied}: ` + problems2.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join("; "), problems2[0].code);
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

// src/chain.mjs
var subtle2 = globalThis.crypto.subtle;
var SIG = {
  "1.2.840.10045.4.3.2": ["ECDSA", "SHA-256"],
  "1.2.840.10045.4.3.3": ["ECDSA", "SHA-384"],
  "1.2.840.10045.4.3.4": ["ECDSA", "SHA-512"],
  "1.2.840.113549.1.1.11": ["RSA", "SHA-256"],
  "1.2.840.113549.1.1.12": ["RSA", "SHA-384"],
  "1.2.840.113549.1.1.13": ["RSA", "SHA-512"]
};
function extensions(cert) {
  const der = cert.der;
  const out = /* @__PURE__ */ new Map();
  const root = readTlv(der, 0);
  const [tbs] = children(der, root);
  for (const field of children(der, tbs)) {
    if (field.tag !== 163) continue;
    const [list2] = children(der, field);
    for (const ext of children(der, list2)) {
      const parts = children(der, ext);
      const critical = parts.length === 3 && parts[1].tag === 1 && parts[1].content[0] !== 0;
      out.set(oidText(parts[0].content), { critical, value: parts[parts.length - 1].content });
    }
  }
  return out;
}
function isCa(cert) {
  const bc = extensions(cert).get("2.5.29.19");
  if (!bc) return false;
  const seq = readTlv(bc.value, 0);
  const first = children(bc.value, seq)[0];
  return !!first && first.tag === 1 && first.content[0] !== 0;
}
function allowsDigitalSignature(cert, required) {
  const ku = extensions(cert).get("2.5.29.15");
  if (!ku) return !required;
  const bits = readTlv(ku.value, 0).content;
  return bits.length > 1 && (bits[1] & 128) !== 0;
}
function ecdsaRaw(sig, size) {
  const seq = readTlv(sig, 0);
  const out = new Uint8Array(2 * size);
  children(sig, seq).forEach((part, k) => {
    let v = part.content;
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    out.set(v, k * size + size - v.length);
  });
  return out;
}
async function signedBy(cert, issuer) {
  const alg = SIG[cert.signatureAlgorithm];
  if (!alg) return false;
  try {
    if (alg[0] === "ECDSA") {
      if (issuer.keyAlgorithm !== EC_PUBLIC_KEY) return false;
      const curve = issuer.curve === P384 ? "P-384" : "P-256";
      const key2 = await subtle2.importKey("spki", issuer.spki, { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
      return await subtle2.verify({ name: "ECDSA", hash: alg[1] }, key2, ecdsaRaw(cert.signature, curve === "P-384" ? 48 : 32), cert.tbs);
    }
    const key = await subtle2.importKey("spki", issuer.spki, { name: "RSASSA-PKCS1-v1_5", hash: alg[1] }, false, ["verify"]);
    return await subtle2.verify({ name: "RSASSA-PKCS1-v1_5" }, key, cert.signature, cert.tbs);
  } catch {
    return false;
  }
}
var same = (a, b) => hex(a) === hex(b);
async function chains(leaf, { roots, intermediates, moment, requireKeyUsage = false }) {
  if (!allowsDigitalSignature(leaf, requireKeyUsage)) return [false, "the signer's key usage does not allow digital signatures"];
  let current = leaf;
  const seen = /* @__PURE__ */ new Set();
  for (let depth = 0; depth < 8; depth++) {
    if (moment < current.notBefore || moment > current.notAfter) return [false, "a certificate on the path is not valid at the validation time"];
    const root = roots.find((r) => same(r.subjectDer, current.issuerDer) && !seen.has(hex(r.der)));
    if (same(current.der, root ? root.der : new Uint8Array())) return [true, "chains to a trusted root"];
    if (root && await signedBy(current, root)) {
      if (moment < root.notBefore || moment > root.notAfter) return [false, "the trusted root is not valid at the validation time"];
      return [true, "chains to a trusted root"];
    }
    const next = intermediates.find((c) => same(c.subjectDer, current.issuerDer) && !seen.has(hex(c.der)));
    if (!next || !isCa(next) || !await signedBy(current, next)) return [false, "no path to a trusted root"];
    seen.add(hex(next.der));
    current = next;
  }
  return [false, "the path is too long"];
}

// src/summary.mjs
var PREFIX = "MPC1:";
var MAX_TEXT2 = 4e3;
var MAX_INFLATED = 16 * 1024;
var CLAIM_SUMMARY = -70001;
var ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?$/;
function parseIssued(text) {
  const m = typeof text === "string" ? ISO.exec(text) : null;
  if (!m) throw new DecodeError("summary", "summary field missing or malformed: issue time");
  const offset = !m[8] || m[8] === "Z" ? 0 : (m[8][0] === "-" ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const ms = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0)) + Number((m[7] || "0").padEnd(6, "0")) / 1e3 - offset * 6e4;
  return { ms, offset };
}
function party(item, what) {
  if (!item || typeof item !== "object" || Array.isArray(item) || typeof item.n !== "string") throw new DecodeError("summary", `summary ${what} must be a map with a name`);
  for (const k of ["e", "i", "r"]) if (item[k] !== void 0 && item[k] !== null && typeof item[k] !== "string") throw new DecodeError("summary", `summary ${what}.${k} must be text`);
  return { name_th: item.n, name_en: item.e ?? null, ident: item.i ?? null, role: item.r ?? null };
}
async function decodeSummary(text) {
  text = text.trim();
  if (text.length > MAX_TEXT2) throw new DecodeError("summary", `summary text is ${text.length} characters, above the ${MAX_TEXT2} limit`);
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
  if (item.u !== void 0) {
    const m = typeof item.u === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(item.u) : null;
    if (!m) throw new DecodeError("summary", "summary field missing or malformed: valid until");
    validUntil = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  for (const key of ["n", "t", "k"]) if (typeof item[key] !== "string") throw new DecodeError("summary", `summary field '${key}' must be text`);
  return {
    cose,
    kid: cose.kid,
    summary: {
      number: item.n,
      type: item.t,
      issuedText: item.d,
      issued,
      validUntil,
      validUntilText: item.u ?? null,
      facility: party(item.f, "facility"),
      signer: party(item.s, "signer"),
      patient: party(item.p, "patient"),
      finding: item.k
    }
  };
}
function expiresAt(summary) {
  if (!summary.validUntil) return null;
  const [y, m, d] = summary.validUntil;
  return utc(y, m, d + 1) - summary.issued.offset * 6e4;
}
async function verifySummary(text, how) {
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
  report.document = {
    document_number: s.number,
    type: s.type,
    issued_at: s.issuedText,
    valid_until: s.validUntilText,
    finding: s.finding,
    facility: s.facility.name_th,
    signer: s.signer.name_th,
    licence: s.signer.ident
  };
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
      for (const c of candidates) if (await verifyCose(c, alg, cose.signature, tbs)) {
        signer = c;
        break;
      }
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

// src/voucher.mjs
var PREFIX2 = "MPV1:";
var EKU_VOUCHER_SIGNING = "1.3.6.1.4.1.64812.1.4.1";
var MAX_TEXT3 = 2e3;
var MAX_INFLATED2 = 2048;
var MAX_CBOR_DEPTH = 6;
var CLAIM_VOUCHER = -70002;
var CLAIM_CTI = 7;
var REF = /^[A-Za-z0-9_-]{4,64}$/;
var CODE = /^[A-Za-z0-9_.-]{1,64}$/;
var DEBIT = /^[A-Za-z0-9_-]{8,64}$/;
var MIN_MS = -621355968e5;
var MAX_MS = 253402300799999;
var claimsError = (message) => new DecodeError("voucher-claims", message);
var isInt3 = (v) => typeof v === "number" && Number.isInteger(v);
var pyRepr2 = (v) => v === void 0 || v === null ? "None" : typeof v === "string" ? `'${v}'` : String(v);
function problems(v) {
  const out = [];
  if (!(typeof v.voucher_id === "string" && /^[0-9a-f]{32}$/.test(v.voucher_id))) out.push("voucher_id must be 32 lowercase hex digits (128 bits)");
  if (!(typeof v.volunteer_ref === "string" && REF.test(v.volunteer_ref))) out.push("volunteer_ref must be 4-64 letters, digits, '-' or '_'");
  else if (/^\d{13}$/.test(v.volunteer_ref)) out.push("volunteer_ref looks like a citizen ID; use the volunteer's public reference");
  for (const name of ["points", "value_baht"]) {
    const value2 = v[name];
    if (!isInt3(value2) || !(value2 > 0 && value2 <= 1e6)) out.push(`${name} must be a whole number from 1 to 1000000`);
  }
  if (v.partner !== null && !(typeof v.partner === "string" && CODE.test(v.partner))) out.push("partner must be a shop code of 1-64 letters, digits, '.', '-' or '_'");
  if (v.debit_id !== null && !(typeof v.debit_id === "string" && DEBIT.test(v.debit_id))) out.push("debit_id must be 8-64 letters, digits, '-' or '_'");
  if (!(typeof v.program === "string" && CODE.test(v.program))) out.push("program must be 1-64 letters, digits, '.', '-' or '_'");
  if (v.expiresAt <= v.issuedAt) out.push("expires_at must be after issued_at");
  return out;
}
function fromClaims(claims) {
  if (!(claims instanceof Map)) throw claimsError("the COSE payload is not a CWT claims map");
  const raw = claims.get(CLAIM_VOUCHER);
  if (!(raw instanceof Map)) throw claimsError("the COSE payload holds no voucher claim (is this a health certificate?)");
  const body = new Map([...raw].map(([k, v]) => [k, v instanceof Map || Array.isArray(v) ? toJson(v) : v]));
  if (body.get("v") !== 1) throw claimsError(`unsupported voucher version ${pyRepr2(body.get("v"))}`);
  const iat = claims.get(6);
  const exp = claims.get(4);
  const cti = claims.get(CLAIM_CTI);
  if (!isInt3(iat) || !isInt3(exp)) throw claimsError("a voucher needs integer iat and exp claims");
  for (const key of ["id", "r", "p", "b"]) if (!body.has(key)) throw claimsError(`voucher field '${key}' is missing`);
  if (iat * 1e3 < MIN_MS || iat * 1e3 > MAX_MS || exp * 1e3 < MIN_MS || exp * 1e3 > MAX_MS) throw claimsError("voucher times are out of range");
  const voucher = {
    voucher_id: body.get("id"),
    volunteer_ref: body.get("r"),
    points: body.get("p"),
    value_baht: body.get("b"),
    partner: body.has("s") ? body.get("s") ?? null : null,
    program: body.has("g") ? body.get("g") : "",
    debit_id: body.has("d") ? body.get("d") ?? null : null,
    issuedAt: iat * 1e3,
    expiresAt: exp * 1e3
  };
  const wrong = problems(voucher);
  if (wrong.length) throw claimsError(wrong.join("; "));
  if (!(cti instanceof Uint8Array) || hex(cti) !== voucher.voucher_id) throw claimsError("the CWT id (cti) does not match the voucher id");
  return voucher;
}
async function decodeVoucher(text) {
  text = String(text).trim();
  if (text.length > MAX_TEXT3) throw new DecodeError("voucher-too-large", `voucher text is ${text.length} characters, above the ${MAX_TEXT3} limit`);
  if (!text.startsWith(PREFIX2)) throw new DecodeError("voucher-prefix", `voucher text must start with 'MPV1:', got '${text.slice(0, 5)}'`);
  const cose = parseSign1(await inflate(b45decode(text.slice(PREFIX2.length)), MAX_INFLATED2), { maxDepth: MAX_CBOR_DEPTH });
  const claims = decodeCbor(cose.payload, { what: "voucher claims", maxSize: MAX_INFLATED2, maxDepth: MAX_CBOR_DEPTH });
  return { cose, kid: cose.kid, voucher: fromClaims(claims) };
}
async function voucherSignerTrusted(cert, { roots, intermediates, moment }) {
  if (!roots.length) return [false, "no trusted root was given (--anchor, or a trust list with our anchors)"];
  if (!(cert.eku || []).includes(EKU_VOUCHER_SIGNING)) return [false, "the certificate is not certified for vouchers"];
  return chains(cert, { roots, intermediates, moment, requireKeyUsage: true });
}
async function verifyVoucher(text, how) {
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
  report.document = {
    voucher_id: v.voucher_id,
    points: v.points,
    value_baht: v.value_baht,
    partner: v.partner,
    program: v.program,
    debit_id: v.debit_id,
    issued_at: isoTime(v.issuedAt),
    expires_at: isoTime(v.expiresAt)
  };
  const kid = decoded.kid;
  const candidates = [];
  for (const c of how.signers) if (kid === null || hex(await how.kidOf(c)) === hex(kid)) candidates.push(c);
  if (!candidates.length) {
    report.add("signature", "indeterminate", "the voucher's signer is not among the trusted voucher signers", "signer-unknown");
  } else {
    const cose = decoded.cose;
    const alg = cose.alg;
    if (alg === null || alg !== ES256 && alg !== PS256) {
      const where = alg === null && cose.unprotected.has(1) ? " (it is only in the unprotected header)" : "";
      report.add("signature", "fail", alg === null ? `COSE protected header has no alg${where}` : `COSE algorithm ${alg} is not supported (only ES256 and PS256)`, "signature");
    } else {
      const tbs = sigStructure(cose.protectedBytes, cose.payload);
      let signer = null;
      for (const c of candidates) if (await verifyCose(c, alg, cose.signature, tbs)) {
        signer = c;
        break;
      }
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

// src/trust.mjs
var TRUST_FORMAT = "mohpromt-webapp-trust/1";
var TWO_LINE_SHAPES = /* @__PURE__ */ new Set(["national", "revocation", "document-revocation", "signers"]);
var PAYLOAD_KEYS = { national: "certificates", revocation: "batches", "document-revocation": "documentRevocations", signers: "documentSigners" };
var KIND_OF_SHAPE = { national: "dsc", revocation: "revocation", "document-revocation": "document-revocation", signers: "signers" };
var TrustError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
};
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
  const encoded = new TextEncoder().encode(lines[1]);
  return { signature, line: encoded, text: lines[1] };
}
async function verifyListDocument(raw, shape, anchors) {
  if (!TWO_LINE_SHAPES.has(shape)) throw new TrustError("trust-list-format", `the app verifies the national two-line lists; ${shape} is not one`);
  const { signature, line, text } = splitTwoLine(raw);
  let verified = null;
  for (const anchor of anchors) {
    if (await verifyListSignature(anchor, signature, line)) {
      verified = anchor;
      break;
    }
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
var h16 = async (bytes) => (await sha256(bytes)).subarray(0, 16);
var utf82 = (s) => new TextEncoder().encode(s);
var TrustStore = class _TrustStore {
  constructor() {
    this.byKid = /* @__PURE__ */ new Map();
    this.signers = /* @__PURE__ */ new Map();
    this.revoked = /* @__PURE__ */ new Map();
    this.documentRevocations = 0;
    this.extra = [];
    this.pdfAnchors = [];
    this.extraSigners = [];
    this.voucherSigners = [];
    this.refused = [];
    this.lists = [];
    this.expired = false;
  }
  static async fromBundle(bundle, { now, allowExpired = true } = {}) {
    const store = new _TrustStore();
    if (!bundle) return store;
    if (bundle.format !== TRUST_FORMAT) throw new TrustError("trust-list-format", `trust data format ${bundle.format} is not ${TRUST_FORMAT}`);
    const anchors = [];
    for (const pem of bundle.anchors || []) for (const der of pemToDer(pem)) anchors.push(parseCertificate(der));
    for (const list2 of bundle.lists || []) {
      try {
        await store.addList(list2, anchors, now);
      } catch (err) {
        if (!(err instanceof TrustError)) throw err;
        store.refused.push({ name: list2.name, code: err.code, reason: err.message });
      }
    }
    for (const b64 of bundle.pdf_anchors || []) {
      try {
        store.pdfAnchors.push(parseCertificate(base64ToBytes(b64)));
      } catch {
      }
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
  async addList(list2, anchors, now) {
    const expiresAt2 = list2.expires_at ? parseTime(list2.expires_at) : null;
    const info = { name: list2.name, kind: list2.kind, shape: list2.shape, source: list2.source || null, fetchedAt: parseTime(list2.fetched_at), expiresAt: expiresAt2, issuedAt: null, entries: 0, expired: expiresAt2 !== null && now > expiresAt2, manual: !!list2.manual };
    let items, kind;
    if (list2.manual) {
      kind = list2.kind;
      items = list2.entries || [];
    } else {
      const pinned = list2.anchor_pem ? pemToDer(list2.anchor_pem).map(parseCertificate) : anchors;
      const doc = await verifyListDocument(base64ToBytes(list2.raw), list2.shape, pinned);
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
      for (const batch2 of items) {
        const expires = parseTime(batch2.expires);
        if (expires === null || expires < now) continue;
        for (const item of batch2.entries || []) this.revoked.set(`${batch2.kid}|${batch2.hashType}|${item.hash}`, batch2.hashType);
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
      candidates.push(["UCI", await h16(utf82(uci))]);
      const countries = [issuer, uci.split(":").length >= 4 ? uci.split(":")[3] : null].filter(Boolean);
      for (const country of [...new Set(countries)]) candidates.push(["COUNTRYCODEUCI", await h16(utf82(country + uci))]);
    }
    for (const [type, value2] of candidates) {
      const found = this.revoked.get(`${kidText}|${type}|${bytesToBase64(value2)}`);
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
      refused: this.refused.length
    };
  }
};
function voucherSignersOf(list2) {
  const out = [];
  for (const b64 of Array.isArray(list2) ? list2.slice(0, 64) : []) {
    try {
      const cert = parseCertificate(base64ToBytes(b64));
      if (hex(cert.subjectDer) !== hex(cert.issuerDer) && !out.some((c) => hex(c.der) === hex(cert.der))) out.push(cert);
    } catch {
    }
  }
  return out;
}
function bundleFromCacheRecords(records) {
  const anchors = /* @__PURE__ */ new Set();
  const lists = [];
  const pdfAnchors = [];
  for (const r of records) {
    if (r.kind === "anchors") {
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

// src/verify-entry.mjs
function classifyText(text) {
  if (text.slice(0, 8).toUpperCase().startsWith("HC1:")) return "hcert";
  if (text.startsWith("MPC1:")) return "summary";
  if (text.startsWith("MPV1:")) return "voucher";
  throw new InputError("the text is neither an HC1: health certificate, a certificate-summary QR nor an MPV1: voucher");
}
async function verifyText(text, { trust, now = Date.now(), rules = DEFAULT_RULES } = {}) {
  const kind = classifyText(text);
  if (kind === "hcert") return verifyHc1(text, { trust, now, rules, revocations: true });
  const self2 = (c) => hex(c.subjectDer) === hex(c.issuerDer);
  const anchors = { roots: trust.pdfAnchors.filter(self2), intermediates: trust.pdfAnchors.filter((c) => !self2(c)) };
  if (kind === "summary") return verifySummary(text, { signers: trust.documentSigners(), ...anchors, now, kidOf: (c) => trust.kidOf(c) });
  return verifyVoucher(text, { signers: trust.voucherSigners, ...anchors, now, kidOf: (c) => trust.kidOf(c) });
}
function atTime(value2) {
  const text = String(value2).trim();
  const ms = parseTime(text);
  if (ms === null) throw new InputError(`--at ${JSON.stringify(value2)} is not an ISO 8601 time`);
  return ms;
}
async function readTrust(fs, path, dir, now, allowExpired) {
  let bundle = null;
  if (dir) {
    const lists = path.join(dir, "lists");
    const records = [];
    if (fs.existsSync(lists)) {
      for (const name of fs.readdirSync(lists).sort()) {
        if (!name.endsWith(".json") || name.startsWith(".")) continue;
        records.push(JSON.parse(fs.readFileSync(path.join(lists, name), "utf8")));
      }
      bundle = bundleFromCacheRecords(records);
    } else if (fs.existsSync(path.join(dir, "trust.json"))) {
      bundle = JSON.parse(fs.readFileSync(path.join(dir, "trust.json"), "utf8"));
    }
  } else {
    const own = new URL("./trust.json", import.meta.url);
    if (fs.existsSync(own)) bundle = JSON.parse(fs.readFileSync(own, "utf8"));
  }
  const store = await TrustStore.fromBundle(bundle, { now, allowExpired });
  for (const r of store.refused) process.stderr.write(`warning: trust list ${r.name} refused (${r.code}): ${r.reason}
`);
  return store;
}
function parseArgs(argv) {
  const opts = { json: false, rules: true, dsc: [], signers: [], anchors: [], at: null, trustList: null, allowExpired: false, maxAge: 72, partial: false, batch: false, input: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value2 = () => {
      if (i + 1 >= argv.length) throw new InputError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--json") opts.json = true;
    else if (a === "--no-rules") opts.rules = false;
    else if (a === "--batch") opts.batch = true;
    else if (a === "--bench") opts.bench = Number(value2());
    else if (a === "--allow-expired-trust-list") opts.allowExpired = true;
    else if (a === "--accept-partial-vaccination") opts.partial = true;
    else if (a === "--at") opts.at = value2();
    else if (a === "--trust-list") opts.trustList = value2();
    else if (a === "--dsc") opts.dsc.push(value2());
    else if (a === "--signer-cert") opts.signers.push(value2());
    else if (a === "--anchor") opts.anchors.push(value2());
    else if (a === "--test-max-age-hours") opts.maxAge = Number(value2());
    else if (a === "-h" || a === "--help") opts.help = true;
    else if (a.startsWith("--")) throw new InputError(`unknown option ${a}`);
    else if (opts.input === null) opts.input = a;
    else throw new InputError(`unexpected argument ${a}`);
  }
  return opts;
}
function certificatesOf(bytes) {
  const text = new TextDecoder().decode(bytes);
  return text.includes("-----BEGIN") ? pemToDer(text) : [bytes];
}
async function main(argv) {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const opts = parseArgs(argv);
  if (opts.help) {
    process.stdout.write([
      "usage: node verify.mjs [options] HC1:...|MPC1:...|MPV1:...|FILE|-",
      "  --trust-list DIR              a trust-list cache (or a folder with trust.json); default: this app's trust.json",
      "  --at TIME                     verify as of this time (ISO 8601; a date alone is 00:00 UTC)",
      "  --no-rules                    technical checks only",
      "  --json                        print the machine report",
      "  --dsc FILE / --signer-cert FILE / --anchor FILE   trust one more DSC / MPC1 or MPV1 signer / anchor",
      "  --allow-expired-trust-list    use expired lists (every result then says so)",
      "  --test-max-age-hours N, --accept-partial-vaccination   the business rules' knobs",
      "  --batch                       JSON lines in ({id, hc1, dsc, at, no_rules}), one JSON line out each",
      "  --bench SECONDS               verify the one input repeatedly and print the rate",
      "exit codes: 0 valid, 1 invalid, 2 indeterminate, 3 usage or input error"
    ].join("\n") + "\n");
    return 0;
  }
  const now = opts.at ? atTime(opts.at) : Date.now();
  const rules = opts.rules ? { requireCompleteSeries: !opts.partial, maxTestAgeHours: opts.maxAge } : null;
  const trust = await readTrust(fs, path, opts.trustList, now, opts.allowExpired || opts.batch);
  for (const file of opts.dsc) for (const der of certificatesOf(fs.readFileSync(file))) trust.addCertificate(der);
  for (const file of opts.signers) {
    const ders = certificatesOf(fs.readFileSync(file));
    for (const der of ders) trust.extraSigners.push(parseCertificate(der));
    trust.voucherSigners.push(...voucherSignersOf(ders.map(bytesToBase64)));
  }
  for (const file of opts.anchors) for (const der of certificatesOf(fs.readFileSync(file))) trust.pdfAnchors.push(parseCertificate(der));
  if (opts.batch) return batch(fs, trust, rules, now);
  if (opts.bench) return bench(opts, trust, rules, now);
  if (opts.input === null) throw new InputError("give an HC1: text, a file, or - for standard input");
  let text;
  if (opts.input === "-") text = fs.readFileSync(0);
  else if (opts.input.toUpperCase().startsWith("HC1:") || opts.input.slice(0, 8).includes(":")) text = new TextEncoder().encode(opts.input);
  else if (opts.input.length < 4096 && fs.existsSync(opts.input) && fs.statSync(opts.input).isFile()) text = fs.readFileSync(opts.input);
  else throw new InputError(`${JSON.stringify(opts.input)} is neither a file nor QR text`);
  if (text.length > 32 * 1024 * 1024) throw new InputError("the input is larger than 32 MiB");
  if (text[0] === 37 && new TextDecoder().decode(text.subarray(0, 5)) === "%PDF-") throw new InputError("PDFs are verified by the service or `mohpromt-ca verify`, not by verify.mjs");
  let decoded;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(text).trim();
  } catch {
    throw new InputError("the input is not a PDF, a PNG/JPEG image or QR text");
  }
  const report = await verifyText(decoded, { trust, now, rules });
  process.stdout.write((opts.json ? JSON.stringify(report.asDict(), null, 2) : report.toText()) + "\n");
  return report.exitCode;
}
async function batch(fs, trust, rules, now) {
  const lines = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim());
  const out = [];
  for (const line of lines) {
    const job = JSON.parse(line);
    const store = new TrustStore();
    store.byKid = trust.byKid;
    store.revoked = trust.revoked;
    store.extra = [...trust.extra];
    store.signers = trust.signers;
    store.pdfAnchors = trust.pdfAnchors;
    store.voucherSigners = [...trust.voucherSigners, ...voucherSignersOf(job.voucher_signers)];
    for (const b64 of job.dsc || []) {
      try {
        store.addCertificate(base64ToBytes(b64));
      } catch {
      }
    }
    let result;
    try {
      const at = job.at ? atTime(job.at) : now;
      const report = await verifyText(String(job.hc1 ?? "").trim(), { trust: store, now: at, rules: job.no_rules ? null : rules });
      result = { id: job.id, verdict: report.verdict, exit: report.exitCode, report: report.asDict() };
    } catch (err) {
      result = { id: job.id, verdict: null, exit: 3, error: String(err && err.message) };
    }
    out.push(JSON.stringify(result));
  }
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
  return 0;
}
async function bench(opts, trust, rules, now) {
  const text = String(opts.input || "").trim();
  const first = await verifyText(text, { trust, now, rules });
  let count = 0;
  const start = performance.now();
  const deadline = start + opts.bench * 1e3;
  let at = start;
  while (at < deadline || count < 3) {
    await verifyText(text, { trust, now, rules });
    count++;
    at = performance.now();
  }
  const seconds = (at - start) / 1e3;
  process.stdout.write(JSON.stringify({ verdict: first.verdict, iterations: count, seconds, per_second: count / seconds }) + "\n");
  return 0;
}
async function runAsCommand() {
  if (typeof process === "undefined" || !process.versions || !process.versions.node || !process.argv[1]) return;
  const { pathToFileURL } = await import("node:url");
  const { realpathSync } = await import("node:fs");
  let entry;
  try {
    entry = pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return;
  }
  if (entry !== import.meta.url) return;
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    const code = err instanceof TrustError && err.code === "trust-list-expired" ? 2 : 3;
    process.stderr.write(`error: ${err && err.message ? err.message : err}
`);
    process.exitCode = code;
  }
}
await runAsCommand();
export {
  DEFAULT_RULES,
  EKU_VOUCHER_SIGNING,
  Report,
  TRUST_FORMAT,
  TrustError,
  TrustStore,
  atTime,
  classifyText,
  display,
  parseCertificate,
  parseTime,
  pemToDer,
  verifyHc1,
  verifyListDocument,
  verifyText,
  voucherSignerTrusted,
  voucherSignersOf
};
