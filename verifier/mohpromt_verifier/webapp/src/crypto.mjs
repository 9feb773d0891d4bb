// WebCrypto (browsers and Node >= 18 alike): SHA-256, ES256 and PS256 verification.
import { EC_PUBLIC_KEY, P256, P384, RSA_ENCRYPTION, ecdsaDerToRaw } from "./x509.mjs";

export const ES256 = -7;
export const PS256 = -37;
const subtle = globalThis.crypto.subtle;
const keys = new WeakMap();

export async function sha256(bytes) {
  return new Uint8Array(await subtle.digest("SHA-256", bytes));
}

async function importKey(cert, kind) {
  let cached = keys.get(cert);
  if (!cached) keys.set(cert, (cached = new Map()));
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

// COSE signature (raw r||s for ES256) over tbs, with the certificate's key; false on any mismatch
export async function verifyCose(cert, alg, signature, tbs) {
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

// A list signature: ECDSA (DER, or raw r||s) or RSA PKCS#1 v1.5, SHA-256 (trust_lists.signing)
export async function verifyListSignature(cert, signature, data) {
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
