// Base45 (RFC 9285), strict: the same refusals as the Python codec.
import { DecodeError } from "./errors.mjs";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function value(text, offset) {
  const code = text.charCodeAt(offset);
  const v = code < 128 ? VALUE[code] : -1;
  if (v < 0) throw new DecodeError("base45", `base45 text has an invalid character ${JSON.stringify(text[offset])} at offset ${offset}`);
  return v;
}

export function b45decode(text) {
  const rest = text.length % 3;
  if (rest === 1) throw new DecodeError("base45", `base45 text of length ${text.length} is invalid (a length of 1 modulo 3 is never produced)`);
  const full = text.length - rest;
  const out = new Uint8Array((full / 3) * 2 + (rest ? 1 : 0));
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
