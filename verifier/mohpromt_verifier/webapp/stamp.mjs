// BUILD-STAMP: the SHA-256 of every input of the bundle (sources, lock file, build scripts, the
// Python package's schemas and value sets) and of every output. webapp/stamp.py computes the
// same inputs digest, so a test can tell a stale committed bundle without node.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

export function inputs(here) {
  const data = join(here, "..", "formats", "hcert", "data");
  return [
    ...files(join(here, "src")),
    join(here, "package.json"), join(here, "package-lock.json"), join(here, "build.mjs"), join(here, "stamp.mjs"),
    ...files(join(data, "schemas")), join(data, "DCC.combined-schema.json"), ...files(join(data, "valuesets")),
  ].filter((p) => !p.includes("__pycache__"));
}

export function digest(paths, root) {
  const h = createHash("sha256");
  for (const p of [...paths].map((p) => [relative(root, p).split("\\").join("/"), p]).sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    h.update(p[0] + "\n");
    h.update(createHash("sha256").update(readFileSync(p[1])).digest("hex") + "\n");
  }
  return h.digest("hex");
}

export function writeStamp(here) {
  const root = join(here, "..");
  const outputs = ["verify.mjs", "app.js", "zxing_reader.wasm"].map((n) => join(here, "dist", n));
  const stamp = { inputs: digest(inputs(here), root), outputs: digest(outputs, root) };
  writeFileSync(join(here, "dist", "BUILD-STAMP.json"), JSON.stringify(stamp, null, 1) + "\n");
}
