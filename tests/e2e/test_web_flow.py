"""The whole flow in a real browser (the system Chromium driven by Playwright's sync API).

register a clinic → an RA officer approves → the clinic's administrator enrols a doctor →
the doctor issues a general health certificate (PDF) and a vaccination DCC → downloads the
PDF, the QR image and the HC1 text → ``mohpromt-ca verify`` says each is valid.

The service is the real app (``create_service_app``) under uvicorn on loopback, on a fresh
data directory whose authority is initialised through the project's API. A screenshot of
every page goes to ``tests/e2e/artifacts/`` (or ``$MOHPROMT_E2E_ARTIFACTS``); the test
checks they exist and are not empty, since CI keeps nothing. Without /usr/bin/chromium the
test is skipped, except under CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_settings, serving  # type: ignore[import-not-found]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PASSWORD = "a long password for the test"
ARTIFACTS = Path(os.environ.get("MOHPROMT_E2E_ARTIFACTS", Path(__file__).resolve().parent / "artifacts"))


def _need_browser() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install playwright; never `playwright install`)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {missing}")
        pytest.skip(missing)


@pytest.fixture
def service(tmp_path: Path):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.service.accounts import create_user
    from mohpromt_ca.service.app import create_service_app

    authority = Authority.open(make_settings(tmp_path / "data"), actor="e2e-setup")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    dsc = issue_dsc(authority)
    create_user(authority, username="ra-officer", password=PASSWORD, role="ra-officer")
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "root.pem").write_bytes(authority.certificate_of("root").public_bytes(Encoding.PEM))
    (trust / "dsc.pem").write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    try:
        with serving(create_service_app(authority)) as url:
            yield {"url": url, "trust": trust}
    finally:
        authority.close()


def _verify(target: Path, *trust: str, empty: Path) -> dict:  # type: ignore[type-arg]
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "verify", str(target), *trust,
                             "--trust-list", str(empty), "--json"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_register_approve_enrol_issue_download_verify(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _need_browser()
    from playwright.sync_api import expect, sync_playwright

    url = service["url"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    shots: list[Path] = []
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        # a phone-sized window: the pages must work there
        context = browser.new_context(viewport={"width": 412, "height": 915}, accept_downloads=True, locale="th-TH")
        page = context.new_page()
        console_errors: list[str] = []
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

        def shot(name: str) -> None:
            path = ARTIFACTS / f"{len(shots) + 1:02d}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)

        def log_in(username: str) -> None:
            page.goto(f"{url}/web/login")
            page.fill("#username", username)
            page.fill("#password", PASSWORD)
            page.click("button.primary")

        def log_out() -> None:
            page.click("header form button")
            expect(page.locator("p.notice")).to_be_visible()

        # 1. a clinic registers itself and its administrator
        page.goto(f"{url}/web/register")
        shot("register-form")
        page.select_option("#f-type", "medical-clinic")
        page.fill("#f-licence", "11-E2E-0001")
        page.fill("#f-name_th", "คลินิกเวชกรรมทดสอบ")
        page.fill("#f-name_en", "E2E Test Clinic")
        page.fill("#f-contact", "clinic@example.org")
        page.fill("#f-username", "clinic-admin")
        page.fill("#f-password", PASSWORD)
        page.fill("#f-password2", PASSWORD)
        page.click("button.primary")
        expect(page.locator("p.notice")).to_contain_text("รอเจ้าหน้าที่ RA อนุมัติ")
        shot("registered")

        # 2. the RA officer approves it
        log_in("ra-officer")
        expect(page).to_have_url(re.compile(r"/web/ra$"))
        card = page.locator("section.facility", has_text="E2E Test Clinic")
        expect(card).to_be_visible()
        shot("ra-queue")
        card.locator("button.primary").click()
        expect(page.locator("p.notice")).to_be_visible()
        shot("ra-approved")
        log_out()

        # 3. the clinic's administrator enrols a doctor (certificate + login account)
        log_in("clinic-admin")
        expect(page).to_have_url(re.compile(r"/web/facility$"))
        shot("facility-admin")
        page.select_option("#f-profession", "physician")
        page.fill("#f-licence", "ว.24680")
        page.fill("#f-name_th", "สมชาย ใจดี")
        page.fill("#f-name_en", "Somchai Jaidee")
        page.fill("#f-username", "dr-somchai")
        page.fill("#f-password", PASSWORD)
        page.fill("#f-password2", PASSWORD)
        page.click("form[action='/web/facility/signers'] button.primary")
        expect(page.locator("p.notice")).to_be_visible()
        expect(page.locator("table")).to_contain_text("Somchai Jaidee")
        shot("signer-enrolled")
        log_out()

        # 4. the doctor issues a general health certificate: form, preview, sign, download
        log_in("dr-somchai")
        expect(page).to_have_url(re.compile(r"/web/issue$"))
        shot("issue-index")
        page.click("a[href='/web/issue/general-health']")
        shot("general-health-form")
        page.click("button.primary")  # preview with nothing filled: messages next to the fields
        expect(page.locator("[data-path='patient.name_th'] .field-error")).to_be_visible()
        shot("general-health-errors")
        form = {
            "facility.address": "99/1 ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500",
            "patient.title": "นางสาว", "patient.name_th": "มาลี ศรีสุข", "patient.name_en": "Malee Srisuk",
            "patient.citizen_id": "1-1017-00123-45-6",
            "patient.address": "123/45 หมู่ 6 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120",
            "history_declared_on": "2025-03-05", "exam_date": "2025-03-05",
            "vitals.weight_kg": "52.5", "vitals.height_cm": "160", "vitals.bp_systolic": "118",
            "vitals.bp_diastolic": "76", "vitals.pulse_per_min": "72",
            "opinion": "สุขภาพแข็งแรง สามารถปฏิบัติงานได้ตามปกติ",
        }
        for name, value in form.items():
            page.fill(f"[name='{name}']", value)
        page.select_option("[name='signer.title']", "นายแพทย์")
        for name in ("chronic_disease.has", "accident_surgery.has", "hospital_admission.has"):
            page.select_option(f"[name='{name}']", "false")
        page.select_option("[name='general_condition']", "normal")
        page.click("button.primary")
        expect(page.locator("table.summary")).to_contain_text("มาลี ศรีสุข")
        shot("general-health-preview")
        page.click("#sign-button")
        expect(page.locator("#result")).to_be_visible(timeout=60_000)
        shot("general-health-signed")
        with page.expect_download() as download:
            page.click("#download-pdf")
        pdf = downloads / "certificate.pdf"
        download.value.save_as(pdf)

        # 5. a vaccination DCC: form, sign, QR image and HC1 text
        page.goto(f"{url}/web/issue/dcc-vaccination")
        shot("dcc-form")
        for name, value in {"holder.family_name": "ใจดี", "holder.given_name": "สมชาย",
                            "holder.family_name_latin": "Jaidee", "holder.given_name_latin": "Somchai",
                            "holder.date_of_birth": "1985-04-12",
                            "vaccination.dose_number": "2", "vaccination.total_doses": "2",
                            "vaccination.lot": "FF1234"}.items():
            page.fill(f"[name='{name}']", value)
        page.select_option("[name='holder.sex']", "male")
        # coded fields: chosen from the value sets by name
        page.select_option("[name='vaccination.vaccine']", "1119349007")
        page.select_option("[name='vaccination.product']", "EU/1/20/1528")
        page.select_option("[name='vaccination.manufacturer']", "ORG-100030215")
        page.click("button.primary")
        expect(page.locator("table.summary")).to_contain_text("Jaidee")
        shot("dcc-preview")
        page.click("#sign-button")
        expect(page.locator("figure.qr img")).to_be_visible(timeout=60_000)
        assert page.locator("figure.qr img").evaluate("img => img.naturalWidth") > 100  # the PNG loaded
        shot("dcc-signed")
        with page.expect_download() as download:
            page.click("#download-qr")
        qr = downloads / "dcc.png"
        download.value.save_as(qr)
        with page.expect_download() as download:
            page.click("#download-hc1")
        hc1 = downloads / "dcc.hc1.txt"
        download.value.save_as(hc1)

        # 6. history, in English too
        page.goto(f"{url}/web/documents")
        expect(page.locator("table")).to_contain_text("URN:UVCI")
        shot("history")
        page.click("header a.lang")
        expect(page.locator("h1")).to_have_text("Document history")
        shot("history-english")
        assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
        browser.close()

    empty = tmp_path / "no-trust-list"
    trust = service["trust"]
    report = _verify(pdf, "--anchor", str(trust / "root.pem"), empty=empty)
    assert report["verdict"] == "valid", report
    for artefact in (qr, hc1):
        report = _verify(artefact, "--dsc", str(trust / "dsc.pem"), empty=empty)
        assert report["verdict"] == "valid" and report["document"]["type"] == "vaccination", report
    assert hc1.read_text().startswith("HC1:")

    assert len(shots) == 16
    for path in shots:
        assert path.is_file() and path.stat().st_size > 1000, path
    print(f"\nscreenshots: {ARTIFACTS}")
