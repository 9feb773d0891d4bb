// verify.mjs: the one verifier module of the app, and a command for Node >= 18:
//   node verify.mjs [--trust-list TRUSTDIR] [--at TIME] [--no-rules] [--json] [--dsc FILE]...
//                   [--allow-expired-trust-list] [--test-max-age-hours N]
//                   [--accept-partial-vaccination] HC1|-
//   node verify.mjs --batch [options] < cases.jsonl      (one JSON line out per line in)
// prints the same report as `mohpromt-ca verify [--json]` and exits 0 valid / 1 invalid /
// 2 indeterminate / 3 usage or input error. Without --trust-list it uses the trust data built
// into its own folder (trust.json).
import { verifyHc1 } from "./verify-hc1.mjs";
import { verifySummary } from "./summary.mjs";
import { verifyVoucher, voucherSignerTrusted, EKU_VOUCHER_SIGNING } from "./voucher.mjs";
import { InputError } from "./errors.mjs";
import { DEFAULT_RULES } from "./rules.mjs";
import { TrustStore, TrustError, TRUST_FORMAT, bundleFromCacheRecords, verifyListDocument, voucherSignersOf } from "./trust.mjs";
import { parseTime } from "./times.mjs";
import { Report } from "./report.mjs";
import { display } from "./valuesets.mjs";
import { base64ToBytes, bytesToBase64, pemToDer, parseCertificate, hex as hexOf } from "./x509.mjs";

export { voucherSignersOf, voucherSignerTrusted, EKU_VOUCHER_SIGNING, pemToDer, parseCertificate, verifyHc1, TrustStore, TrustError, TRUST_FORMAT, verifyListDocument, parseTime, display, Report, DEFAULT_RULES };

// What kind of QR text this is (input_sniffing.classify_text)
export function classifyText(text) {
  if (text.slice(0, 8).toUpperCase().startsWith("HC1:")) return "hcert";
  if (text.startsWith("MPC1:")) return "summary";
  if (text.startsWith("MPV1:")) return "voucher";
  throw new InputError("the text is neither an HC1: health certificate, a certificate-summary QR nor an MPV1: voucher");
}

// One QR text -> Report. options: {trust, now, rules (null: --no-rules)}
export async function verifyText(text, { trust, now = Date.now(), rules = DEFAULT_RULES } = {}) {
  const kind = classifyText(text);
  if (kind === "hcert") return verifyHc1(text, { trust, now, rules, revocations: true });
  const self = (c) => hexOf(c.subjectDer) === hexOf(c.issuerDer);
  const anchors = { roots: trust.pdfAnchors.filter(self), intermediates: trust.pdfAnchors.filter((c) => !self(c)) };
  if (kind === "summary") return verifySummary(text, { signers: trust.documentSigners(), ...anchors, now, kidOf: (c) => trust.kidOf(c) });
  return verifyVoucher(text, { signers: trust.voucherSigners, ...anchors, now, kidOf: (c) => trust.kidOf(c) });
}

export function atTime(value) {
  const text = String(value).trim();
  const ms = parseTime(text);
  if (ms === null) throw new InputError(`--at ${JSON.stringify(value)} is not an ISO 8601 time`);
  return ms;
}

// ---------------- the Node command ----------------
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
  for (const r of store.refused) process.stderr.write(`warning: trust list ${r.name} refused (${r.code}): ${r.reason}\n`);
  return store;
}

function parseArgs(argv) {
  const opts = { json: false, rules: true, dsc: [], signers: [], anchors: [], at: null, trustList: null, allowExpired: false, maxAge: 72, partial: false, batch: false, input: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new InputError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--json") opts.json = true;
    else if (a === "--no-rules") opts.rules = false;
    else if (a === "--batch") opts.batch = true;
    else if (a === "--bench") opts.bench = Number(value());
    else if (a === "--allow-expired-trust-list") opts.allowExpired = true;
    else if (a === "--accept-partial-vaccination") opts.partial = true;
    else if (a === "--at") opts.at = value();
    else if (a === "--trust-list") opts.trustList = value();
    else if (a === "--dsc") opts.dsc.push(value());
    else if (a === "--signer-cert") opts.signers.push(value());
    else if (a === "--anchor") opts.anchors.push(value());
    else if (a === "--test-max-age-hours") opts.maxAge = Number(value());
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
      "exit codes: 0 valid, 1 invalid, 2 indeterminate, 3 usage or input error",
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
    // vouchers: every certificate of the bundle but the self-signed ones, as `mohpromt-ca verify --signer-cert`
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
  if (text[0] === 0x25 && new TextDecoder().decode(text.subarray(0, 5)) === "%PDF-") throw new InputError("PDFs are verified by the service or `mohpromt-ca verify`, not by verify.mjs");
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

// one JSON object a line: {"id", "hc1", "dsc": [base64 DER...], "voucher_signers": [base64 DER...], "at", "no_rules"} -> {"id", "verdict", "exit", "codes", "report"}
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
        /* a certificate we cannot read is not trusted (the Python test drops it too) */
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

// --bench SECONDS: verify the one HC1 given over and over (after a warm-up), print the rate as JSON
async function bench(opts, trust, rules, now) {
  const text = String(opts.input || "").trim();
  const first = await verifyText(text, { trust, now, rules });
  let count = 0;
  const start = performance.now();
  const deadline = start + opts.bench * 1000;
  let at = start;
  while (at < deadline || count < 3) {
    await verifyText(text, { trust, now, rules });
    count++;
    at = performance.now();
  }
  const seconds = (at - start) / 1000;
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
    process.stderr.write(`error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = code;
  }
}

await runAsCommand();
