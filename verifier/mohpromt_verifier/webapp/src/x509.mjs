// A small DER reader for what a verifier needs of a certificate: validity, the public key
// (SubjectPublicKeyInfo DER for WebCrypto), the extended key usage, the subject's country, and
// the signature (to check a list signer issued by a pinned anchor). Bounded: definite lengths only.

export class DerError extends Error {}

export function readTlv(data, pos) {
  if (pos + 2 > data.length) throw new DerError("truncated DER");
  const tag = data[pos];
  let len = data[pos + 1];
  let offset = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || offset + n > data.length) throw new DerError("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + data[offset + i];
    offset += n;
  }
  if (offset + len > data.length) throw new DerError("DER value runs past its container");
  return { tag, start: pos, contentStart: offset, end: offset + len, content: data.subarray(offset, offset + len) };
}

export function children(data, tlv) {
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

export function oidText(bytes) {
  const parts = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      if (parts.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

function timeOf(tlv) {
  const text = new TextDecoder().decode(tlv.content);
  let m;
  if (tlv.tag === 0x17 && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(text))) {
    const year = Number(m[1]) >= 50 ? 1900 + Number(m[1]) : 2000 + Number(m[1]);
    return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
  }
  if (tlv.tag === 0x18 && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(text))) {
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  throw new DerError(`unreadable certificate time ${text}`);
}

const EKU_OID = "2.5.29.37";
const COUNTRY_OID = "2.5.4.6";

// -> {der, tbs, notBefore (ms), notAfter (ms), spki (DER), keyAlgorithm, curve, eku (null|[oids]),
//     country, subjectDer, issuerDer, signatureAlgorithm, signature}
export function parseCertificate(der) {
  const cert = readTlv(der, 0);
  if (cert.tag !== 0x30 || cert.end !== der.length) throw new DerError("not a DER certificate");
  const [tbs, sigAlg, sigValue] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30 || !sigAlg || !sigValue || sigValue.tag !== 0x03) throw new DerError("not a certificate");
  const fields = children(der, tbs);
  let i = 0;
  if (fields[i] && fields[i].tag === 0xa0) i++; // version
  i++; // serial
  i++; // signature algorithm
  const issuer = fields[i++];
  const validity = fields[i++];
  const subject = fields[i++];
  const spki = fields[i++];
  if (!spki || spki.tag !== 0x30 || !validity || validity.tag !== 0x30) throw new DerError("not a certificate");
  const [nb, na] = children(der, validity);
  const spkiParts = children(der, spki);
  const algParts = children(der, spkiParts[0]);
  const keyAlgorithm = oidText(algParts[0].content);
  const curve = algParts[1] && algParts[1].tag === 0x06 ? oidText(algParts[1].content) : null;
  let eku = null;
  for (; i < fields.length; i++) {
    if (fields[i].tag !== 0xa3) continue;
    const [extensions] = children(der, fields[i]);
    for (const ext of children(der, extensions)) {
      const parts = children(der, ext);
      if (oidText(parts[0].content) !== EKU_OID) continue;
      const value = parts[parts.length - 1];
      try {
        const seq = readTlv(der, value.contentStart);
        eku = children(der, seq).filter((c) => c.tag === 0x06).map((c) => oidText(c.content));
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
    signature: sigValue.content.subarray(1),
  };
}

export const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
export const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
export const P256 = "1.2.840.10045.3.1.7";
export const P384 = "1.3.132.0.34";

export function pemToDer(text) {
  const out = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  let m;
  while ((m = re.exec(text))) out.push(base64ToBytes(m[1].replace(/\s+/g, "")));
  return out;
}

export function base64ToBytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ECDSA DER (X9.62) -> raw r||s of `size` bytes each, as WebCrypto wants
export function ecdsaDerToRaw(sig, size) {
  const seq = readTlv(sig, 0);
  if (seq.tag !== 0x30 || seq.end !== sig.length) throw new DerError("not an ECDSA signature");
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
