// What the screen says for each check code, in Thai and English (the report's detail stays the
// Python verifier's English sentence; these are for people in a hurry).
export const CHECK_NAMES = {
  decode: ["อ่านรหัส", "decoding"], signature: ["ลายมือชื่อดิจิทัล", "signature"], validity: ["วันหมดอายุ", "validity"],
  "signer-validity": ["ใบรับรองผู้ลงนาม", "signer certificate"], "signer-type": ["สิทธิ์ผู้ลงนาม", "signer's permission"],
  schema: ["รูปแบบข้อมูล", "data format"], "value-sets": ["รหัสมาตรฐาน", "value sets"], dates: ["วันที่", "dates"],
  revocation: ["การเพิกถอน", "revocation"], "signer-trust": ["ความน่าเชื่อถือของผู้ลงนาม", "signer's trust"], rules: ["เกณฑ์การเดินทาง", "business rules"], "trust-list": ["ข้อมูลความเชื่อถือ", "trust data"],
  "key-purpose": ["สิทธิ์ลงนามบัตรกำนัล", "voucher-signing purpose"],
};

const BY_CODE = {
  "hc1-prefix": ["ไม่ใช่ใบรับรองสุขภาพ (HC1)", "Not a health certificate (HC1)"],
  base45: ["QR โค้ดเสียหาย", "The QR code is damaged (base45)"],
  zlib: ["QR โค้ดเสียหาย", "The QR code is damaged (zlib)"],
  cose: ["โครงสร้างลายมือชื่อไม่ถูกต้อง", "The signature structure is malformed"],
  cbor: ["ข้อมูลในใบรับรองเสียหาย", "The certificate data is malformed"],
  claims: ["ข้อมูลในใบรับรองไม่ครบ", "The certificate data is incomplete"],
  "input-too-large": ["ข้อมูลใหญ่เกินกำหนด", "The code is too large"],
  "dsc-unknown": ["ไม่รู้จักผู้ลงนาม (ไม่อยู่ในรายการความเชื่อถือ)", "Unknown signer (not in the trust list)"],
  signature: ["ลายมือชื่อไม่ถูกต้อง ข้อมูลอาจถูกแก้ไข", "The signature does not match: the data may have been changed"],
  algorithm: ["อัลกอริทึมลายมือชื่อไม่รองรับ", "Unsupported signature algorithm"],
  expired: ["ใบรับรองหมดอายุแล้ว", "The certificate has expired"],
  "not-yet-valid": ["ใบรับรองยังไม่มีผล", "The certificate is not valid yet"],
  "dsc-expired": ["ใบรับรองผู้ลงนามหมดอายุ", "The signer's certificate has expired"],
  "dsc-validity": ["ผู้ลงนามไม่มีสิทธิ์ในวันที่ออกใบรับรอง", "The signer was not valid when this was issued"],
  "iat-before-dsc": ["ออกใบรับรองก่อนวันเริ่มอายุของผู้ลงนาม (ยอมรับ)", "Issued before its signer's validity began (accepted)"],
  "key-usage": ["ผู้ลงนามไม่มีสิทธิ์ออกใบรับรองประเภทนี้", "The signer may not issue this kind of certificate"],
  schema: ["รูปแบบข้อมูลไม่ถูกต้องตามมาตรฐาน EU DCC", "The data does not follow the EU DCC schema"],
  valueset: ["มีรหัสที่ไม่อยู่ในรายการมาตรฐาน", "A code is not in the EU value sets"],
  "dob-after-iat": ["วันเกิดอยู่หลังวันออกใบรับรอง", "The date of birth is after the issue date"],
  "dob-after-event": ["วันเกิดอยู่หลังวันฉีด/ตรวจ", "The date of birth is after the vaccination or test"],
  revoked: ["ใบรับรองถูกเพิกถอนแล้ว", "The certificate has been revoked"],
  "series-incomplete": ["ฉีดวัคซีนยังไม่ครบชุด", "The vaccination series is not complete"],
  "test-positive": ["ผลตรวจไม่ใช่ 'ไม่พบเชื้อ'", "The test result is not negative"],
  "test-too-old": ["ผลตรวจเก่าเกินกำหนด", "The test is too old"],
  "test-time": ["อ่านเวลาเก็บตัวอย่างไม่ได้", "The sample time cannot be read"],
  "recovery-period": ["อยู่นอกช่วงเวลาที่ใช้ได้ของการหายจากโรค", "Outside the recovery certificate's validity"],
  "recovery-dates": ["อ่านวันที่ของการหายจากโรคไม่ได้", "The recovery dates cannot be read"],
  "trust-list-expired": ["ยืนยันไม่ได้: ข้อมูลความเชื่อถือหมดอายุ", "Cannot be confirmed: trust list expired"],
  "trust-list-missing": ["ยืนยันไม่ได้: ไม่มีข้อมูลความเชื่อถือ", "Cannot be confirmed: no trust data"],
  "signer-unknown": ["ไม่รู้จักผู้ลงนาม (ไม่อยู่ในรายชื่อผู้ลงนามที่เผยแพร่)", "Unknown signer (not in the published signers list)"],
  untrusted: ["ใบรับรองของผู้ลงนามไม่ได้ออกโดยผู้ให้บริการที่เชื่อถือ", "The signer's certificate does not chain to a trusted root"],
  decode: ["อ่าน QR ไม่ได้ หรือ QR เสียหาย", "The QR code cannot be read or is damaged"],
  "wrong-key-purpose": ["ผู้ลงนามไม่มีสิทธิ์ออกบัตรกำนัล", "The signer may not sign vouchers"],
  "voucher-prefix": ["ไม่ใช่บัตรกำนัล (MPV1)", "Not a voucher (MPV1)"],
  "voucher-too-large": ["ข้อมูลใหญ่เกินกำหนด", "The code is too large"],
  "voucher-claims": ["ข้อมูลในบัตรกำนัลไม่ถูกต้อง", "The voucher data is malformed"],
  "offline-unsupported": ["ตรวจแบบออฟไลน์ไม่ได้", "Cannot be checked offline"],
};

export function reasonText(check) {
  const known = BY_CODE[check.code];
  if (known) return [known[0], check.detail && check.detail.toLowerCase() !== known[1].toLowerCase() ? `${known[1]} — ${check.detail}` : known[1]];
  const names = CHECK_NAMES[check.name] || [check.name, check.name];
  return [`${names[0]}: ไม่ผ่าน`, `${names[1]}: ${check.detail}`];
}
