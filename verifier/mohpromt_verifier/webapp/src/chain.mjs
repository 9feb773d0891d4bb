// Path validation for the signer behind an MPC1: QR, the subset pyhanko-certvalidator applies that
// matters here: each certificate signed by the next (WebCrypto), issuer name = subject name,
// every certificate valid at the moment, CA certificates with basicConstraints cA, a pinned root
// at the end, and the signer's keyUsage allowing digitalSignature. Revocation is soft-fail (as the
// Python verifier runs it offline): not checked.
import { children, oidText, readTlv, EC_PUBLIC_KEY, P384 } from "./x509.mjs";
import { hex } from "./x509.mjs";

const subtle = globalThis.crypto.subtle;
const SIG = {
  "1.2.840.10045.4.3.2": ["ECDSA", "SHA-256"], "1.2.840.10045.4.3.3": ["ECDSA", "SHA-384"], "1.2.840.10045.4.3.4": ["ECDSA", "SHA-512"],
  "1.2.840.113549.1.1.11": ["RSA", "SHA-256"], "1.2.840.113549.1.1.12": ["RSA", "SHA-384"], "1.2.840.113549.1.1.13": ["RSA", "SHA-512"],
};

function extensions(cert) {
  const der = cert.der;
  const out = new Map();
  const root = readTlv(der, 0);
  const [tbs] = children(der, root);
  for (const field of children(der, tbs)) {
    if (field.tag !== 0xa3) continue;
    const [list] = children(der, field);
    for (const ext of children(der, list)) {
      const parts = children(der, ext);
      const critical = parts.length === 3 && parts[1].tag === 0x01 && parts[1].content[0] !== 0;
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
  return !!first && first.tag === 0x01 && first.content[0] !== 0;
}

function allowsDigitalSignature(cert, required) {
  const ku = extensions(cert).get("2.5.29.15");
  if (!ku) return !required;
  const bits = readTlv(ku.value, 0).content;
  return bits.length > 1 && (bits[1] & 0x80) !== 0;
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
      const key = await subtle.importKey("spki", issuer.spki, { name: "ECDSA", namedCurve: curve }, false, ["verify"]);
      return await subtle.verify({ name: "ECDSA", hash: alg[1] }, key, ecdsaRaw(cert.signature, curve === "P-384" ? 48 : 32), cert.tbs);
    }
    const key = await subtle.importKey("spki", issuer.spki, { name: "RSASSA-PKCS1-v1_5", hash: alg[1] }, false, ["verify"]);
    return await subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, cert.signature, cert.tbs);
  } catch {
    return false;
  }
}

const same = (a, b) => hex(a) === hex(b);

// -> [ok, sentence]
// requireKeyUsage: the leaf must carry a keyUsage extension (pyhanko's validate_usage asks for it)
export async function chains(leaf, { roots, intermediates, moment, requireKeyUsage = false }) {
  if (!allowsDigitalSignature(leaf, requireKeyUsage)) return [false, "the signer's key usage does not allow digital signatures"];
  let current = leaf;
  const seen = new Set();
  for (let depth = 0; depth < 8; depth++) {
    if (moment < current.notBefore || moment > current.notAfter) return [false, "a certificate on the path is not valid at the validation time"];
    const root = roots.find((r) => same(r.subjectDer, current.issuerDer) && !seen.has(hex(r.der)));
    if (same(current.der, root ? root.der : new Uint8Array())) return [true, "chains to a trusted root"];
    if (root && await signedBy(current, root)) {
      if (moment < root.notBefore || moment > root.notAfter) return [false, "the trusted root is not valid at the validation time"];
      return [true, "chains to a trusted root"];
    }
    const next = intermediates.find((c) => same(c.subjectDer, current.issuerDer) && !seen.has(hex(c.der)));
    if (!next || !isCa(next) || !(await signedBy(current, next))) return [false, "no path to a trusted root"];
    seen.add(hex(next.der));
    current = next;
  }
  return [false, "the path is too long"];
}
