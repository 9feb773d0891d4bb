// The page: camera -> zxing-wasm -> verify.mjs (the same module the Node command runs), trust
// data verified against the pinned trust-list signer and kept in IndexedDB, a large verdict.
// Nothing personal is stored or sent: only the trust lists are kept, and only a PDF the user
// chooses is posted (to this app's own origin) when online.
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { TrustStore, verifyText, verifyListDocument, display, parseTime, pemToDer, parseCertificate, TRUST_FORMAT, voucherSignersOf, voucherSignerTrusted } from "./verify.mjs";
import { reasonText, CHECK_NAMES } from "./words.mjs";

// the decoder's WebAssembly is fetched and compiled at once, while the camera starts
prepareZXingModule({ overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? new URL("zxing_reader.wasm", document.baseURI).href : prefix + path) }, fireImmediately: true }).catch(() => {});
// most frames get the quick pass; every third one the thorough one (rotated, inverted, small codes)
const QUICK = { formats: ["QRCode"], tryHarder: false, tryRotate: false, tryInvert: false, maxNumberOfSymbols: 1 };
const THOROUGH = { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 };

const $ = (id) => document.getElementById(id);
const state = { trust: null, bundle: null, last: null, lastAt: 0, busy: false };
window.__verifier = state; // for tests and support: what the page decided, never personal data stored

// ---------- IndexedDB: the latest verified trust bundle ----------
function db() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("mohpromt-verifier", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("trust");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}
async function idbGet(key) {
  const d = await db();
  return new Promise((resolve) => {
    const r = d.transaction("trust").objectStore("trust").get(key);
    r.onsuccess = () => resolve(r.result || null);
    r.onerror = () => resolve(null);
  });
}
async function idbPut(key, value) {
  const d = await db();
  return new Promise((resolve) => {
    const t = d.transaction("trust", "readwrite");
    t.objectStore("trust").put(value, key);
    t.oncomplete = () => resolve(true);
    t.onerror = () => resolve(false);
  });
}

const newest = (bundle) => Math.max(0, ...((bundle && bundle.lists) || []).map((l) => parseTime(l.fetched_at) || 0));

async function loadTrust() {
  let built = null;
  try {
    const response = await fetch("trust.json", { cache: "no-store" });
    if (response.ok) built = await response.json();
  } catch { /* offline and not cached: IndexedDB only */ }
  const kept = await idbGet("bundle");
  let bundle = kept && (!built || newest(kept) >= newest(built)) ? kept : built;
  if (!bundle) bundle = { format: TRUST_FORMAT, anchors: [], lists: [] };
  await useBundle(bundle);
  if (navigator.onLine) {
    // refresh in the background: the verdict never waits for the network
    state.refreshed = refresh(bundle).then(async (fresh) => {
      if (fresh !== bundle) await useBundle(fresh);
    }).catch(() => {});
  }
}

async function useBundle(bundle) {
  const store = await TrustStore.fromBundle(bundle, { now: Date.now(), allowExpired: true });
  state.bundle = bundle;
  state.trust = store;
  await idbPut("bundle", bundle);
  showTrust();
  // newer trust data: the code on screen is judged again with it
  if (state.lastText && state.last) await judge(state.lastText, state.last.source);
}

// re-fetch every list that names a published URL; a list replaces ours only once it verifies
// against the pinned signer and is not older than what we have
async function refresh(bundle) {
  const lists = [];
  let changed = false;
  const anchors = pinned(bundle);
  for (const list of bundle.lists) {
    const url = refreshUrl(list);
    if (!url) { lists.push(list); continue; }
    try {
      url.searchParams.set("refresh", "1");
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const raw = new Uint8Array(await response.arrayBuffer());
      const doc = await verifyListDocument(raw, list.shape, anchors);
      const old = await verifyListDocument(b64dec(list.raw), list.shape, anchors).catch(() => null);
      if (old && old.issuedAt && doc.issuedAt && doc.issuedAt < old.issuedAt) throw new Error("older than ours");
      const now = Date.now();
      const life = (parseTime(list.expires_at) || 0) - (parseTime(list.fetched_at) || 0) || 7 * 86400000;
      lists.push({ ...list, raw: b64enc(raw), fetched_at: new Date(now).toISOString(), expires_at: new Date(now + life).toISOString() });
      changed = true;
    } catch {
      lists.push(list);
    }
  }
  const signers = await refreshVoucherSigners(bundle, lists);
  if (signers) return { ...bundle, lists, voucher_signers: signers };
  return changed ? { ...bundle, lists } : bundle;
}

// the voucher-signing certificates, re-fetched from the service's published PEM (GET
// /api/v1/vouchers/trust, named by the build): kept only those that chain to a PINNED root with the
// voucher-signing EKU now (the root the service sends along is never taken as an anchor)
async function refreshVoucherSigners(bundle, lists) {
  const source = bundle.voucher_source || "";
  if (!/^https?:\/\//.test(source)) return null;
  try {
    const response = await fetch(new URL(source), { cache: "no-store" });
    if (!response.ok) return null;
    const text = await response.text();
    if (text.length > 256 * 1024) return null;
    const probe = await TrustStore.fromBundle({ ...bundle, lists, voucher_signers: pemToDer(text).map(b64enc) }, { now: Date.now(), allowExpired: true });
    const self = (c) => c.subjectDer.join() === c.issuerDer.join();
    const how = { roots: probe.pdfAnchors.filter(self), intermediates: probe.pdfAnchors.filter((c) => !self(c)), moment: Date.now() };
    const good = [];
    for (const cert of probe.voucherSigners) if ((await voucherSignerTrusted(cert, how))[0]) good.push(b64enc(cert.der));
    const old = voucherSignersOf(bundle.voucher_signers).map((c) => b64enc(c.der));
    if (!good.length || good.join() === old.join()) return null;
    return good;
  } catch {
    return null;
  }
}

// where a list is re-fetched: the http(s) URL it was imported from (the build allows that origin in
// the page's connect-src), or a path relative to the app (lists published beside it)
function refreshUrl(list) {
  const source = list.source || "";
  if (list.manual || !source) return null;
  if (/^https?:\/\//.test(source)) return new URL(source);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith("/") || source.includes("..")) return null;
  return new URL(source, document.baseURI);
}

// the trust-list signer certificates pinned by the build: the only keys a list may verify with
function pinned(bundle) {
  return (bundle.anchors || []).flatMap((pem) => pemToDer(pem)).map((der) => parseCertificate(der));
}
const b64dec = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const b64enc = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));

function age(ms) {
  const minutes = Math.max(0, Math.round(ms / 60000));
  if (minutes < 60) return [`${minutes} นาที`, `${minutes} min`];
  const hours = Math.round(minutes / 60);
  if (hours < 48) return [`${hours} ชั่วโมง`, `${hours} h`];
  const days = Math.round(hours / 24);
  return [`${days} วัน`, `${days} days`];
}

function showTrust() {
  const el = $("trust");
  const s = state.trust.summary(Date.now());
  el.classList.toggle("amber", s.expired || s.lists === 0);
  if (s.lists === 0) {
    el.innerHTML = '<span lang="th">ไม่มีข้อมูลความเชื่อถือ</span> · <span lang="en">No trust data: results cannot be confirmed</span>';
    return;
  }
  const [th, en] = age(Date.now() - s.oldest);
  el.textContent = "";
  const a = document.createElement("span");
  a.lang = "th";
  const until = s.expires ? [` · ใช้ได้ถึง ${thaiDate(s.expires)}`, `, valid until ${englishDate(s.expires)}`] : ["", ""];
  a.textContent = s.expired ? `ข้อมูลความเชื่อถือหมดอายุ (อายุ ${th})` : `ข้อมูลความเชื่อถือ อายุ ${th}${until[0]}`;
  const b = document.createElement("span");
  b.lang = "en";
  b.textContent = s.expired ? ` · Trust data expired (${en} old)` : ` · Trust data ${en} old${until[1]} · ${s.dscs} DSC${s.dscs === 1 ? "" : "s"}`;
  el.append(a, b);
  if (s.refused) {
    el.classList.add("amber");
    el.append(span("th", ` · ปฏิเสธรายการที่ลายมือชื่อไม่ถูกต้อง ${s.refused} รายการ`), span("en", ` · ${s.refused} list(s) refused: bad signature`));
  }
  el.dataset.expired = String(s.expired);
  el.dataset.refused = String(s.refused);
}

// ---------- verdict ----------
async function judge(text, source) {
  if (!state.trust) await state.ready;
  const now = Date.now();
  let report;
  const started = performance.now();
  try {
    report = await verifyText(text.trim(), { trust: state.trust, now });
  } catch (err) {
    showMessage("indeterminate", ["ไม่ใช่ QR ของใบรับรอง", "Not a certificate QR code"], err.message);
    return null;
  }
  const summary = state.trust.summary(now);
  if (summary.expired) report.add("trust-list", "indeterminate", "cannot be confirmed: trust list expired", "trust-list-expired");
  else if (summary.lists === 0 && report.verdict === "valid") report.add("trust-list", "indeterminate", "no trust data", "trust-list-missing");
  state.last = { verdict: report.verdict, checks: report.checks.map((c) => [c.name, c.outcome, c.code]), source, ms: performance.now(),
    verifyMs: performance.now() - started, decodeMs: source === "camera" ? state.decodeMs : null };
  render(report);
  return report;
}

const WORDS = { valid: ["ถูกต้อง", "VALID"], invalid: ["ไม่ถูกต้อง", "INVALID"], indeterminate: ["ยืนยันไม่ได้", "CANNOT BE CONFIRMED"] };

function showMessage(verdict, [th, en], detail) {
  const box = $("verdict");
  box.className = `verdict ${verdict}`;
  box.dataset.verdict = verdict;
  box.querySelector(".word").innerHTML = "";
  box.querySelector(".word").append(span("th", WORDS[verdict][0]), span("en", WORDS[verdict][1], "en"));
  const reason = box.querySelector(".reason");
  reason.textContent = "";
  reason.append(span("th", th), document.createElement("br"), span("en", en + (detail ? ` (${detail})` : ""), "en"));
  $("details").hidden = true;
}

function span(lang, text, cls) {
  const s = document.createElement("span");
  s.lang = lang;
  s.textContent = text;
  if (cls) s.className = cls;
  return s;
}

function render(report) {
  const verdict = report.verdict;
  const box = $("verdict");
  box.className = `verdict ${verdict}`;
  box.dataset.verdict = verdict;
  const word = box.querySelector(".word");
  word.textContent = "";
  word.append(span("th", WORDS[verdict][0]), span("en", WORDS[verdict][1], "en"));
  const reason = box.querySelector(".reason");
  reason.textContent = "";
  const wanted = verdict === "invalid" ? "fail" : verdict === "indeterminate" ? "indeterminate" : null;
  const first = wanted ? report.checks.find((c) => c.outcome === wanted) : null;
  if (first) {
    const [th, en] = reasonText(first);
    reason.append(span("th", th), document.createElement("br"), span("en", en, "en"));
  } else {
    const until = report.validUntil ? [` ใช้ได้ถึง ${thaiDate(report.validUntil)}`, ` Valid until ${englishDate(report.validUntil)}.`] : ["", ""];
    reason.append(span("th", "ลายมือชื่อถูกต้อง ผ่านทุกขั้นตอนการตรวจ" + until[0]), document.createElement("br"),
      span("en", "Genuine signature, every check passed." + until[1], "en"));
  }
  fillDetails(report);
  $("details").classList.toggle("unverified", verdict !== "valid");
}

const thaiDate = (ms) => new Intl.DateTimeFormat("th-TH", { dateStyle: "long", timeZone: "Asia/Bangkok" }).format(new Date(ms));
const englishDate = (ms) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Asia/Bangkok" }).format(new Date(ms));

function row(dl, th, en, value, valueEn) {
  if (value === null || value === undefined || value === "") return;
  const dt = document.createElement("dt");
  dt.append(span("th", th), document.createTextNode(" "), span("en", en, "en"));
  const dd = document.createElement("dd");
  dd.append(span("th", String(value)));
  if (valueEn && valueEn !== value) dd.append(span("en", String(valueEn), "en"));
  dl.append(dt, dd);
}

function fillDetails(report) {
  const holder = $("holder");
  const doc = $("document");
  holder.textContent = "";
  doc.textContent = "";
  const h = report.holder || {};
  if (report.kind === "voucher") {
    const d = report.document || {};
    row(holder, "อสม. (รหัสอ้างอิง)", "Volunteer reference", h.volunteer_ref);
    row(doc, "บัตรกำนัลเลขที่", "Voucher ID", d.voucher_id);
    row(doc, "มูลค่า (บาท)", "Value (baht)", d.value_baht);
    row(doc, "แต้ม", "Points", d.points);
    row(doc, "ร้านค้า", "Partner shop", d.partner || "ร้านค้าที่ร่วมโครงการทุกร้าน", d.partner || "any partner shop");
    row(doc, "โครงการ", "Programme", d.program);
    row(doc, "รายการหักแต้ม", "Debit", d.debit_id);
    row(doc, "ออกเมื่อ", "Issued", d.issued_at);
    row(doc, "ใช้ได้ถึง", "Valid until", d.expires_at);
    listChecks(report);
    return;
  }
  if (report.kind === "summary") {
    const d = report.document || {};
    row(holder, "ผู้รับการตรวจ", "Patient", h.patient, h.patient_en);
    row(doc, "ใบรับรองเลขที่", "Document number", d.document_number);
    row(doc, "ประเภท", "Type", d.type);
    row(doc, "ออกเมื่อ", "Issued", d.issued_at);
    row(doc, "ใช้ได้ถึง", "Valid until", d.valid_until);
    row(doc, "ความเห็นแพทย์", "Finding", d.finding);
    row(doc, "สถานพยาบาล", "Facility", d.facility);
    row(doc, "ผู้ลงนาม", "Signed by", d.signer, d.licence);
    listChecks(report);
    return;
  }
  row(holder, "ชื่อ", "Name", h.name);
  row(holder, "ชื่อ (ICAO)", "Name (ICAO)", h.name_icao);
  row(holder, "วันเกิด", "Date of birth", h.date_of_birth);
  const d = report.document || {};
  const entry = report.entry || {};
  const types = { vaccination: ["การฉีดวัคซีน", "Vaccination"], test: ["ผลการตรวจ", "Test"], recovery: ["การหายจากโรค", "Recovery"] };
  if (d.type) row(doc, "ประเภท", "Type", types[d.type][0], types[d.type][1]);
  const show = (th, en, stem, code) => {
    if (code === undefined || code === null) return;
    const v = display(stem, code);
    row(doc, th, en, v.th, v.en === v.th ? null : v.en);
  };
  show("โรค", "Disease", "disease-agent-targeted", entry.tg);
  show("วัคซีน", "Vaccine", "vaccine-prophylaxis", entry.vp);
  show("ผลิตภัณฑ์", "Product", "vaccine-medicinal-product", entry.mp);
  show("ผู้ผลิต", "Manufacturer", "vaccine-mah-manf", entry.ma && d.type === "vaccination" ? entry.ma : undefined);
  show("ชนิดการตรวจ", "Test type", "test-type", entry.tt);
  show("ชุดตรวจ", "Test device", "test-manf-example", entry.ma && d.type === "test" ? entry.ma : undefined);
  show("ผลตรวจ", "Result", "test-result", entry.tr);
  if (entry.nm) row(doc, "ชื่อการตรวจ", "Test name", entry.nm);
  if (d.dose) row(doc, "เข็มที่", "Dose", d.dose);
  row(doc, "วันที่", "Date", d.date || d.sampled_at || d.first_positive);
  if (d.valid_from) row(doc, "ใช้ได้", "Valid", `${d.valid_from} – ${d.valid_until}`);
  show("ประเทศ", "Country", "country-2-codes", d.country);
  row(doc, "ผู้ออก", "Issuer", d.issuer);
  row(doc, "เลขที่ใบรับรอง", "Certificate ID", d.uvci);
  listChecks(report);
}

function listChecks(report) {
  const checks = $("checks");
  checks.textContent = "";
  for (const c of report.checks) {
    const li = document.createElement("li");
    const names = CHECK_NAMES[c.name] || [c.name, c.name];
    li.textContent = `[${c.outcome}] ${names[0]} / ${names[1]}${c.detail ? ": " + c.detail : ""}`;
    checks.append(li);
  }
  $("details").hidden = false;
}

// ---------- camera ----------
async function startCamera() {
  const status = $("camera-status");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status.textContent = "กล้องใช้ไม่ได้ในหน้านี้ (ต้องเป็น https) · The camera needs a secure (https) page";
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    const video = $("video");
    video.srcObject = stream;
    await video.play();
    $("start").hidden = true;
    status.textContent = "";
    scanLoop(video);
  } catch (err) {
    status.textContent = `เปิดกล้องไม่ได้ · Cannot open the camera (${err.name})`;
  }
}

function scanLoop(video) {
  const canvas = $("frame");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const tick = async () => {
    if (video.readyState >= 2 && !state.busy) {
      state.busy = true;
      try {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const started = performance.now();
        state.frames = (state.frames || 0) + 1;
        const [found] = await readBarcodes(image, state.frames % 3 === 0 ? THOROUGH : QUICK);
        state.decodeMs = performance.now() - started;
        if (found && found.isValid && found.text) {
          const now = Date.now();
          if (found.text !== state.lastText || now - state.lastAt > 5000) {
            state.lastText = found.text;
            state.lastAt = now;
            await judge(found.text, "camera");
          }
        }
      } catch { /* a frame that cannot be read: try the next */ }
      state.busy = false;
    }
    setTimeout(tick, 120);
  };
  tick();
}

// ---------- files ----------
async function onFile(file) {
  if (!file) return;
  if (file.type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf")) {
    if (!navigator.onLine) {
      state.pdf = { asked: "nobody" };
      showMessage("indeterminate", ["ตรวจ PDF แบบออฟไลน์ไม่ได้ ต้องเชื่อมต่ออินเทอร์เน็ต", "A PDF cannot be checked offline: connect to the network"]);
      return;
    }

    try {
      const response = await fetch("api/verify", { method: "POST", body: file, headers: { "Content-Type": "application/pdf" } });
      const answer = await response.json();
      state.pdf = { asked: "service", status: answer.status, verdict: answer.reports && answer.reports[0] ? answer.reports[0].verdict : null };
      if (answer.status === "ok" && answer.reports && answer.reports[0]) {
        const r = answer.reports[0];
        render({ verdict: r.verdict, checks: r.checks, holder: r.holder, document: r.document, entry: {} });
      } else throw new Error(answer.message || answer.status);
    } catch (err) {
      state.pdf = state.pdf || { asked: "service", status: "error" };
      showMessage("indeterminate", ["บริการตรวจ PDF ไม่ตอบ", "The PDF verification service did not answer"], err.message);
    }
    return;
  }
  try {
    const [found] = await readBarcodes(file, { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 });
    if (!found || !found.text) throw new Error("no QR");
    await judge(found.text, "file");
  } catch {
    showMessage("indeterminate", ["ไม่พบ QR โค้ดในรูป", "No QR code found in the picture"]);
  }
}

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("sw.js", { scope: "./" });
  } catch { /* not over http(s): the app still works while the page is open */ }
}

state.ready = (async () => {
  registerWorker();
  await loadTrust().catch((err) => {
    state.trust = new TrustStore();
    $("trust").textContent = `ข้อมูลความเชื่อถือใช้ไม่ได้ · Trust data refused: ${err.message}`;
    $("trust").classList.add("amber");
  });
})();
$("start").addEventListener("click", startCamera);
$("paste").addEventListener("submit", (event) => {
  event.preventDefault();
  judge($("qrtext").value, "paste");
});
$("file").addEventListener("change", (event) => onFile(event.target.files[0]));
fetch("build.json").then((r) => r.json()).then((b) => { $("build").textContent = `· ${b.build.slice(0, 12)}`; }).catch(() => {});
startCamera();
