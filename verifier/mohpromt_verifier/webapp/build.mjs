// Rebuild dist/ from src/ with the locked esbuild (npm ci first): verify.mjs (the verifier,
// page and Node alike), app.js (the page: camera, QR decoding with zxing-wasm, IndexedDB),
// zxing_reader.wasm, and BUILD-STAMP (the SHA-256 of every input: the test that the committed
// bundle matches its sources recomputes it without node).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { writeStamp } from "./stamp.mjs";

const here = new URL(".", import.meta.url).pathname;
mkdirSync(here + "dist", { recursive: true });
const common = { bundle: true, format: "esm", target: "es2022", legalComments: "eof", charset: "utf8", logLevel: "warning" };
await build({ ...common, entryPoints: [here + "src/verify-entry.mjs"], outfile: here + "dist/verify.mjs", platform: "neutral", external: ["node:*"] });
await build({ ...common, entryPoints: [here + "src/app.mjs"], outfile: here + "dist/app.js", platform: "browser", external: ["./verify.mjs"], minify: true });
copyFileSync(here + "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm", here + "dist/zxing_reader.wasm");
writeStamp(here);
