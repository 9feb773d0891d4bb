// Bounded CBOR (RFC 8949) for untrusted HCERT bytes: a size cap, a container-depth cap (16,
// as the Python verifier: 16 nested arrays decode, 17 do not), no trailing bytes, strict UTF-8.
// Maps decode to JS Map (keys keep their CBOR type), byte strings to Uint8Array, unknown tags
// to Tag. Tag 0 keeps its text; tag 1 (epoch) becomes RFC 3339 text, as in the Python decoder.
// Our own ~150 lines rather than cbor-x: cbor-x has no depth bound and decodes maps with
// integer keys into objects, losing -260 vs "-260".
import { DecodeError } from "./errors.mjs";

export const DEFAULT_MAX_CBOR_DEPTH = 16;
export const DEFAULT_MAX_CBOR_SIZE = 64 * 1024;

export class Tag {
  constructor(tag, value) {
    this.tag = tag;
    this.value = value;
  }
}
export class Simple {
  constructor(value) {
    this.value = value;
  }
}

const BREAK = Symbol("break");
const utf8 = new TextDecoder("utf-8", { fatal: true });

function isoFromEpoch(seconds) {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || ms < -62135596800000 || ms > 253402300799999) throw new Error(`CBOR epoch date-time ${seconds} is out of range`);
  const d = new Date(ms);
  let text = d.toISOString().replace(".000Z", "Z");
  if (!Number.isInteger(seconds)) {
    // Python isoformat: microseconds, six digits, when not zero
    const micros = Math.round((seconds - Math.floor(seconds)) * 1e6) % 1e6;
    text = d.toISOString().slice(0, 19) + (micros ? "." + String(micros).padStart(6, "0") : "") + "Z";
  }
  return text;
}

export function decodeCbor(data, { what = "CBOR", maxSize = DEFAULT_MAX_CBOR_SIZE, maxDepth = DEFAULT_MAX_CBOR_DEPTH, code = "cbor" } = {}) {
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
    if (info === 24) { need(1); return data[pos++]; }
    if (info === 25) { need(2); const v = view.getUint16(pos); pos += 2; return v; }
    if (info === 26) { need(4); const v = view.getUint32(pos); pos += 4; return v; }
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
    if (initial === 0xff) {
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
        return typeof n === "bigint" ? -1n - n : (n + 1 > Number.MAX_SAFE_INTEGER ? -1n - BigInt(n) : -1 - n);
      }
      case 2:
      case 3: {
        let bytes;
        if (info === 31) {
          const parts = [];
          for (;;) {
            need(1);
            if (data[pos] === 0xff) { pos++; break; }
            const head = data[pos++];
            if (head >> 5 !== major || (head & 31) === 31) fail("invalid indefinite-length string chunk");
            const n = length(head & 31);
            parts.push(data.subarray(pos, pos + n));
            pos += n;
          }
          const total = parts.reduce((a, p) => a + p.length, 0);
          bytes = new Uint8Array(total);
          let o = 0;
          for (const p of parts) { bytes.set(p, o); o += p.length; }
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
          const out = [];
          for (let i = 0; i < count; i++) {
            const v = item(depth + 1, indefinite);
            if (v === BREAK) break;
            out.push(v);
          }
          return out;
        }
        const out = new Map();
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
            try { return isoFromEpoch(v); } catch (err) { throw new DecodeError(code, err.message); }
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
        if (info === 23) return undefined;
        if (info === 24) { need(1); const v = data[pos++]; if (v < 32) fail("invalid simple value"); return new Simple(v); }
        if (info === 25) { need(2); const v = halfFloat(view.getUint16(pos)); pos += 2; return v; }
        if (info === 26) { need(4); const v = view.getFloat32(pos); pos += 4; return v; }
        if (info === 27) { need(8); const v = view.getFloat64(pos); pos += 8; return v; }
        fail(`unknown simple value ${info}`);
      }
    }
  };
  const result = item(0);
  if (pos !== data.length) throw new DecodeError(code, `${what} has ${data.length - pos} trailing bytes after the CBOR item`);
  return result;
}

function halfFloat(h) {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * 2 ** -14 * (mant / 1024);
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

function jsonBytes(_key, value) {
  return value instanceof Uint8Array ? Array.from(value) : typeof value === "bigint" ? value.toString() : value;
}

// ---- encoding: only what Sig_structure needs (text, byte strings, an array) ----
function head(major, n) {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  if (n < 65536) return [(major << 5) | 25, n >> 8, n & 255];
  return [(major << 5) | 26, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function sigStructure(protectedBytes, payload) {
  const context = new TextEncoder().encode("Signature1");
  const parts = [
    Uint8Array.from(head(4, 4)),
    Uint8Array.from(head(3, context.length)), context,
    Uint8Array.from(head(2, protectedBytes.length)), protectedBytes,
    Uint8Array.from(head(2, 0)),
    Uint8Array.from(head(2, payload.length)), payload,
  ];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// CBOR data -> JSON-able data (the DCC): maps become objects with text keys.
export function toJson(value) {
  if (value instanceof Map) {
    const out = {};
    for (const [k, v] of value) out[String(k)] = toJson(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Tag) return toJson(value.value);
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("");
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Simple) return null;
  return value === undefined ? null : value;
}
