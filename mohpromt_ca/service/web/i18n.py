"""The web pages' one message catalogue: every word a clinic reads, in Thai and English.

Thai is the default language; English is offered alongside (the language switch, and every
error sentence on a Thai page carries its English too, so support staff can read it).

* ``t(lang, key)``: the page's own sentences (``MESSAGES``);
* ``field_label(lang, name, path)``: labels of the generated forms, by dotted path first
  (``PATH_LABELS``: ``facility.name_th`` is the facility's name, not a person's), then by
  the field's name (``FIELD_LABELS``);
* ``enum_label(lang, value, field)``: choices (``ENUM_LABELS``, ``field:value`` first);
* ``hint(lang, description)``: a schema's description shown under a field
  (``DESCRIPTIONS``); an English-only description with no entry is not shown on a Thai page;
* ``error_text(lang, message, code)``: an error sentence from the service. One that carries
  Thai already is shown as it is; a known English one (``ERROR_PATTERNS``: pydantic's,
  the account rules) is shown in Thai with the English after it ("กรุณากรอกช่องนี้ / Required");
  any other gets a Thai lead ("ข้อมูลไม่ถูกต้อง") with the English after it, so a Thai page
  never shows an English-only message;
* ``when(lang, moment)``: a date and time in Bangkok time (Buddhist era on Thai pages).

A missing key falls back to the key itself, so a page never breaks over a missing word;
``tests/service/web/test_thai_pages.py`` scans every page in Thai for English-only text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

LANGS = ("th", "en")
DEFAULT_LANG = "th"

MESSAGES: dict[str, tuple[str, str]] = {
    "app_name": ("หมอพร้อม ใบรับรองดิจิทัล", "MOPH Promt digital certificates"),
    "lang_switch": ("English", "ภาษาไทย"),
    "login": ("เข้าสู่ระบบ", "Log in"),
    "logout": ("ออกจากระบบ", "Log out"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "password_again": ("รหัสผ่านอีกครั้ง", "Password again"),
    "password_hint": ("อย่างน้อย 12 ตัวอักษร", "At least 12 characters"),
    "passwords_differ": ("รหัสผ่านทั้งสองช่องไม่ตรงกัน", "The two passwords differ"),
    "registration_withdrawn": ("การลงทะเบียนนี้ถูกยกเลิกแล้ว กรุณาติดต่อเจ้าหน้าที่ RA",
                               "This registration was withdrawn: please contact an RA officer"),
    "username_hint": ("ตัวอักษร a-z ตัวเลข และ . _ @ - (3-64 ตัว)", "a-z, digits and . _ @ - (3 to 64)"),
    "wrong_login": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong username or password"),
    "throttled": ("ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่",
                  "Too many failed logins: wait a few minutes and try again"),
    "logged_out": ("ออกจากระบบแล้ว", "You are logged out"),
    "session_expired": ("กรุณาเข้าสู่ระบบ", "Please log in"),
    "no_account": ("ยังไม่มีบัญชี? ลงทะเบียนสถานพยาบาล", "No account yet? Register your facility"),
    "register": ("ลงทะเบียนสถานพยาบาล", "Register a facility"),
    "register_intro": ("กรอกข้อมูลสถานพยาบาลและบัญชีผู้ดูแล เจ้าหน้าที่ RA จะตรวจสอบและอนุมัติ",
                       "Fill in your facility and its administrator's account. An RA officer checks and approves it."),
    "facility": ("สถานพยาบาล", "Facility"),
    "facility_type": ("ประเภทสถานพยาบาล", "Type of facility"),
    "facility_licence": ("เลขที่ใบอนุญาตสถานพยาบาล", "Facility licence number"),
    "name_th": ("ชื่อ (ภาษาไทย)", "Name (Thai)"),
    "name_en": ("ชื่อ (ภาษาอังกฤษ)", "Name (English)"),
    "contact": ("ติดต่อ (อีเมลหรือโทรศัพท์)", "Contact (e-mail or phone)"),
    "admin_account": ("บัญชีผู้ดูแลสถานพยาบาล", "Facility administrator's account"),
    "registered": ("ลงทะเบียนแล้ว รอเจ้าหน้าที่ RA อนุมัติ เข้าสู่ระบบได้ด้วยชื่อผู้ใช้ที่ตั้งไว้",
                   "Registered. An RA officer will review it; you can log in with the username you chose."),
    "submit": ("ส่ง", "Submit"),
    "save": ("บันทึก", "Save"),
    "cancel": ("ยกเลิก", "Cancel"),
    "home": ("หน้าหลัก", "Home"),
    "status": ("สถานะ", "Status"),
    "status_pending": ("รออนุมัติ", "Waiting for approval"),
    "status_approved": ("อนุมัติแล้ว", "Approved"),
    "status_rejected": ("ไม่อนุมัติ", "Rejected"),
    "status_suspended": ("ระงับ", "Suspended"),
    "status_valid": ("ใช้ได้", "Valid"),
    "status_revoked": ("เพิกถอนแล้ว", "Revoked"),
    "status_issued": ("ใช้งาน", "Active"),
    "ra_queue": ("คำขอลงทะเบียนที่รออนุมัติ", "Registrations waiting for approval"),
    "ra_none": ("ไม่มีคำขอที่รออนุมัติ", "Nothing is waiting"),
    "approve": ("อนุมัติ", "Approve"),
    "reject": ("ไม่อนุมัติ", "Reject"),
    "reason": ("เหตุผล", "Reason"),
    "reason_required": ("กรุณาระบุเหตุผล", "Give a reason"),
    "approved_msg": ("อนุมัติแล้ว", "Approved"),
    "rejected_msg": ("บันทึกการไม่อนุมัติแล้ว", "Rejected"),
    "registered_on": ("ลงทะเบียนเมื่อ", "Registered on"),
    "recent_decisions": ("ตัดสินล่าสุด", "Recent decisions"),
    "signers": ("ผู้ลงนาม (แพทย์และบุคลากร)", "Signers (doctors and staff)"),
    "no_signers": ("ยังไม่มีผู้ลงนาม", "No signers yet"),
    "enrol_signer": ("เพิ่มผู้ลงนาม", "Enrol a signer"),
    "enrol_intro": ("ระบบจะออกใบรับรองอิเล็กทรอนิกส์ (อายุ 2 ปี) และบัญชีผู้ใช้ให้ผู้ลงนาม",
                    "This issues the signer's certificate (valid two years) and a login account."),
    "profession": ("วิชาชีพ", "Profession"),
    "licence_no": ("เลขที่ใบอนุญาตประกอบวิชาชีพ", "Professional licence number"),
    "signer_account": ("บัญชีผู้ใช้ของผู้ลงนาม", "The signer's login account"),
    "enrolled": ("เพิ่มผู้ลงนามแล้ว", "Signer enrolled"),
    "suspend": ("ระงับ", "Suspend"),
    "suspend_confirm": ("ระงับผู้ลงนามนี้ (พักใบรับรองและปิดบัญชี)",
                        "Suspend this signer (hold the certificate, disable the login)"),
    "suspended_msg": ("ระงับผู้ลงนามแล้ว", "Signer suspended"),
    "certificate": ("ใบรับรอง", "Certificate"),
    "valid_until": ("ใช้ได้ถึง", "Valid until"),
    "api_keys": ("กุญแจ API สำหรับระบบที่เชื่อมต่อ", "API keys for connected systems"),
    "no_api_keys": ("ยังไม่มีกุญแจ API", "No API keys yet"),
    "create_api_key": ("สร้างกุญแจ API", "Create an API key"),
    "label": ("ชื่อเรียก", "Label"),
    "scope": ("ขอบเขต", "Scope"),
    "whole_facility": ("ทั้งสถานพยาบาล", "The whole facility"),
    "api_key_once": ("คัดลอกกุญแจนี้เก็บไว้ตอนนี้ ระบบจะไม่แสดงอีก",
                     "Copy this key now: it is not shown again"),
    "revoke": ("เพิกถอน", "Revoke"),
    "revoked_key": ("เพิกถอนกุญแจแล้ว", "Key revoked"),
    "created": ("สร้างเมื่อ", "Created"),
    "issue": ("ออกใบรับรอง", "Issue a certificate"),
    "issue_pdf": ("ใบรับรองแพทย์ (PDF ลงนามดิจิทัล)", "Medical certificates (signed PDF)"),
    "issue_dcc": ("ใบรับรองโควิด-19 ดิจิทัล (QR)", "Digital COVID certificates (QR)"),
    "dcc_vaccination": ("การฉีดวัคซีน", "Vaccination"),
    "dcc_test": ("ผลการตรวจ", "Test"),
    "dcc_recovery": ("การหายป่วย", "Recovery"),
    "preview": ("ตรวจทาน", "Preview"),
    "preview_intro": ("ตรวจทานข้อมูลก่อนลงนาม ลงนามแล้วแก้ไขไม่ได้",
                      "Check the data before signing: a signed document cannot be changed."),
    "preview_pdf": ("ดูตัวอย่าง PDF (ยังไม่ลงนาม)", "See the PDF (not signed)"),
    "edit": ("แก้ไข", "Edit"),
    "sign": ("ลงนาม", "Sign"),
    "signing": ("กำลังลงนาม… กรุณารอ", "Signing… please wait"),
    "fix_errors": ("กรุณาแก้ไขช่องที่มีข้อความสีแดง", "Please correct the fields marked in red"),
    "required": ("จำเป็น", "required"),
    "optional": ("ไม่บังคับ", "optional"),
    "yes": ("ใช่ / มี", "Yes"),
    "no": ("ไม่ใช่ / ไม่มี", "No"),
    "choose": ("— เลือก —", "— choose —"),
    "add_row": ("เพิ่มแถว", "Add a row"),
    "from_register": ("ข้อมูลจากทะเบียน แก้ไขไม่ได้", "From the register; cannot be changed here"),
    "issued_ok": ("ลงนามและออกเอกสารแล้ว", "Signed and issued"),
    "document": ("เอกสาร", "Document"),
    "document_number": ("เลขที่เอกสาร", "Document number"),
    "type": ("ประเภท", "Type"),
    "issued_at": ("ออกเมื่อ", "Issued"),
    "download_pdf": ("ดาวน์โหลด PDF", "Download the PDF"),
    "download_qr": ("ดาวน์โหลด QR (PNG)", "Download the QR (PNG)"),
    "download_hc1": ("ดาวน์โหลดข้อความ HC1", "Download the HC1 text"),
    "history": ("ประวัติเอกสาร", "Document history"),
    "search": ("ค้นหา", "Search"),
    "all": ("ทั้งหมด", "All"),
    "date_from": ("ตั้งแต่วันที่", "From"),
    "date_to": ("ถึงวันที่", "To"),
    "no_documents": ("ไม่พบเอกสาร", "No documents found"),
    "revoke_document": ("เพิกถอนเอกสารนี้", "Revoke this document"),
    "revoked_doc": ("เพิกถอนเอกสารแล้ว", "Document revoked"),
    "reason_error": ("ข้อมูลผิดพลาด", "Error in the data"),
    "reason_fraud": ("ทุจริต", "Fraud"),
    "reason_withdrawn": ("ถอนคืน", "Withdrawn"),
    "reason_superseded": ("มีฉบับใหม่แทน", "Superseded"),
    "reason_other": ("อื่น ๆ", "Other"),
    "forbidden": ("คุณไม่มีสิทธิ์ทำรายการนี้", "You may not do this"),
    "not_found": ("ไม่พบสิ่งที่ต้องการ", "Not found"),
    "csrf_title": ("แบบฟอร์มหมดอายุหรือไม่ถูกต้อง", "The form expired or is not valid"),
    "csrf_body": ("กรุณากลับไปที่หน้าเดิม โหลดหน้าใหม่ แล้วส่งอีกครั้ง",
                  "Go back, reload the page and send the form again."),
    "error": ("เกิดข้อผิดพลาด", "Something went wrong"),
    "back": ("กลับ", "Back"),
    "facility_not_approved": ("สถานพยาบาลยังไม่ได้รับอนุมัติ", "The facility is not approved yet"),
    "role_ra-officer": ("เจ้าหน้าที่ RA", "RA officer"),
    "role_facility-admin": ("ผู้ดูแลสถานพยาบาล", "Facility administrator"),
    "role_signer": ("ผู้ลงนาม", "Signer"),
    "signed_in_as": ("ผู้ใช้", "Signed in as"),
    "not_found_body": ("ไม่มีหน้านี้ หรือหน้านี้ถูกย้ายไปแล้ว ตรวจสอบที่อยู่ (URL) อีกครั้ง",
                       "There is no such page, or it has moved: check the address."),
    "too_large": ("ข้อมูลที่ส่งมีขนาดใหญ่เกินไป", "What was sent is too large"),
    "too_large_body": ("แบบฟอร์มนี้รับข้อมูลได้ไม่เกิน 1 MB กรุณาย่อข้อความให้สั้นลงแล้วส่งอีกครั้ง",
                       "This form takes at most 1 MB: shorten the text and send it again."),
    "server_error": ("ระบบขัดข้อง", "Something went wrong on our side"),
    "server_error_body": ("ระบบไม่สามารถทำรายการนี้ได้ในขณะนี้ ข้อมูลที่กรอกไว้ยังไม่ถูกบันทึก กรุณาลองใหม่อีกครั้ง "
                          "หากยังไม่ได้ กรุณาแจ้งผู้ดูแลระบบพร้อมเวลาที่เกิดเหตุ",
                          "The service could not do this just now and nothing was saved. Try again; if it "
                          "still fails, tell the administrator the time it happened."),
    "unavailable": ("ระบบไม่พร้อมให้บริการชั่วคราว", "The service is unavailable for a moment"),
    "unavailable_body": ("กรุณารอสักครู่แล้วลองใหม่อีกครั้ง", "Wait a moment and try again."),
    "bad_request": ("คำขอไม่ถูกต้อง", "The request is not valid"),
    "error_code": ("รหัสข้อผิดพลาด", "Error code"),
    "bangkok_time": ("เวลาประเทศไทย", "Bangkok time"),
    "invalid_value": ("ข้อมูลไม่ถูกต้อง", "Not valid"),
    "username_taken": ("ชื่อผู้ใช้นี้มีผู้ใช้แล้ว", "This username is taken"),
    "username_rules": ("ชื่อผู้ใช้ต้องมี 3-64 ตัว ใช้ได้เฉพาะ a-z ตัวเลข และ . _ @ - ขึ้นต้นด้วยตัวอักษรหรือตัวเลข",
                       "Username: 3 to 64 of a-z, digits and . _ @ -, starting with a letter or digit"),
    "password_short": ("รหัสผ่านต้องมีอย่างน้อย {n} ตัวอักษร", "The password must have at least {n} characters"),
    "password_long": ("รหัสผ่านยาวเกิน {n} ตัวอักษร", "The password is longer than {n} characters"),
    "dcc_code_hint": ("เลือกจากรายการรหัสมาตรฐานของสหภาพยุโรป (EU DCC value sets)",
                      "Chosen from the EU DCC value sets"),
    "brand_names": ("ชื่อทางการค้า (ภาษาอังกฤษ)", "Brand names"),
    "no_dsc": ("ยังไม่มีใบรับรองสำหรับลงนาม DCC ประเภทนี้ กรุณาแจ้งผู้ดูแลระบบ",
               "There is no document signer certificate for this type yet: tell the administrator"),
    "key_id": ("รหัสกุญแจ", "Key ID"),
    "times_note": ("วันเวลาทั้งหมดในหน้านี้เป็นเวลาประเทศไทย (UTC+7)", "All times on this page are Bangkok time (UTC+7)"),
    "status_none": ("ยังไม่มีใบรับรอง", "No certificate"),
    "status_reserved": ("กำลังออกใบรับรอง", "Being issued"),
    "status_failed": ("ออกใบรับรองไม่สำเร็จ", "Issuance failed"),
    "verify_hint": ("ผู้ตรวจสอบสแกน QR หรือเปิด PDF ด้วยโปรแกรมตรวจสอบเพื่อยืนยันความถูกต้อง",
                    "Verifiers scan the QR or open the PDF in the verifier to check it."),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "document_number": ("เลขที่เอกสาร", "Document number"),
    "issued_at": ("วันเวลาที่ออก", "Issued at"),
    "facility": ("สถานพยาบาล", "Facility"),
    "signer": ("ผู้ลงนาม", "Signer"),
    "patient": ("ผู้รับการตรวจ", "Patient"),
    "holder": ("ผู้ถือใบรับรอง", "Holder"),
    "title": ("คำนำหน้า", "Title"),
    "title_en": ("คำนำหน้า (อังกฤษ)", "Title (English)"),
    "name_th": ("ชื่อ-สกุล (ไทย)", "Name (Thai)"),
    "name_en": ("ชื่อ-สกุล (อังกฤษ)", "Name (English)"),
    "licence": ("เลขที่ใบอนุญาต", "Licence number"),
    "licence_no": ("เลขที่ใบอนุญาตประกอบวิชาชีพ", "Professional licence number"),
    "profession": ("วิชาชีพ", "Profession"),
    "address": ("ที่อยู่", "Address"),
    "address_en": ("ที่อยู่ (อังกฤษ)", "Address (English)"),
    "phone": ("โทรศัพท์", "Phone"),
    "position_th": ("ตำแหน่ง (ไทย)", "Position (Thai)"),
    "position_en": ("ตำแหน่ง (อังกฤษ)", "Position (English)"),
    "citizen_id": ("เลขประจำตัวประชาชน", "Citizen ID"),
    "passport_no": ("เลขที่หนังสือเดินทาง", "Passport number"),
    "nationality": ("สัญชาติ", "Nationality"),
    "date_of_birth": ("วันเกิด", "Date of birth"),
    "sex": ("เพศ", "Sex"),
    "hn": ("เลขประจำตัวผู้ป่วย (HN)", "Hospital number (HN)"),
    "history_declared_on": ("วันที่ให้ประวัติ", "History given on"),
    "chronic_disease": ("1. โรคประจำตัว", "1. Chronic disease"),
    "accident_surgery": ("2. อุบัติเหตุ และ ผ่าตัด", "2. Accidents and surgery"),
    "hospital_admission": ("3. เคยเข้ารับการรักษาในโรงพยาบาล", "3. Previous hospital admission"),
    "other_history": ("ประวัติอื่นที่สำคัญ", "Other significant history"),
    "has": ("มีหรือไม่", "Any?"),
    "detail": ("ระบุ", "Details"),
    "exam_date": ("วันที่ตรวจ", "Examination date"),
    "exam_place": ("สถานที่ตรวจ", "Place of examination"),
    "vitals": ("สัญญาณชีพ", "Vital signs"),
    "weight_kg": ("น้ำหนัก (กก.)", "Weight (kg)"),
    "height_cm": ("ส่วนสูง (ซม.)", "Height (cm)"),
    "bp_systolic": ("ความดันโลหิตตัวบน (มม.ปรอท)", "Blood pressure, systolic (mm Hg)"),
    "bp_diastolic": ("ความดันโลหิตตัวล่าง (มม.ปรอท)", "Blood pressure, diastolic (mm Hg)"),
    "pulse_per_min": ("ชีพจร (ครั้ง/นาที)", "Pulse (per minute)"),
    "general_condition": ("สภาพร่างกายทั่วไป", "General condition"),
    "general_condition_detail": ("ระบุความผิดปกติ", "Abnormality"),
    "other_findings": ("อื่น ๆ (ถ้ามี)", "Other findings"),
    "opinion": ("สรุปความเห็นและข้อแนะนำของแพทย์", "Physician's opinion and advice"),
    "validity_months": ("อายุใบรับรอง (เดือน)", "Valid for (months)"),
    "family_name": ("นามสกุล", "Family name"),
    "given_name": ("ชื่อ", "Given name"),
    "family_name_latin": ("นามสกุล (ตามหนังสือเดินทาง)", "Family name (as in the passport)"),
    "given_name_latin": ("ชื่อ (ตามหนังสือเดินทาง)", "Given name (as in the passport)"),
    "identifier": ("เลขประจำตัว", "Identifier"),
    "vaccination": ("การฉีดวัคซีน", "Vaccination"),
    "test": ("ผลการตรวจ", "Test"),
    "recovery": ("การหายป่วย", "Recovery"),
    "vaccine": ("ชนิดวัคซีน (รหัส)", "Vaccine (code)"),
    "product": ("ผลิตภัณฑ์ (รหัส)", "Product (code)"),
    "manufacturer": ("ผู้ผลิต (รหัส)", "Manufacturer (code)"),
    "dose_number": ("เข็มที่", "Dose number"),
    "total_doses": ("จำนวนเข็มทั้งหมด", "Total doses"),
    "date": ("วันที่", "Date"),
    "lot": ("เลขที่ผลิต (Lot)", "Lot"),
    "centre": ("สถานที่", "Centre"),
    "practitioner": ("ผู้ให้บริการ", "Practitioner"),
    "next_dose": ("นัดเข็มถัดไป", "Next dose"),
    "disease": ("โรค (รหัส)", "Disease (code)"),
    "country": ("ประเทศ", "Country"),
    "issuer": ("ผู้ออก", "Issuer"),
    "uvci": ("UVCI (เว้นว่างเพื่อสร้างอัตโนมัติ)", "UVCI (leave empty to generate)"),
    "test_type": ("ชนิดการตรวจ (รหัส)", "Test type (code)"),
    "result": ("ผลตรวจ (รหัส)", "Result (code)"),
    "sample_collected_at": ("วันเวลาเก็บตัวอย่าง", "Sample collected at"),
    "name": ("ชื่อการตรวจ", "Test name"),
    "device": ("ชุดตรวจ (รหัส)", "Device (code)"),
    "first_positive": ("วันที่ตรวจพบเชื้อครั้งแรก", "First positive test"),
    "valid_from": ("ใช้ได้ตั้งแต่", "Valid from"),
    "valid_until": ("ใช้ได้ถึง", "Valid until"),
    "expires_at": ("หมดอายุ", "Expires"),
}

ENUM_LABELS: dict[str, tuple[str, str]] = {
    "normal": ("ปกติ", "Normal"),
    "abnormal": ("ผิดปกติ", "Abnormal"),
    "male": ("ชาย", "Male"),
    "female": ("หญิง", "Female"),
    "other": ("อื่น ๆ", "Other"),
    "unknown": ("ไม่ทราบ", "Unknown"),
    "physician": ("แพทย์", "Physician"),
    "dentist": ("ทันตแพทย์", "Dentist"),
    "pharmacist": ("เภสัชกร", "Pharmacist"),
    "medical-technologist": ("นักเทคนิคการแพทย์", "Medical technologist"),
    "public-hospital": ("โรงพยาบาลรัฐ", "Public hospital"),
    "private-hospital": ("โรงพยาบาลเอกชน", "Private hospital"),
    "medical-clinic": ("คลินิกเวชกรรม", "Medical clinic"),
    "dental-clinic": ("คลินิกทันตกรรม", "Dental clinic"),
    "medtech-clinic": ("คลินิกเทคนิคการแพทย์", "Medical technology clinic"),
    "pharmacy": ("ร้านยา", "Pharmacy"),
}


#: Labels by dotted path (row numbers left out): where one name means different things.
PATH_LABELS: dict[str, tuple[str, str]] = {
    "facility.name_th": ("ชื่อสถานพยาบาล (ไทย)", "Facility name (Thai)"),
    "facility.name_en": ("ชื่อสถานพยาบาล (อังกฤษ)", "Facility name (English)"),
    "facility.licence": ("เลขที่ใบอนุญาตสถานพยาบาล", "Facility licence number"),
    "facility.address": ("ที่อยู่สถานพยาบาล (ไทย)", "Facility address (Thai)"),
    "facility.address_en": ("ที่อยู่สถานพยาบาล (อังกฤษ)", "Facility address (English)"),
    "facility.phone": ("โทรศัพท์สถานพยาบาล", "Facility phone"),
    "signer.title": ("คำนำหน้าผู้ลงนาม", "Signer's title"),
    "signer.name_th": ("ชื่อ-สกุลผู้ลงนาม (ไทย)", "Signer's name (Thai)"),
    "signer.name_en": ("ชื่อ-สกุลผู้ลงนาม (อังกฤษ)", "Signer's name (English)"),
    "employer.name": ("ชื่อนายจ้าง", "Employer's name"),
    "employer.address": ("ที่อยู่นายจ้าง", "Employer's address"),
    "items.test": ("รายการตรวจ", "Test"),
    "items.result": ("ผลตรวจ", "Result"),
    "vaccination.product": ("ผลิตภัณฑ์วัคซีน", "Vaccine product"),
    "vaccination.manufacturer": ("ผู้ผลิต / ผู้ได้รับอนุญาต", "Manufacturer or authorisation holder"),
    "vaccination.vaccine": ("ชนิดวัคซีน", "Vaccine type"),
    "vaccination.disease": ("โรคเป้าหมาย", "Disease targeted"),
    "test.disease": ("โรคเป้าหมาย", "Disease targeted"),
    "recovery.disease": ("โรคเป้าหมาย", "Disease targeted"),
    "test.test_type": ("ชนิดการตรวจ", "Type of test"),
    "test.result": ("ผลตรวจ", "Result"),
    "test.device": ("ชุดตรวจ (ชนิดตรวจหาแอนติเจนอย่างรวดเร็ว)", "Rapid test device"),
    "test.name": ("ชื่อการตรวจ (NAAT)", "NAAT test name"),
    "test.centre": ("สถานที่ตรวจ", "Testing centre"),
    "vaccination.centre": ("สถานที่ฉีดวัคซีน", "Vaccination centre"),
    "holder.identifier": ("เลขประจำตัว (บัตรประชาชนหรือหนังสือเดินทาง)", "Identifier (ID card or passport)"),
    "doses.vaccine": ("ชื่อวัคซีน", "Vaccine"),
    "doses.manufacturer": ("ผู้ผลิต", "Manufacturer"),
}

FIELD_LABELS.update({
    "administered_by": ("ผู้ฉีด", "Administered by"),
    "alcoholism": ("6. โรคพิษสุราเรื้อรัง", "6. Alcoholism"),
    "analyst": ("ผู้วิเคราะห์", "Analyst"),
    "attended_today": ("ผู้ป่วยมารับการตรวจรักษาในวันนี้จริง", "The patient attended today"),
    "batch": ("เลขที่ผลิต (Lot)", "Batch"),
    "birthplace": ("เมืองที่เกิด", "Place of birth"),
    "collected_at": ("วันเวลาเก็บตัวอย่าง", "Sample collected at"),
    "conclusion": ("สรุปผลการตรวจ", "Conclusion"),
    "conclusion_fail_reason": ("เหตุที่ไม่ผ่าน", "Reason for failing"),
    "conclusion_treat": ("โรคที่ต้องรักษา", "Diseases to treat"),
    "ct": ("ค่า Ct", "Ct value"),
    "diagnosis": ("การวินิจฉัยโรค", "Diagnosis"),
    "diagnosis_code": ("รหัสโรค (ICD-10)", "Diagnosis code (ICD-10)"),
    "doses": ("เข็มที่ได้รับ", "Doses"),
    "drugs": ("5. ยาเสพติด", "5. Narcotic drugs"),
    "elephantiasis": ("3. โรคเท้าช้าง", "3. Elephantiasis"),
    "employer": ("นายจ้าง", "Employer"),
    "epilepsy": ("4. โรคลมชัก", "4. Epilepsy"),
    "family_name_en": ("นามสกุล (อักษรละติน ตามหนังสือเดินทาง)", "Family name (Latin, as in the passport)"),
    "first_positive_date": ("วันที่ตรวจพบเชื้อครั้งแรก", "First positive test"),
    "fit_to_return": ("กลับไปทำงานหรือเรียนได้", "Fit to return to work or school"),
    "flag": ("การแปลผล", "Flag"),
    "gene": ("ยีนเป้าหมาย", "Target gene"),
    "general_state": ("สภาพร่างกาย จิตใจทั่วไป", "General physical and mental state"),
    "given_name_en": ("ชื่อ (อักษรละติน ตามหนังสือเดินทาง)", "Given name (Latin, as in the passport)"),
    "icd10": ("รหัสโรค ICD-10 (บรรทัดละหนึ่งรหัส)", "ICD-10 codes (one a line)"),
    "interpretation": ("การแปลผล", "Interpretation"),
    "isolation_end": ("วันสิ้นสุดการแยกกัก", "Isolation ends"),
    "isolation_start": ("วันเริ่มแยกกัก", "Isolation starts"),
    "items": ("รายการตรวจ", "Tests"),
    "kit_manufacturer": ("ผู้ผลิตชุดตรวจ", "Kit manufacturer"),
    "kit_name": ("ชื่อชุดตรวจ", "Kit name"),
    "lab_number": ("หมายเลขวิเคราะห์", "Laboratory number"),
    "leprosy": ("2. โรคเรื้อน", "2. Leprosy"),
    "manufacturer_code": ("รหัสผู้ผลิต (EU DCC)", "Manufacturer code (EU DCC)"),
    "method": ("วิธีตรวจ", "Method"),
    "next_dose_due": ("นัดเข็มถัดไป", "Next dose due"),
    "occupation": ("อาชีพ", "Occupation"),
    "pregnancy": ("7. การตั้งครรภ์", "7. Pregnancy"),
    "product_code": ("รหัสผลิตภัณฑ์ (EU DCC)", "Product code (EU DCC)"),
    "professional_use": ("ชุดตรวจสำหรับบุคลากรทางการแพทย์", "Kit for professional use"),
    "received_at": ("วันเวลาที่รับตัวอย่าง", "Received at"),
    "recommendations": ("คำแนะนำ", "Recommendations"),
    "reference": ("ค่าอ้างอิง", "Reference range"),
    "remarks": ("หมายเหตุ", "Remarks"),
    "reported_at": ("วันเวลาที่รายงานผล", "Reported at"),
    "reported_by": ("ผู้รายงานผล", "Reported by"),
    "requested_by": ("แพทย์ผู้ส่งตรวจ", "Requested by"),
    "rest_from": ("ให้พักตั้งแต่วันที่", "Rest from"),
    "rest_to": ("ถึงวันที่", "Rest until"),
    "setting": ("สถานที่แยกกัก", "Isolation setting"),
    "skin_colour": ("สีผิว", "Skin colour"),
    "specimen": ("สิ่งส่งตรวจ", "Specimen"),
    "symptoms": ("อาการ", "Symptoms"),
    "syphilis": ("4. ซิฟิลิส", "4. Syphilis"),
    "targets": ("ยีนเป้าหมาย", "Targets"),
    "tested_by": ("ผู้ตรวจ", "Tested by"),
    "thai_fda_reg_no": ("เลขทะเบียน อย. ของชุดตรวจ", "Thai FDA registration number"),
    "tuberculosis": ("1. วัณโรค", "1. Tuberculosis"),
    "unit": ("หน่วย", "Unit"),
    "vaccine_code": ("รหัสวัคซีน (EU DCC)", "Vaccine code (EU DCC)"),
    "validity_days": ("อายุใบรับรอง (วัน)", "Valid for (days)"),
    "vision": ("การมองเห็น", "Vision"),
    "visit_at": ("วันเวลาที่มารับการตรวจ", "Visit at"),
    "vaccine": ("ชนิดวัคซีน", "Vaccine type"),
    "product": ("ผลิตภัณฑ์", "Product"),
    "manufacturer": ("ผู้ผลิต", "Manufacturer"),
    "disease": ("โรคเป้าหมาย", "Disease targeted"),
    "test_type": ("ชนิดการตรวจ", "Type of test"),
    "result": ("ผลตรวจ", "Result"),
    "device": ("ชุดตรวจ", "Test device"),
})

ENUM_LABELS.update({
    "present": ("พบ", "Present"),
    "found": ("พบ", "Found"),
    "confirm": ("ยืนยันผลแล้ว", "Confirmed"),
    "treat": ("ต้องรักษา", "Needs treatment"),
    "prohibited": ("เป็นโรคต้องห้าม", "Prohibited stage"),
    "not-pregnant": ("ไม่ตั้งครรภ์", "Not pregnant"),
    "pregnant": ("ตั้งครรภ์", "Pregnant"),
    "conclusion:1": ("1. สุขภาพสมบูรณ์ดี", "1. Healthy"),
    "conclusion:2": ("2. ผ่านการตรวจ แต่ต้องรักษา", "2. Passed, needs treatment"),
    "conclusion:3": ("3. ไม่ผ่านการตรวจ", "3. Failed"),
    "conclusion_fail_reason:3.1": ("3.1 เป็นโรคต้องห้าม", "3.1 A prohibited disease"),
    "conclusion_fail_reason:3.2": ("3.2 ตั้งครรภ์", "3.2 Pregnant"),
    "tuberculosis": ("วัณโรค", "Tuberculosis"),
    "leprosy": ("โรคเรื้อน", "Leprosy"),
    "elephantiasis": ("โรคเท้าช้าง", "Elephantiasis"),
    "syphilis": ("ซิฟิลิส", "Syphilis"),
    "high": ("สูงกว่าปกติ", "High"),
    "low": ("ต่ำกว่าปกติ", "Low"),
    "nasal": ("ป้ายจมูก", "Nasal swab"),
    "nasopharyngeal": ("ป้ายโพรงหลังจมูก", "Nasopharyngeal swab"),
    "throat": ("ป้ายลำคอ", "Throat swab"),
    "saliva": ("น้ำลาย", "Saliva"),
    "nasopharyngeal-swab": ("ป้ายโพรงหลังจมูก", "Nasopharyngeal swab"),
    "throat-swab": ("ป้ายลำคอ", "Throat swab"),
    "np-throat-swab": ("ป้ายโพรงหลังจมูกและลำคอ", "Nasopharyngeal and throat swab"),
    "sputum": ("เสมหะ", "Sputum"),
    "negative": ("ไม่พบเชื้อ (ลบ)", "Negative"),
    "positive": ("พบเชื้อ (บวก)", "Positive"),
    "invalid": ("แปลผลไม่ได้", "Invalid"),
    "not-detected": ("ตรวจไม่พบเชื้อ", "Not detected"),
    "detected": ("ตรวจพบเชื้อ", "Detected"),
    "inconclusive": ("สรุปผลไม่ได้", "Inconclusive"),
    "atk": ("ชุดตรวจแอนติเจน (ATK)", "Antigen test kit (ATK)"),
    "rt-pcr": ("RT-PCR", "RT-PCR"),
    "home-isolation": ("แยกกักที่บ้าน", "Home isolation"),
    "community-isolation": ("แยกกักในชุมชน", "Community isolation"),
    "hospital": ("โรงพยาบาล", "Hospital"),
    "hospitel": ("ฮอสพิเทล", "Hospitel"),
})

#: A schema's description (as written in the model) -> what the form shows under the field.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "unique document number, printed and in the QR": ("เลขที่เอกสารไม่ซ้ำกัน พิมพ์บนเอกสารและอยู่ใน QR",
                                                      "Unique document number, printed and in the QR"),
    "issue time; naive values are Bangkok time": ("เวลาประเทศไทย", "Bangkok time"),
    "The hospital, clinic or pharmacy issuing the certificate.": ("สถานพยาบาลหรือร้านยาที่ออกใบรับรอง",
                                                                  "The hospital, clinic or pharmacy issuing it"),
    "address in Thai": ("ที่อยู่ภาษาไทย", "Address in Thai"),
    "The licensed professional who signs.": ("ผู้ประกอบวิชาชีพที่ลงนาม", "The licensed professional who signs"),
    "professional title, e.g. นายแพทย์ / แพทย์หญิง / ทนพญ.": ("คำนำหน้าทางวิชาชีพ เช่น นายแพทย์ / แพทย์หญิง / ทนพญ.",
                                                             "Professional title, e.g. นายแพทย์ / แพทย์หญิง"),
    "e.g. Dr., Assoc. Prof. Dr.": ("เช่น Dr., Assoc. Prof. Dr.", "e.g. Dr., Assoc. Prof. Dr."),
    "The person the certificate is about. One identifier: citizen ID or passport.": (
        "ผู้ที่ใบรับรองนี้ออกให้ ระบุเลขประจำตัวประชาชนหรือเลขที่หนังสือเดินทางอย่างใดอย่างหนึ่ง",
        "The person it is about: a citizen ID or a passport number"),
    "นาย / นาง / นางสาว / เด็กชาย / เด็กหญิง, or Mr / Ms …": ("นาย / นาง / นางสาว / เด็กชาย / เด็กหญิง หรือ Mr / Ms",
                                                            "นาย / นาง / นางสาว, or Mr / Ms"),
    "13 digits, check digit verified": ("ตัวเลข 13 หลัก (ตรวจสอบหลักสุดท้าย)", "13 digits, check digit verified"),
    "hospital number": ("เลขประจำตัวผู้ป่วยของโรงพยาบาล", "Hospital number"),
    "Thai FDA registration number of the kit": ("เลขทะเบียน อย. ของชุดตรวจ", "Thai FDA registration number of the kit"),
    "kit registered for professional use": ("ชุดตรวจที่ขึ้นทะเบียนสำหรับบุคลากรทางการแพทย์",
                                            "Kit registered for professional use"),
    "person who performed the test": ("ผู้ทำการตรวจ", "Person who performed the test"),
    "ICD-10": ("รหัส ICD-10", "ICD-10"),
    "completed isolation and may return to work/school": ("แยกกักครบแล้ว กลับไปทำงานหรือเรียนได้",
                                                          "Completed isolation; may return to work or school"),
    "สถานที่อยู่ (ที่สามารถติดต่อได้) / contact address": ("สถานที่อยู่ (ที่สามารถติดต่อได้)", "Contact address"),
    "date the applicant gave the history (part 1)": ("วันที่ผู้ขอใบรับรองให้ประวัติ (ส่วนที่ 1)",
                                                     "Date the applicant gave the history (part 1)"),
    "สถานที่ตรวจ; defaults to the facility": ("สถานที่ตรวจ เว้นว่างได้: ใช้ชื่อสถานพยาบาล",
                                             "Place of examination; empty: the facility"),
    "mm Hg": ("มม.ปรอท", "mm Hg"),
    "months the certificate is valid from the exam date (form: 1)": ("จำนวนเดือนนับจากวันที่ตรวจ (แบบฟอร์ม: 1)",
                                                                     "Months valid from the exam date (form: 1)"),
    "4. โรคลมชัก (attach >1 year seizure-free record)": ("4. โรคลมชัก (แนบประวัติไม่มีอาการชักเกิน 1 ปี)",
                                                        "4. Epilepsy (attach a seizure-free record of over a year)"),
    "optional; vision is tested at the DLT office": ("ไม่บังคับ กรมการขนส่งทางบกทดสอบสายตาเอง",
                                                     "Optional: vision is tested at the DLT office"),
    "normal / treat / prohibited (dangerous stage)": ("ปกติ / ต้องรักษา / ต้องห้าม (ระยะอันตราย)",
                                                      "Normal / treat / prohibited (dangerous stage)"),
    "normal / treat / prohibited (contagious or offensive)": ("ปกติ / ต้องรักษา / ต้องห้าม (ระยะติดต่อหรือน่ารังเกียจ)",
                                                              "Normal / treat / prohibited (contagious)"),
    "normal / treat / prohibited (offensive)": ("ปกติ / ต้องรักษา / ต้องห้าม (ระยะน่ารังเกียจ)",
                                                "Normal / treat / prohibited (offensive)"),
    "normal / treat / prohibited (stage 3)": ("ปกติ / ต้องรักษา / ต้องห้าม (ระยะที่ 3)",
                                              "Normal / treat / prohibited (stage 3)"),
    "required for women": ("จำเป็นสำหรับผู้หญิง", "Required for women"),
    "1 healthy; 2 passed, needs treatment; 3 failed": ("1 สุขภาพดี 2 ผ่านแต่ต้องรักษา 3 ไม่ผ่าน",
                                                       "1 healthy; 2 passed, needs treatment; 3 failed"),
    "for conclusion 2": ("สำหรับผลสรุปข้อ 2", "For conclusion 2"),
    "for conclusion 3": ("สำหรับผลสรุปข้อ 3", "For conclusion 3"),
    "days valid from the exam (sources say 60 or 90; set from configuration)": (
        "จำนวนวันนับจากวันที่ตรวจ", "Days valid from the exam"),
    "requesting physician": ("แพทย์ผู้ส่งตรวจ", "Requesting physician"),
    "ผู้วิเคราะห์ (name, title and licence as printed)": ("ผู้วิเคราะห์ (ชื่อ ตำแหน่ง และเลขที่ใบอนุญาต ตามที่จะพิมพ์)",
                                                         "Analyst (name, title and licence as printed)"),
    "family name in Latin script as in the passport (for the EU DCC)": (
        "นามสกุลเป็นอักษรละตินตามหนังสือเดินทาง (สำหรับ EU DCC)", "Family name in Latin script, as in the passport"),
    "given name(s) in Latin script as in the passport (for the EU DCC)": (
        "ชื่อเป็นอักษรละตินตามหนังสือเดินทาง (สำหรับ EU DCC)", "Given name(s) in Latin script, as in the passport"),
    "disease or agent targeted": ("โรคหรือเชื้อเป้าหมาย", "Disease or agent targeted"),
    "EU DCC vp, e.g. 1119349007": ("รหัสชนิดวัคซีนตาม EU DCC เช่น 1119349007", "EU DCC vp, e.g. 1119349007"),
    "EU DCC mp, e.g. EU/1/20/1528": ("รหัสผลิตภัณฑ์ตาม EU DCC เช่น EU/1/20/1528", "EU DCC mp, e.g. EU/1/20/1528"),
    "EU DCC ma, e.g. ORG-100030215": ("รหัสผู้ผลิตตาม EU DCC เช่น ORG-100030215", "EU DCC ma, e.g. ORG-100030215"),
}

#: English error sentences the service gives (pydantic's and the account rules) -> Thai and English.
#: ``{0}``, ``{1}``: the pattern's groups; a group that is a field's name or a choice is shown by its label.
ERROR_PATTERNS: list[tuple[re.Pattern[str], tuple[str, str]]] = [(re.compile(p, re.I), pair) for p, pair in [
    (r"^(field required|required field is missing)$", ("กรุณากรอกช่องนี้", "Required")),
    (r"^detail is required when has is true$", ("กรุณาระบุรายละเอียดเมื่อตอบว่า มี",
                                                "Give the details when the answer is yes")),
    (r"^(\w+) is required when (\w+) is (\S+)$", ("กรุณากรอก {0} เมื่อ {1} เป็น {2}", "{0} is required when {1} is {2}")),
    (r"^(\w+) or (\w+) is required$", ("กรุณากรอก {0} หรือ {1}", "{0} or {1} is required")),
    (r"^(\w+) is required$", ("กรุณากรอก {0}", "{0} is required")),
    (r"^string should have at least 1 character$", ("กรุณากรอกช่องนี้", "Required")),
    (r"^string should have at most (\d+) characters?$", ("ยาวเกิน {0} ตัวอักษร", "At most {0} characters")),
    (r"^string should have at least (\d+) characters?$", ("ต้องมีอย่างน้อย {0} ตัวอักษร", "At least {0} characters")),
    (r"^string should match pattern .*$", ("รูปแบบไม่ถูกต้อง", "Not in the expected form")),
    (r"^input should be a valid integer.*$", ("ต้องเป็นจำนวนเต็ม", "A whole number")),
    (r"^input should be a valid (number|decimal).*$", ("ต้องเป็นตัวเลข", "A number")),
    (r"^input should be greater than or equal to (\S+)$", ("ต้องไม่น้อยกว่า {0}", "At least {0}")),
    (r"^input should be greater than (\S+)$", ("ต้องมากกว่า {0}", "More than {0}")),
    (r"^input should be less than or equal to (\S+)$", ("ต้องไม่เกิน {0}", "At most {0}")),
    (r"^input should be less than (\S+)$", ("ต้องน้อยกว่า {0}", "Less than {0}")),
    (r"^input should be a valid date.*$", ("วันที่ไม่ถูกต้อง (ปี ค.ศ.-เดือน-วัน)", "Not a valid date (YYYY-MM-DD)")),
    (r"^input should be a valid datetime.*$", ("วันเวลาไม่ถูกต้อง", "Not a valid date and time")),
    (r"^input should be a valid boolean.*$", ("กรุณาเลือก ใช่ หรือ ไม่ใช่", "Choose yes or no")),
    (r"^input should be '.*$", ("กรุณาเลือกจากรายการ", "Choose one of the options")),
    (r"^input should be a valid (list|dictionary|string).*$", ("ข้อมูลไม่ถูกต้อง", "Not valid")),
    (r"^extra inputs are not permitted$", ("ไม่มีช่องนี้ในแบบฟอร์ม", "Not a field of this form")),
    (r"^citizen ID check digit does not match$", ("เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)",
                                                  "Citizen ID check digit does not match")),
    (r"^the password must have at least (\d+) characters$", ("รหัสผ่านต้องมีอย่างน้อย {0} ตัวอักษร",
                                                             "The password must have at least {0} characters")),
    (r"^the password is longer than (\d+) characters$", ("รหัสผ่านยาวเกิน {0} ตัวอักษร",
                                                         "The password is longer than {0} characters")),
    (r"^username: .*$", ("ชื่อผู้ใช้ต้องมี 3-64 ตัว ใช้ได้เฉพาะ a-z ตัวเลข และ . _ @ - ขึ้นต้นด้วยตัวอักษรหรือตัวเลข",
                         "Username: 3 to 64 of a-z, digits and . _ @ -, starting with a letter or digit")),
    (r"^(\w+) is longer than (\d+) characters$", ("ยาวเกิน {1} ตัวอักษร", "Longer than {1} characters")),
    (r"^(\w+) contains control characters$", ("มีอักขระควบคุมที่ใช้ไม่ได้", "Contains control characters")),
    (r"^document '(.+)' was already issued$", ("เลขที่เอกสาร {0} ถูกใช้ออกเอกสารไปแล้ว", "Document {0} was already issued")),
    (r"^unknown (.+) '(.+)'$", ("รหัส {1} ไม่อยู่ในรายการมาตรฐาน", "Unknown {0} {1}")),
]]

THAI = re.compile(r"[\u0e00-\u0e7f]")
BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")
_TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[0] if lang == "th" else pair[1]


def t(lang: str, key: str, **values: Any) -> str:
    pair = MESSAGES.get(key)
    text = pick(lang, pair) if pair else key
    return text.format(**values) if values else text


def field_label(lang: str, name: str, path: str | None = None) -> str:
    if path:
        general = re.sub(r"\.\d+(?=\.|$)", "", path)
        pair = PATH_LABELS.get(general)
        if pair:
            return pick(lang, pair)
    pair = FIELD_LABELS.get(name)
    return pick(lang, pair) if pair else name.replace("_", " ").capitalize()


def enum_label(lang: str, value: Any, field: str | None = None) -> str:
    pair = ENUM_LABELS.get(f"{field}:{value}") if field else None
    pair = pair or ENUM_LABELS.get(str(value))
    return pick(lang, pair) if pair else str(value)


def hint(lang: str, description: str) -> str:
    """What to show under a field for its schema ``description`` ("" to show nothing)."""
    pair = DESCRIPTIONS.get(description)
    if pair:
        return pick(lang, pair)
    if lang == "th" and not THAI.search(description):
        return ""  # a plugin's English-only note: not on a Thai page
    return description


def has_thai(text: str) -> bool:
    return bool(THAI.search(text))


def _word(lang: str, word: str) -> str:
    if word in FIELD_LABELS:
        return f"«{field_label(lang, word)}»"
    if word in ENUM_LABELS:
        return f"«{enum_label(lang, word)}»"
    return word


def error_text(lang: str, message: str, code: str | None = None) -> str:
    """An error sentence from the service as this page shows it (see the module's note)."""
    message = message.strip().removeprefix("Value error, ")
    if has_thai(message):
        return message
    for pattern, (th, en) in ERROR_PATTERNS:
        found = pattern.match(message)
        if found:
            english = en.format(*(_word("en", g) for g in found.groups()))
            return f"{th.format(*(_word('th', g) for g in found.groups()))} / {english}" if lang == "th" else english
    if lang == "th":
        return f"{MESSAGES['invalid_value'][0]}: {message}"
    return message


def when(lang: str, moment: dt.datetime | dt.date | str | None) -> str:
    """``moment`` in Bangkok time: "3 ธ.ค. 2569 22:35 น." / "3 Dec 2026 22:35 (UTC+7)"; a date alone: no time."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        try:
            parsed: dt.datetime | dt.date = (dt.date.fromisoformat(moment) if len(moment) == 10
                                             else dt.datetime.fromisoformat(moment))
        except ValueError:
            return moment
        moment = parsed
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)  # the register keeps UTC
        local = moment.astimezone(BANGKOK)
        if lang == "th":
            return f"{local.day} {_TH_MONTHS[local.month - 1]} {local.year + 543} {local:%H:%M} น."
        return f"{local.day} {local:%b} {local.year} {local:%H:%M} (UTC+7)"
    if lang == "th":
        return f"{moment.day} {_TH_MONTHS[moment.month - 1]} {moment.year + 543}"
    return f"{moment.day} {moment:%b} {moment.year}"
