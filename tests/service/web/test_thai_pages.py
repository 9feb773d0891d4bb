"""Every /web page a clinic sees, in Thai, scanned for English-only messages (issue 18, part 4).

One app on one fresh authority (module scope): an RA officer, a pending and an approved
facility, its administrator and a physician. The scan visits each page as its role sees it,
including the forms posted empty (every field error at once), the register and enrolment
forms with bad values, a DCC signed through the form, and the error pages (404, 413, 500,
CSRF). In each page, every text node and every title / placeholder / alt / aria-label must
carry Thai unless it is data the test typed in, a technical code (PDF, HC1, SHA-256, ...)
or marked ``lang="en"`` (English alongside: an English name next to the Thai one).
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]
from tests.service.web.conftest import PASSWORD, csrf_of, login  # type: ignore[import-not-found]

THAI = re.compile(r"[\u0e00-\u0e7f]")
WORD = re.compile(r"[A-Za-z]*[a-z]{3,}[A-Za-z]*")  # an English word (codes like PDF, HC1, B-LT are no words)
#: what the test typed in (names, usernames) and product names that are written in Latin letters
DATA = ("Mor Prom Clinic", "Pending Clinic", "Somchai Jaidee", "Jaidee", "Somchai", "doctor", "admin", "officer",
        "PAdES", "Idempotency", "Sarabun")


class _Texts(html.parser.HTMLParser):
    """Text nodes and user-facing attributes, outside <code>, <script>, <style> and lang="en" elements."""

    VOID = {"input", "br", "meta", "link", "img", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in ("code", "script", "style") or values.get("lang") == "en"
        if not skip and not self._skipping():
            for name in ("title", "placeholder", "alt", "aria-label"):
                if values.get(name):
                    self.found.append(str(values[name]))
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if text and not self._skipping():
            self.found.append(text)


def english_only(page: str) -> list[str]:
    parser = _Texts()
    parser.feed(page)
    bad = []
    for text in parser.found:
        rest = text
        for known in DATA:
            rest = rest.replace(known, "")
        if not THAI.search(rest) and WORD.search(rest):
            bad.append(text)
    return bad


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from fastapi.testclient import TestClient

    from mohpromt_ca.application.accounts import create_user
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.app import create_service_app

    data: Path = tmp_path_factory.mktemp("thai-pages") / "data"
    authority = Authority.open(make_settings(data), actor="test-officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    clinic = register_facility(authority, type="medical-clinic", licence="LIC-TH-1", name_th="คลินิกหมอพร้อม",
                               name_en="Mor Prom Clinic", contact="clinic@example.org")
    decide_facility(authority, clinic.id, "approve")
    register_facility(authority, type="pharmacy", licence="LIC-TH-2", name_th="ร้านยารอ", name_en="Pending Clinic")
    signer = enrol_signer(authority, facility_id=clinic.id, profession="physician", licence="ว.12345",
                          name_th="สมชาย ใจดี", name_en="Somchai Jaidee").signer
    issue_dsc(authority)
    create_user(authority, username="officer", password=PASSWORD, role="ra-officer")
    create_user(authority, username="admin", password=PASSWORD, role="facility-admin", facility_id=clinic.id)
    create_user(authority, username="doctor", password=PASSWORD, role="signer", signer_id=signer.id)
    app = create_service_app(authority)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/web/test-failure", boom)  # stands for any bug behind a page
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        yield client
    authority.close()


def _page(answer: Any, status: int) -> str:
    assert answer.status_code == status, (answer.status_code, answer.text[:800])
    assert answer.headers["content-type"].startswith("text/html"), answer.headers["content-type"]
    return str(answer.text)


def test_every_page_in_thai_has_no_english_only_message(site) -> None:  # type: ignore[no-untyped-def]
    client = site
    pages: dict[str, str] = {}
    pages["login"] = _page(client.get("/web/login"), 200)
    pages["register"] = _page(client.get("/web/register"), 200)
    bad_registration = {"csrf_token": csrf_of(pages["register"]), "type": "", "licence": "", "name_th": "",
                        "name_en": "", "username": "-", "password": "short", "password2": "other"}
    registration = _page(client.post("/web/register", data=bad_registration), 422)
    assert registration.count('class="field-error"') >= 5  # every field's problem at once
    pages["register-errors"] = registration
    pages["wrong-login"] = _page(login(client, "doctor", "not the password at all"), 401)
    pages["csrf"] = _page(client.post("/web/login", data={"username": "x"}), 403)
    pages["404"] = _page(client.get("/web/no-such-page"), 404)
    pages["413"] = _page(client.post("/web/login", data={"username": "x" * (2 * 1024 * 1024)}), 413)
    pages["500"] = _page(client.get("/web/test-failure"), 500)
    assert "ไม่มีหน้านี้" in pages["404"] and "ขนาดใหญ่เกินไป" in pages["413"] and "ระบบขัดข้อง" in pages["500"]
    assert "a bug" not in pages["500"] and "Traceback" not in pages["500"]
    api = client.get("/api/v1/no-such-thing")  # the API keeps problem+json
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"

    assert login(client, "officer").status_code == 303
    pages["ra"] = _page(client.get("/web/ra"), 200)
    assert "Pending Clinic" in pages["ra"]

    assert login(client, "admin").status_code == 303
    pages["facility"] = _page(client.get("/web/facility"), 200)
    enrol = {"csrf_token": csrf_of(pages["facility"]), "profession": "physician", "licence": "", "name_th": "",
             "name_en": "", "username": "a", "password": "short", "password2": "x"}
    pages["enrol-errors"] = _page(client.post("/web/facility/signers", data=enrol), 422)

    assert login(client, "doctor").status_code == 303
    index = _page(client.get("/web/issue"), 200)
    pages["issue"] = index
    slugs = re.findall(r'href="/web/issue/([a-z0-9-]+)"', index)
    assert "general-health" in slugs and "dcc-vaccination" in slugs
    for slug in slugs:
        form = _page(client.get(f"/web/issue/{slug}"), 200)
        pages[f"form-{slug}"] = form
        empty = client.post(f"/web/issue/{slug}/preview", data={"csrf_token": csrf_of(form)})
        pages[f"errors-{slug}"] = _page(empty, 422)

    # the DCC form: coded fields are choices by Thai and English name; preview; sign; the document
    form = pages["form-dcc-vaccination"]
    assert re.search(r'<option value="1119349007"[^>]*>วัคซีนชนิด mRNA — SARS-CoV-2 mRNA vaccine</option>', form)
    assert re.search(r'<option value="EU/1/20/1528"[^>]*>โคเมอร์แนตี', form)
    assert 'name="vaccination.vaccine" type' not in form  # no free text box for a code
    from mohpromt_ca.service.web.forms import form_values

    vaccination = {"holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
                              "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
                   "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                                   "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"}}
    values = {**form_values(vaccination), "csrf_token": csrf_of(form)}
    preview = _page(client.post("/web/issue/dcc-vaccination/preview", data=values), 200)
    assert "วัคซีนชนิด mRNA" in preview and "โคเมอร์แนตี" in preview
    pages["preview-dcc"] = preview
    wrong = {**values, "vaccination.product": "NO-SUCH-PRODUCT", "vaccination.manufacturer": "NOPE"}
    both = _page(client.post("/web/issue/dcc-vaccination/preview", data=wrong), 422)
    assert both.count('class="field-error"') >= 2  # both unknown codes at once, each at its field
    signed = client.post("/web/issue/dcc-vaccination/sign", data=values)
    assert signed.status_code == 303, signed.text[-1500:]
    document = _page(client.get(signed.headers["location"]), 200)
    assert re.search(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.", document) and " UTC<" not in document  # Bangkok, B.E.
    pages["document"] = document
    pages["history"] = _page(client.get("/web/documents"), 200)
    pages["404-document"] = _page(client.get("/web/documents/NO-SUCH-DOC"), 404)

    found = {name: bad for name, page in pages.items() if (bad := english_only(page))}
    assert found == {}, found
    for name, page in pages.items():
        assert 'lang="th"' in page, name
