"""The web pages through the whole app (TestClient), on SQLite and PostgreSQL: every page for its
role, cookies, CSRF, throttling, generated forms and their messages, issuance that verifies,
and attempts to act for another facility or sign with another signer's key."""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
import time
from typing import Any

from tests.service.web.conftest import PASSWORD, csrf_of, login, token_for  # type: ignore[import-not-found]

VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
}


def _general_health(number: str) -> dict[str, Any]:
    from mohpromt_ca.service.web.forms import form_values
    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type("general-health").sample_as_of(dt.datetime.now(dt.UTC)))
    data["document_number"] = number
    return form_values(data)


def _hidden(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)}


def _field_errors(page: str) -> dict[str, list[str]]:
    """data-path of each field (or fieldset) -> the error messages shown inside it."""
    found: dict[str, list[str]] = {}
    for path, body in re.findall(r'<div class="field invalid" data-path="([^"]+)">([\s\S]*?)</div>', page):
        found[path] = [html.unescape(m) for m in re.findall(r'class="field-error"[^>]*>([^<]*)<', body)]
    return found


def _issue_pdf(client: Any, number: str) -> str:
    """Preview then sign a general health certificate through the form; the document's page URL."""
    values = {**_general_health(number), "csrf_token": token_for(client, "/web/issue/general-health")}
    preview = client.post("/web/issue/general-health/preview", data=values)
    assert preview.status_code == 200, preview.text[-2000:]
    signed = client.post("/web/issue/general-health/sign", data=_hidden(preview.text))
    assert signed.status_code == 303, signed.text[-2000:]
    return signed.headers["location"].split("?")[0]


def test_every_page_renders_for_its_role(client, world) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.templates import type_keys

    for path in ("/web/login", "/web/register"):
        page = client.get(path)
        assert page.status_code == 200 and 'lang="th"' in page.text
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "same-origin"
        assert "<script>" not in page.text and " onclick" not in page.text
    assert client.get("/").headers["location"] == "/web/"
    assert client.get("/web/issue").headers["location"] == "/web/login"  # not logged in
    assert client.get("/web/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/web/static/../app.py").status_code == 404

    assert login(client, "officer").headers["location"] == "/web/ra"
    ra = client.get("/web/ra")
    assert ra.status_code == 200 and "รออนุมัติ" in ra.text
    assert login(client, "admin").headers["location"] == "/web/facility"
    admin = client.get("/web/facility")
    assert admin.status_code == 200 and "Somchai Jaidee" in admin.text and "Other Doctor" not in admin.text
    assert client.get("/web/documents").status_code == 200
    assert login(client, "doctor").headers["location"] == "/web/issue"
    index = client.get("/web/issue")
    assert index.status_code == 200
    for key in type_keys():
        if f"/web/issue/{key}\"" in index.text:
            form = client.get(f"/web/issue/{key}")
            assert form.status_code == 200 and 'data-path="document_number"' in form.text, key
    from mohpromt_ca.templates import get_type

    for key in type_keys():  # only the types a physician may sign are offered
        offered = f"/web/issue/{key}\"" in index.text
        assert offered == ("physician" in get_type(key).schema.allowed_professions), key
    for kind in ("vaccination", "test", "recovery"):
        form = client.get(f"/web/issue/dcc-{kind}")
        assert form.status_code == 200 and 'name="holder.family_name"' in form.text
    form = client.get("/web/issue/general-health")
    # generated from the schema: nested models as fieldsets, enums as selects, dates as date inputs
    assert '<fieldset class="group" data-path="vitals">' in form.text
    assert re.search(r'<select id="f-general_condition" name="general_condition"', form.text)
    assert 'name="exam_date" type="date"' in form.text and 'name="issued_at" type="datetime-local"' in form.text
    assert 'name="signer.licence_no" value="12345" readonly' in form.text  # from the register
    assert client.get("/web/issue/no-such-type").status_code == 404
    assert client.get("/web/documents").status_code == 200

    english = client.get("/web/lang/en", params={"back": "/web/issue"})
    assert english.headers["location"] == "/web/issue"
    assert client.get("/web/lang/en", params={"back": "https://evil.example/"}).headers["location"] == "/web/"
    page = client.get("/web/issue")
    assert 'lang="en"' in page.text and "Issue a certificate" in page.text


def test_cookie_attributes_expiry_and_logout(client, app, world, authority) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from mohpromt_ca.service.web.sessions import IDLE, SECRET_FILE, SessionCodec, load_secret

    response = login(client, "doctor")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie and "Max-Age=" in cookie
    assert "Secure" not in cookie  # plain http on loopback: a Secure cookie would be dropped
    secret = authority.settings.data_dir / SECRET_FILE
    if authority.register.shared:  # PostgreSQL: the register holds it, for every node
        assert not secret.exists() and len(load_secret(authority)) == 32
    else:
        assert secret.stat().st_mode & 0o777 == 0o600 and load_secret(authority) == secret.read_bytes()

    with TestClient(app, base_url="https://testserver", follow_redirects=False) as secure:
        cookie = login(secure, "doctor").headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie

    # a forged or tampered cookie is no session
    value = client.cookies.get("mohpromt_session")
    body, mac = value.split(".")
    with TestClient(app, follow_redirects=False) as bare:
        forged = bare.get("/web/issue", headers={"Cookie": f"mohpromt_session={body}x.{mac}"})
        assert forged.headers["location"] == "/web/login"
        assert bare.get("/web/issue", headers={"Cookie": f"mohpromt_session={value}"}).status_code == 200
    codec = SessionCodec(load_secret(authority))
    assert codec.decode(value, now=int(time.time()) + IDLE + 5) is None  # idle too long

    # logout: the cookie is replaced by an anonymous one, and every copy of the old one ends too
    copied = client.cookies.get("mohpromt_session")
    out = client.post("/web/logout", data={"csrf_token": token_for(client, "/web/issue")})
    assert out.status_code == 200 and "ออกจากระบบแล้ว" in out.text
    assert client.get("/web/issue").headers["location"] == "/web/login"
    with TestClient(app, follow_redirects=False) as thief:
        stale = thief.get("/web/issue", headers={"Cookie": f"mohpromt_session={copied}"})
        assert stale.headers["location"] == "/web/login"
        assert login(thief, "doctor").status_code == 303  # a new login works
        assert thief.get("/web/issue").status_code == 200

    # a changed password ends the session
    login(client, "doctor")
    from sqlalchemy import update

    from mohpromt_ca.application.accounts import hash_password
    from mohpromt_ca.storage.models import ServiceUser

    with authority.register.transaction() as db:
        db.execute(update(ServiceUser).where(ServiceUser.username == "doctor").values(
            password_hash=hash_password("another long password")))
    assert client.get("/web/issue").headers["location"] == "/web/login"


def test_posts_without_a_valid_csrf_token_or_from_elsewhere_are_refused(client, world) -> None:  # type: ignore[no-untyped-def]
    refused = client.post("/web/login", data={"username": "doctor", "password": PASSWORD})
    assert refused.status_code == 403 and "แบบฟอร์มหมดอายุ" in refused.text
    login(client, "doctor")
    values = _general_health("CSRF-0001")
    assert client.post("/web/issue/general-health/sign", data=values).status_code == 403
    assert client.post("/web/issue/general-health/sign", data={**values, "csrf_token": "forged"}).status_code == 403
    token = token_for(client, "/web/issue")
    evil = client.post("/web/issue/general-health/sign", data={**values, "csrf_token": token},
                       headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    # a token from another browser's session does not fit this one
    from fastapi.testclient import TestClient

    with TestClient(client.app, follow_redirects=False) as other:
        foreign = token_for(other, "/web/login")
    assert client.post("/web/issue/general-health/sign", data={**values, "csrf_token": foreign}).status_code == 403
    login(client, "admin")
    for path in ("/web/facility/signers", "/web/facility/api-keys",
                 f"/web/facility/signers/{world['signer'].id}/suspend"):
        assert client.post(path, data={"label": "x"}).status_code == 403, path
    login(client, "officer")
    assert client.post(f"/web/ra/facilities/{world['facility'].id}/approve").status_code == 403
    # and nothing happened
    assert "CSRF-0001" not in client.get("/web/ra").text


def test_login_throttling_and_wrong_password(client, world) -> None:  # type: ignore[no-untyped-def]
    wrong = login(client, "doctor", "not the password at all")
    assert wrong.status_code == 401 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in wrong.text
    assert 'value="doctor"' in wrong.text and "not the password" not in wrong.text
    for _ in range(5):
        login(client, "doctor", "not the password at all")
    throttled = login(client, "doctor")  # even the right password, until the window passes
    assert throttled.status_code == 429 and "กรุณารอสักครู่" in throttled.text


def test_validation_messages_next_to_the_field_and_values_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    login(client, "doctor")
    values = _general_health("VAL-0001")
    values["patient.citizen_id"] = "1234567890123"
    values.pop("vitals.pulse_per_min")
    values["general_condition"] = "abnormal"
    values["opinion"] = "<script>alert(1)</script>"
    values["signer.licence_no"] = "99999"  # locked: the register's value wins
    values["csrf_token"] = token_for(client, "/web/issue/general-health")
    page = client.post("/web/issue/general-health/preview", data=values)
    assert page.status_code == 422
    errors = _field_errors(page.text)
    assert any("check digit" in m and "เลขประจำตัวประชาชน" in m for m in errors["patient.citizen_id"]), errors
    assert errors["vitals.pulse_per_min"] == ["กรุณากรอกช่องนี้ / Required"]  # Thai first, English alongside
    assert 'value="1234567890123"' in page.text and 'value="VAL-0001"' in page.text  # kept
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'name="signer.licence_no" value="12345" readonly' in page.text
    # a rule across fields (checked once the fields are valid): shown at the top
    values = {**_general_health("VAL-0002"), "general_condition": "abnormal",
              "csrf_token": token_for(client, "/web/issue/general-health")}
    page = client.post("/web/issue/general-health/preview", data=values)
    assert page.status_code == 422 and "กรุณากรอก «ระบุความผิดปกติ» เมื่อ «สภาพร่างกายทั่วไป» เป็น «ผิดปกติ»" in page.text

    # a list of models: rows, "add a row" keeps what was typed
    token = token_for(client, "/web/issue/vaccination")
    more = client.post("/web/issue/vaccination/edit", data={"csrf_token": token, "_add": "doses",
                                                             "doses.0.vaccine": "CoronaVac"})
    assert more.status_code == 200 and 'name="doses.1.vaccine"' in more.text and 'value="CoronaVac"' in more.text

    # DCC: the typed input's own rules, next to the field
    dcc = {"csrf_token": token, "holder.family_name": "ใจดี", "holder.date_of_birth": "12/04/1985",
           "vaccination.dose_number": "12"}
    page = client.post("/web/issue/dcc-vaccination/preview", data=dcc)
    assert page.status_code == 422
    errors = _field_errors(page.text)
    assert errors["holder.date_of_birth"] and errors["vaccination.dose_number"] and errors["vaccination.vaccine"]


def test_issue_through_the_form_verifies_and_revokes(client, world, authority, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_ca.plugins.events import DocumentIssued, default_bus

    seen: list[Any] = []
    unsubscribe = default_bus().subscribe(DocumentIssued, seen.append)
    login(client, "doctor")
    try:
        document = _issue_pdf(client, "WEB-PDF-0001")
    finally:
        unsubscribe()
    # plugins hear of it, with the patient's citizen ID for a records module (in-process only)
    [issued] = [e for e in seen if e.number == "WEB-PDF-0001"]
    assert issued.kind == "pdf" and issued.actor == "user:doctor" and issued.subject_id
    page = client.get(document + "?issued=1")
    assert page.status_code == 200 and "ลงนามและออกเอกสารแล้ว" in page.text
    pdf = client.get(document + "/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]
    path = tmp_path / "web.pdf"
    path.write_bytes(pdf.content)
    root = tmp_path / "root.pem"
    root.write_bytes(authority.certificate_of("root").public_bytes(Encoding.PEM))
    verdict = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(path), "--anchor", str(root),
                              "--trust-list", str(tmp_path / "none"), "--json"], capture_output=True, text=True)
    assert verdict.returncode == 0 and '"verdict": "valid"' in verdict.stdout, verdict.stdout + verdict.stderr
    # the signature stamp is legible: its words are set at 8 pt, not shrunk (~4 pt before)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    [word] = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">[^<]*Digitally[^<]*</word>', boxes)
    assert float(word[1]) - float(word[0]) >= 7.5, word

    # the unsigned preview PDF: rendered, not signed, not recorded
    values = {**_general_health("WEB-PDF-0002"), "csrf_token": token_for(client, "/web/issue/general-health")}
    preview = client.post("/web/issue/general-health/preview.pdf", data=values)
    assert preview.status_code == 200 and preview.headers["content-type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF-") and b"/ByteRange" not in preview.content
    unsigned = tmp_path / "preview.pdf"
    unsigned.write_bytes(preview.content)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(unsigned)], capture_output=True,
                                                             text=True).stdout).group(1))
    for number in range(1, pages + 1):  # the watermark on every page (rotated: -raw keeps its words)
        words = subprocess.run(["pdftotext", "-raw", "-f", str(number), "-l", str(number), str(unsigned), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert "ตัวอย่าง" in words and "ไม่มีผลทางกฎหมาย" in words and "PREVIEW" in words and "VALID" in words, number
    # the preview's face is the register's, as the signed document's will be (not whatever the form sent)
    face = subprocess.run(["pdftotext", str(unsigned), "-"], capture_output=True, text=True, check=True).stdout
    assert "Mor Prom Clinic" in face, face[:1500]
    assert "WEB-PDF-0002" not in client.get("/web/documents").text

    # the same number again: refused next to the field
    values = {**_general_health("WEB-PDF-0001"), "csrf_token": token_for(client, "/web/issue/general-health")}
    again = client.post("/web/issue/general-health/sign", data=values)
    assert again.status_code == 409 and "already issued" in _field_errors(again.text)["document_number"][0]

    # a DCC: QR image and HC1 text
    from mohpromt_ca.service.web.forms import form_values

    token = token_for(client, "/web/issue/dcc-vaccination")
    signed = client.post("/web/issue/dcc-vaccination/sign", data={**form_values(VACCINATION), "csrf_token": token})
    assert signed.status_code == 303, signed.text[-2000:]
    dcc = signed.headers["location"].split("?")[0]
    assert "%23" in dcc  # the UVCI's '#' is escaped in the path
    png = client.get(dcc + "/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    hc1 = client.get(dcc + "/hc1.txt")
    assert hc1.text.startswith("HC1:")

    # history: search by number, type, status; revoke with a reason
    history = client.get("/web/documents", params={"number": "WEB-PDF"})
    assert "WEB-PDF-0001" in history.text and "URN:UVCI" not in history.text
    assert "URN:UVCI" in client.get("/web/documents", params={"type": "vaccination"}).text
    revoked = client.post(document + "/revoke", data={"csrf_token": csrf_of(page.text), "reason": "error"})
    assert revoked.status_code == 303
    assert "เพิกถอนแล้ว" in client.get(document).text
    assert "WEB-PDF-0001" in client.get("/web/documents", params={"status": "revoked"}).text
    assert "WEB-PDF-0001" not in client.get("/web/documents", params={"status": "valid"}).text


def test_no_acting_for_another_facility_or_signer(client, world, authority) -> None:  # type: ignore[no-untyped-def]
    login(client, "doctor2")
    theirs = _issue_pdf(client, "WEB-OTHER-0001")  # the second doctor's document, same facility

    login(client, "doctor")
    # another signer's key, through the form's signer_id: refused by the service's rules
    for signer in ("second", "their_signer"):
        values = {**_general_health(f"WEB-X-{signer.replace('_', '-')}"), "signer_id": str(world[signer].id),
                  "csrf_token": token_for(client, "/web/issue/general-health")}
        refused = client.post("/web/issue/general-health/sign", data=values)
        assert refused.status_code == 403, (signer, refused.status_code)
    for suffix in ("", "/pdf", "/revoke"):
        if suffix == "/revoke":
            answer = client.post(theirs + suffix,
                                 data={"csrf_token": token_for(client, "/web/issue"), "reason": "error"})
        else:
            answer = client.get(theirs + suffix)
        assert answer.status_code == 403, suffix
    assert "WEB-OTHER-0001" not in client.get("/web/documents").text
    assert client.get("/web/ra").status_code == 403 and client.get("/web/facility").status_code == 403

    login(client, "their-admin")
    assert client.get(theirs).status_code == 403
    assert "WEB-OTHER-0001" not in client.get("/web/documents").text
    token = token_for(client, "/web/facility")
    suspend = f"/web/facility/signers/{world['signer'].id}/suspend"
    assert client.post(suspend, data={"csrf_token": token}).status_code == 403
    scoped = {"csrf_token": token, "scope": str(world["signer"].id)}
    assert client.post("/web/facility/api-keys", data=scoped).status_code == 403
    assert client.get("/web/issue").status_code == 403  # an administrator does not sign
    # the enrolment form's facility is the session's: a facility_id in the form changes nothing
    enrolled = client.post("/web/facility/signers", data={
        "csrf_token": token, "facility_id": str(world["facility"].id), "profession": "physician",
        "licence": "ว.77777", "name_th": "หมอ ใหม่", "name_en": "New Doctor", "username": "new-doctor",
        "password": PASSWORD, "password2": PASSWORD})
    assert enrolled.status_code == 303
    from sqlalchemy import select

    from mohpromt_ca.storage.models import Signer

    with authority.register.reading() as db:
        assert db.execute(select(Signer.facility_id).where(Signer.licence == "77777")).scalar_one() == world["other"].id

    login(client, "admin")
    token = token_for(client, "/web/facility")
    created = client.post("/web/facility/api-keys", data={"csrf_token": token, "scope": "facility", "label": "booking"})
    assert created.status_code == 200 and re.search(r"mpk_[0-9a-f]{16}_", created.text)
    key_id = re.search(r"mpk_([0-9a-f]{16})_", created.text).group(1)
    assert "mpk_" not in client.get("/web/facility").text  # shown once
    login(client, "their-admin")
    token = token_for(client, "/web/facility")
    assert client.post(f"/web/facility/api-keys/{key_id}/revoke", data={"csrf_token": token}).status_code == 404
    login(client, "admin")
    token = token_for(client, "/web/facility")
    assert client.post(f"/web/facility/api-keys/{key_id}/revoke", data={"csrf_token": token}).status_code == 303
    assert "เพิกถอนแล้ว" in client.get("/web/facility").text

    login(client, "officer")
    assert client.get("/web/issue").status_code == 403 and client.get(theirs).status_code == 403


def test_register_approve_enrol_suspend(client, world, authority) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.plugins.events import SignerEnrolled, SignerRevoked, default_bus

    seen: list[Any] = []
    unsubscribe = default_bus().subscribe(SignerEnrolled, seen.append)
    unsubscribe_revoked = default_bus().subscribe(SignerRevoked, seen.append)
    token = token_for(client, "/web/register")
    form = {"csrf_token": token, "type": "medical-clinic", "licence": "LIC-WEB-1", "name_th": "คลินิกเว็บ",
            "name_en": "Web Clinic", "contact": "web@example.org", "username": "web-admin", "password": PASSWORD,
            "password2": "something else entirely"}
    differ = client.post("/web/register", data=form)
    assert differ.status_code == 422 and 'value="LIC-WEB-1"' in differ.text
    done = client.post("/web/register", data={**form, "password2": PASSWORD})
    assert done.status_code == 200 and "รอเจ้าหน้าที่ RA อนุมัติ" in done.text
    taken = client.post("/web/register", data={**form, "licence": "LIC-WEB-2", "password2": PASSWORD})
    assert taken.status_code == 422

    login(client, "web-admin")
    page = client.get("/web/facility")
    assert "รออนุมัติ" in page.text and 'action="/web/facility/signers"' not in page.text

    login(client, "officer")
    queue = client.get("/web/ra")
    facility_id = int(re.search(r'id="facility-(\d+)"', queue.text).group(1))
    assert "Web Clinic" in queue.text
    token = csrf_of(queue.text)
    no_reason = client.post(f"/web/ra/facilities/{facility_id}/reject", data={"csrf_token": token})
    assert no_reason.status_code == 400
    approved = client.post(f"/web/ra/facilities/{facility_id}/approve", data={"csrf_token": token})
    assert approved.status_code == 303 and "Web Clinic" not in re.sub(r"<table[\s\S]*</table>", "",
                                                                      client.get("/web/ra").text)

    login(client, "web-admin")
    token = token_for(client, "/web/facility")
    enrol = {"csrf_token": token, "profession": "physician", "licence": "ว.45678", "name_th": "สมหญิง รักดี",
             "name_en": "Somying Rakdee", "username": "dr-somying", "password": PASSWORD, "password2": PASSWORD}
    assert client.post("/web/facility/signers", data=enrol).status_code == 303
    page = client.get("/web/facility")
    assert "Somying Rakdee" in page.text and "dr-somying" in page.text
    signer_id = int(re.search(r'id="signer-(\d+)"', page.text).group(1))

    from fastapi.testclient import TestClient

    with TestClient(client.app, follow_redirects=False) as doctor:
        login(doctor, "dr-somying")
        assert doctor.get("/web/issue").status_code == 200
        token = csrf_of(page.text)
        assert client.post(f"/web/facility/signers/{signer_id}/suspend", data={"csrf_token": token}).status_code == 303
        assert doctor.get("/web/issue").headers["location"] == "/web/login"  # the account is disabled
        assert login(doctor, "dr-somying").status_code == 401
    unsubscribe()
    unsubscribe_revoked()
    # plugins hear of the enrolment and the suspension
    assert [(type(e), e.signer_id) for e in seen] == [(SignerEnrolled, signer_id), (SignerRevoked, signer_id)]
    assert seen[0].actor == "user:web-admin" and seen[1].reason == "certificateHold"
