// The page only captures: frames and files go to this machine's verifier (/api/verify),
// which finds the QR with zxing-cpp and verifies against the local trust list.
"use strict";
(function () {
  const LABELS = {
    valid: ["ถูกต้อง", "VALID"],
    invalid: ["ไม่ถูกต้อง", "INVALID"],
    indeterminate: ["ยืนยันไม่ได้", "CANNOT BE CONFIRMED"],
  };
  const FIELDS = [
    ["name", "ชื่อ", "Name"], ["name_icao", "ชื่อ (ICAO)", "Name (ICAO)"],
    ["date_of_birth", "วันเกิด", "Date of birth"], ["patient", "ผู้รับการตรวจ", "Patient"],
    ["signer", "ผู้ลงนาม", "Signed by"], ["licence", "เลขที่ใบอนุญาต", "Licence"],
    ["facility", "สถานพยาบาล", "Facility"], ["type", "ประเภท", "Type"], ["vaccine", "วัคซีน", "Vaccine"],
    ["dose", "เข็มที่", "Dose"], ["date", "วันที่", "Date"], ["test_type", "ชนิดการตรวจ", "Test type"],
    ["result", "ผล", "Result"], ["sampled_at", "เก็บตัวอย่างเมื่อ", "Sampled at"],
    ["valid_from", "ใช้ได้ตั้งแต่", "Valid from"], ["valid_until", "ใช้ได้ถึง", "Valid until"],
    ["document_number", "เลขที่เอกสาร", "Document number"], ["finding", "ผล", "Finding"],
    ["pades_level", "ระดับลายมือชื่อ", "PAdES level"], ["uvci", "UVCI", "UVCI"], ["country", "ประเทศ", "Country"],
  ];
  const $ = (id) => document.getElementById(id);
  const video = $("camera"), canvas = $("frame"), status = $("status");
  let scanning = false, busy = false, timer = null;

  function show(report) {
    const box = $("verdict");
    box.className = "verdict " + report.verdict;
    const [th, en] = LABELS[report.verdict];
    $("verdict-word").textContent = th + " / " + en;
    const details = $("details");
    details.replaceChildren();
    const facts = Object.assign({}, report.holder || {}, report.document || {});
    for (const [key, thLabel, enLabel] of FIELDS) {
      const value = facts[key];
      if (value === undefined || value === null || value === "") continue;
      const dt = document.createElement("dt");
      dt.textContent = thLabel + " · " + enLabel;
      const dd = document.createElement("dd");
      dd.textContent = String(value);
      dd.dataset.field = key;
      details.append(dt, dd);
    }
    const reasons = $("reasons");
    reasons.replaceChildren();
    for (const reason of report.reasons || []) {
      const li = document.createElement("li");
      li.textContent = reason;
      reasons.append(li);
    }
    for (const warning of report.warnings || []) {
      const li = document.createElement("li");
      li.textContent = "⚠ " + warning;
      reasons.append(li);
    }
    $("again").hidden = false;
  }

  async function submit(body, type) {
    const reply = await fetch("/api/verify", { method: "POST", body: body, headers: { "Content-Type": type } });
    if (!reply.ok) { status.textContent = "ข้อผิดพลาด · Error " + reply.status; return false; }
    const answer = await reply.json();
    if (answer.status === "no-qr") { status.textContent = "กำลังค้นหาคิวอาร์โค้ด… · Looking for a QR code…"; return false; }
    if (answer.status === "error") { status.textContent = answer.message; return true; }
    show(answer.reports[0]);
    status.textContent = "";
    return true;
  }

  function grab() {
    if (!scanning || busy || video.readyState < 2) return;
    busy = true;
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    canvas.toBlob(async (blob) => {
      try {
        if (blob && await submit(blob, "image/jpeg")) stop();
      } catch (err) { status.textContent = String(err); }
      busy = false;
    }, "image/jpeg", 0.92);
  }

  function stop() {
    scanning = false;
    if (timer) { clearInterval(timer); timer = null; }
  }

  async function start() {
    $("again").hidden = true;
    $("verdict").className = "verdict idle";
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = "เบราว์เซอร์นี้ใช้กล้องไม่ได้ · This browser cannot use the camera";
      return;
    }
    try {
      if (!video.srcObject) {
        video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
        await video.play();
      }
    } catch (err) {
      status.textContent = "เปิดกล้องไม่ได้ · Cannot open the camera (" + err.name + ")";
      return;
    }
    scanning = true;
    status.textContent = "กำลังค้นหาคิวอาร์โค้ด… · Looking for a QR code…";
    timer = setInterval(grab, 300);
  }

  $("start").addEventListener("click", start);
  $("again").addEventListener("click", start);
  $("file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    stop();
    status.textContent = "กำลังตรวจสอบ… · Verifying…";
    const ok = await submit(file, file.type || "application/octet-stream");
    if (!ok) status.textContent = "ไม่พบคิวอาร์โค้ดในไฟล์ · No QR code in the file";
  });
})();
