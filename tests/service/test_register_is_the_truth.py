"""Issue 18, parts 1-3 and 7, against one running service (one authority, one app, many requests):

* the DSCs the service needs are provisioned, and a DSC rolled while it runs is used by every
  node without a restart;
* a refused enrolment leaves `signer list` unchanged; an RA officer removes a stub (audited);
* the face of a PDF comes from the register (pdftotext), data naming another facility or signer
  is refused naming the field; the issue date is the signing time;
* dates of birth in the future (or after the event) are refused on every path: web form, PDF
  API, DCC API, CLI;
* NUL, U+202E and an emoji in every text field of one PDF type and one DCC type: a 4xx naming
  the field, never a 500;
* an EU-shaped DCC payload without fnt/gnt gets them by ICAO 9303.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_PASSPHRASE, make_settings  # type: ignore[import-not-found]

PASSWORD = "a long enough password for tests"
FACILITY = {"name_th": "คลินิกเวชกรรมหมอพร้อม สาขาบางรัก", "name_en": "Mor Prom Medical Clinic, Bang Rak",
            "address": "99/1 ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500",
            "address_en": "99/1 Silom Road, Bang Rak, Bangkok 10500", "phone": "02 123 4567"}
VACCINATION: dict[str, Any] = {
    "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
               "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
    "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                    "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234",
                    "centre": "Bang Rak Clinic", "practitioner": "Somchai Jaidee"},
}
EU_PAYLOAD: dict[str, Any] = {
    "ver": "1.3.0", "nam": {"fn": "Müller", "gn": "Jörg"}, "dob": "1985-04-12",
    "v": [{"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215", "dn": 2, "sd": 2,
           "dt": "2021-08-30", "co": "TH", "is": "Ministry of Public Health"}],
}
BAD_TEXT = {"nul": "\x00", "rlo": "\u202e", "emoji": "\U0001f600"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An initialised authority with its DSCs provisioned, a facility whose register entry has an
    address and phone, its physician (enrolled as the README does, title in the name), a second
    facility with its own physician, accounts and API keys, and the service app."""
    from fastapi.testclient import TestClient

    from mohpromt_ca.application.accounts import create_api_key, create_user
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import provision_dscs
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.app import create_service_app

    data_dir = tmp_path_factory.mktemp("truth") / "data"
    authority = Authority.open(make_settings(data_dir), actor="test-officer")
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    provisioned = provision_dscs(authority)
    facility = register_facility(authority, type="medical-clinic", licence="10100001234", **FACILITY)
    decide_facility(authority, facility.id, "approve")
    other = register_facility(authority, type="public-hospital", licence="11000000001", name_th="โรงพยาบาลศิริราช",
                              name_en="Siriraj Hospital", address="2 ถนนวังหลัง บางกอกน้อย กรุงเทพมหานคร")
    decide_facility(authority, other.id, "approve")
    ours = enrol_signer(authority, facility_id=facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee").signer
    theirs = enrol_signer(authority, facility_id=other.id, profession="physician", licence="ว.54321",
                          name_th="แพทย์หญิง ศิริ ราชา", name_en="Siri Racha").signer
    create_user(authority, username="doctor", password=PASSWORD, role="signer", signer_id=ours.id)
    create_user(authority, username="clinic-admin", password=PASSWORD, role="facility-admin", facility_id=facility.id)
    create_user(authority, username="officer", password=PASSWORD, role="ra-officer")
    app = create_service_app(authority)
    with TestClient(app, follow_redirects=False) as client:
        yield {"authority": authority, "client": client, "app": app, "facility": facility, "other": other,
               "signer": ours, "their_signer": theirs, "provisioned": provisioned, "data_dir": data_dir,
               "key": {"Authorization": f"Bearer {create_api_key(authority, signer_id=ours.id)[1]}"}}
    authority.close()


def _pdf_data(number: str, **changes: Any) -> dict[str, Any]:
    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type("general-health").request_sample(dt.datetime.now(dt.UTC)))
    data["document_number"] = number
    data.update(changes)
    return data


def _post_pdf(world: dict[str, Any], data: dict[str, Any]) -> Any:
    return world["client"].post("/api/v1/documents/pdf", headers=world["key"],
                                json={"type": "general-health", "data": data, "signer_id": world["signer"].id,
                                      "level": "B-B"})


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json().get("errors", [])}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(pdf: bytes, where: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (where / "doc.pdf").write_bytes(pdf)
    return subprocess.run([tool, "-layout", str(where / "doc.pdf"), "-"], capture_output=True, check=True,
                          text=True).stdout


# -- part 1: DSCs ---------------------------------------------------------------------------------
def test_init_provisions_a_dsc_for_every_dcc_type(world: dict[str, Any]) -> None:
    from mohpromt_ca.authority.dsc import list_dscs, provision_dscs

    assert sorted(d.restricted_to[0] for d in (_info(world, p.name) for p in world["provisioned"])
                  if d.restricted_to) == ["recovery", "test", "vaccination"]
    assert provision_dscs(world["authority"]) == []  # all covered: nothing more
    assert len(list_dscs(world["authority"])) >= 3


def _info(world: dict[str, Any], name: str) -> Any:
    from mohpromt_ca.authority.dsc import find_dsc

    return find_dsc(world["authority"], name)


def test_a_dsc_rolled_while_the_service_runs_is_used_without_restart(world: dict[str, Any]) -> None:
    from mohpromt_ca.application.authorization import Principal
    from mohpromt_ca.application.documents import DocumentService
    from mohpromt_ca.authority.dsc import issue_dsc, list_dscs, retire_dsc

    authority = world["authority"]
    node_b = DocumentService(authority)  # a second node over the same register, warmed up before the roll
    principal = Principal(kind="user", ident="doctor", role="signer", facility_id=world["facility"].id,
                          signer_id=world["signer"].id)
    first = world["client"].post("/api/v1/documents/dcc", headers=world["key"], json={"data": VACCINATION})
    assert first.status_code == 201, first.text
    before = node_b.issue_dcc(principal, data=VACCINATION)
    assert first.json()["kid"] == before.kid

    for dsc in list_dscs(authority):  # the operator rolls the vaccination DSC
        if dsc.allows("vaccination") and dsc.retired_at is None:
            retire_dsc(authority, dsc.name)
    rolled = issue_dsc(authority, restrict_to="vaccination")
    new_kid = _info(world, rolled.name).kid_b64

    deadline = time.monotonic() + 10
    kids: tuple[str, str] = ("", "")
    while time.monotonic() < deadline:
        answer = world["client"].post("/api/v1/documents/dcc", headers=world["key"], json={"data": VACCINATION})
        assert answer.status_code == 201, answer.text  # never a refusal in between
        kids = (answer.json()["kid"], node_b.issue_dcc(principal, data=VACCINATION).kid or "")
        if kids == (new_kid, new_kid):
            break
        time.sleep(0.5)
    assert kids == (new_kid, new_kid)


# -- part 1: enrolment, stubs ---------------------------------------------------------------------
def test_a_refused_enrolment_leaves_signer_list_unchanged(world: dict[str, Any]) -> None:
    from click.testing import CliRunner
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509 import CertificateSigningRequestBuilder, Name, NameAttribute
    from cryptography.x509.oid import NameOID

    from mohpromt_ca.cli import main
    from mohpromt_ca.errors import InputError, MohpromtError
    from mohpromt_ca.registration.desk import enrol_signer

    env = {"MOHPROMT_DATA_DIR": str(world["data_dir"]), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}

    def signer_list() -> list[dict[str, Any]]:
        result = CliRunner().invoke(main, ["signer", "list", "--json"], env=env)
        assert result.exit_code == 0, result.output
        rows: list[dict[str, Any]] = json.loads(result.output)
        return rows

    before = signer_list()
    authority, facility_id = world["authority"], world["facility"].id
    with pytest.raises(InputError) as swapped:  # the issue's case: Thai and English names swapped
        enrol_signer(authority, facility_id=facility_id, profession="dentist", licence="ท.4321",
                     name_th="Wipa Dee", name_en="วิภา ดี")
    assert "name-" in swapped.value.message
    key = ec.generate_private_key(ec.SECP521R1())  # a key the signer profile refuses: after the row was written
    csr = CertificateSigningRequestBuilder().subject_name(Name([NameAttribute(NameOID.COMMON_NAME, "x")])).sign(
        key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    with pytest.raises(MohpromtError):
        enrol_signer(authority, facility_id=facility_id, profession="dentist", licence="ท.4321",
                     name_th="ทันตแพทย์หญิง วิภา ดี", name_en="Wipa Dee", csr=csr)
    assert signer_list() == before
    retried = enrol_signer(authority, facility_id=facility_id, profession="dentist", licence="ท.4321",
                           name_th="ทันตแพทย์หญิง วิภา ดี", name_en="Wipa Dee")  # the licence is not blocked
    assert [r["id"] for r in signer_list()] == [r["id"] for r in before] + [retried.signer.id]


def test_an_ra_officer_removes_a_stub_and_the_audit_says_so(world: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from mohpromt_ca.cli import main
    from mohpromt_ca.registration.desk import register_facility
    from mohpromt_ca.storage.repositories import signers

    authority = world["authority"]
    with authority.register.transaction() as session:  # what an earlier version left behind
        stub = signers.add(session, facility_id=world["facility"].id, profession="pharmacist", licence="777",
                           name_th="เภสัชกร ค้าง อยู่", name_en="Stuck Stub", created_at=authority.clock.now())
        stub_id = stub.id
    pending = register_facility(authority, type="pharmacy", licence="PH-STUB", name_th="ร้านยาค้าง", name_en="Stub")
    env = {"MOHPROMT_DATA_DIR": str(world["data_dir"]), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    runner = CliRunner()
    removed = runner.invoke(main, ["signer", "remove", str(stub_id), "--reason", "refused enrolment"], env=env)
    assert removed.exit_code == 0, removed.output
    gone = runner.invoke(main, ["facility", "remove", str(pending.id)], env=env)
    assert gone.exit_code == 0, gone.output
    in_use = runner.invoke(main, ["signer", "remove", str(world["signer"].id)], env=env)
    assert in_use.exit_code != 0 and "revoke it instead" in in_use.output
    listed = json.loads(runner.invoke(main, ["signer", "list", "--json"], env=env).output)
    assert stub_id not in {r["id"] for r in listed}
    log = runner.invoke(main, ["audit", "verify", "--json"], env=env)
    assert log.exit_code == 0, log.output
    from mohpromt_ca.storage.models import AuditEntry

    with authority.register.reading() as session:
        actions = {(e.action, e.target) for e in session.query(AuditEntry).all()}
    assert ("signer.remove", f"signer:{stub_id}") in actions
    assert ("facility.remove", f"facility:{pending.id}") in actions


# -- part 2: the register is the source of truth ---------------------------------------------------
def test_a_pdf_omitting_facility_and_signer_is_filled_from_the_register(world: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    from mohpromt_ca.templates.common import thai_date

    data = _pdf_data("GH-TRUTH-1", issued_at="2019-01-01T10:00:00+07:00")  # no backdating: the clock decides
    answer = _post_pdf(world, data)
    assert answer.status_code == 201, answer.text
    issued_at = dt.datetime.fromisoformat(answer.json()["issued_at"])
    assert abs((issued_at - dt.datetime.now(dt.UTC)).total_seconds()) < 300
    pdf = world["client"].get(answer.json()["download_url"], headers=world["key"])
    text = _flat(_pdftotext(pdf.content, tmp_path))
    bangkok = dt.timezone(dt.timedelta(hours=7))
    for printed in (FACILITY["name_th"], FACILITY["name_en"], FACILITY["address"], FACILITY["phone"],
                    "นายแพทย์ สมชาย ใจดี", "ว.12345", thai_date(issued_at.astimezone(bangkok).date(), prefix=False)):
        assert _flat(printed) in text, printed
    assert "นายแพทย์นายแพทย์" not in text and "2562" not in text and "Siriraj" not in text


def test_a_pdf_naming_another_facility_or_signer_is_refused_naming_the_field(world: dict[str, Any]) -> None:
    cases = [
        ({"facility": {"name_th": "โรงพยาบาลศิริราช", "name_en": "Siriraj Hospital"}},
         {"facility.name_th", "facility.name_en"}),
        ({"facility": {"licence": "11000000001"}}, {"facility.licence"}),
        ({"signer": {"profession": "physician", "licence_no": "ว.54321"}}, {"signer.licence_no"}),
        ({"signer": {"title": "แพทย์หญิง", "name_th": "ศิริ ราชา", "name_en": "Siri Racha"}},
         {"signer.title", "signer.name_th", "signer.name_en"}),
    ]
    for number, (change, fields) in enumerate(cases):
        answer = _post_pdf(world, _pdf_data(f"GH-OTHER-{number}", **change))
        assert answer.status_code == 400, answer.text
        assert _fields(answer) == fields, answer.text
    # the same data naming the register's own facility and signer is accepted
    same = _pdf_data("GH-SAME-1", facility={"licence": "10100001234", "name_en": FACILITY["name_en"]},
                     signer={"title": "นายแพทย์", "name_th": "สมชาย ใจดี", "licence_no": "12345"})
    assert _post_pdf(world, same).status_code == 201


def test_the_examination_lies_within_the_types_window(world: dict[str, Any]) -> None:
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()
    future = _post_pdf(world, _pdf_data("GH-EXAM-1", exam_date=(today + dt.timedelta(days=2)).isoformat()))
    old = _post_pdf(world, _pdf_data("GH-EXAM-2", exam_date=(today - dt.timedelta(days=400)).isoformat()))
    assert (future.status_code, old.status_code) == (400, 400)
    assert _fields(future) == _fields(old) == {"exam_date"}


# -- part 2: dates of birth on every path ----------------------------------------------------------
def test_future_dates_of_birth_are_refused_on_every_path(world: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from mohpromt_ca.cli import main
    from mohpromt_ca.service.web.forms import form_values
    from mohpromt_ca.templates import get_type

    client = world["client"]
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()

    # PDF API: in the future, and after the examination
    data = _pdf_data("GH-DOB-1")
    data["patient"]["date_of_birth"] = later
    answer = _post_pdf(world, data)
    assert answer.status_code == 400 and _fields(answer) == {"patient.date_of_birth"}, answer.text
    data = _pdf_data("GH-DOB-2", exam_date=(dt.date.today() - dt.timedelta(days=3)).isoformat())
    data["patient"]["date_of_birth"] = dt.date.today().isoformat()
    assert _fields(_post_pdf(world, data)) == {"patient.date_of_birth"}

    # DCC API: typed input and an EU payload; born after the vaccination
    typed = copy.deepcopy(VACCINATION)
    typed["holder"]["date_of_birth"] = later
    answer = client.post("/api/v1/documents/dcc", headers=world["key"], json={"data": typed})
    assert answer.status_code == 400 and _fields(answer) == {"/dob"}, answer.text
    eu = copy.deepcopy(EU_PAYLOAD)
    eu["dob"] = "2022-01"
    answer = client.post("/api/v1/documents/dcc", headers=world["key"], json={"data": eu})
    assert answer.status_code == 400 and _fields(answer) == {"/dob"}, answer.text

    # web form (the logged-in signer)
    _log_in(client, "doctor")
    token = _csrf(client, "/web/issue/general-health")
    sample = get_type("general-health").sample_as_of(dt.datetime.now(dt.UTC))
    sample["patient"]["date_of_birth"] = later
    values = {**form_values(sample), "csrf_token": token}
    page = client.post("/web/issue/general-health/preview", data=values)
    assert page.status_code == 422 and 'data-path="patient.date_of_birth"' in page.text
    client.cookies.clear()

    # CLI: dcc issue and sign --template
    env = {"MOHPROMT_DATA_DIR": str(world["data_dir"]), "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE}
    runner = CliRunner()
    data = _pdf_data("GH-DOB-CLI")
    data["patient"]["date_of_birth"] = later
    with runner.isolated_filesystem():
        Path("dcc.json").write_text(json.dumps(typed, ensure_ascii=False), encoding="utf-8")
        dcc = runner.invoke(main, ["dcc", "issue", "dcc.json", "--json"], env=env)
        Path("data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        pdf = runner.invoke(main, ["sign", "--template", "general-health", "--data", "data.json", "-o", "x.pdf",
                                   "--signer", str(world["signer"].id)], env=env)
    assert dcc.exit_code != 0 and "/dob" in dcc.output and "Traceback" not in dcc.output, dcc.output
    assert pdf.exit_code != 0 and "patient.date_of_birth" in pdf.output, pdf.output


def _csrf(client: Any, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def _log_in(client: Any, username: str) -> None:
    client.cookies.clear()
    answer = client.post("/web/login", data={"csrf_token": _csrf(client, "/web/login"), "username": username,
                                             "password": PASSWORD})
    assert answer.status_code == 303, answer.text[-500:]


def test_on_the_web_the_admin_keeps_the_address_and_the_ra_removes_a_rejected_registration(
        world: dict[str, Any]) -> None:
    from mohpromt_ca.registration.desk import decide_facility, register_facility

    client, authority = world["client"], world["authority"]
    _log_in(client, "clinic-admin")
    saved = client.post("/web/facility/contact", data={
        "csrf_token": _csrf(client, "/web/facility"), "address": FACILITY["address"],
        "address_en": FACILITY["address_en"], "phone": "02 123 4568"})
    assert saved.status_code == 303, saved.text[-500:]
    assert "02 123 4568" in client.get("/web/facility").text
    rejected = register_facility(authority, type="pharmacy", licence="PH-REJ", name_th="ร้านยาปฏิเสธ", name_en="Rej")
    decide_facility(authority, rejected.id, "reject", reason="duplicate")
    _log_in(client, "officer")
    gone = client.post(f"/web/ra/facilities/{rejected.id}/remove", data={"csrf_token": _csrf(client, "/web/ra")})
    assert gone.status_code == 303, gone.text[-500:]
    assert f'id="facility-{rejected.id}"' not in client.get("/web/ra").text
    client.cookies.clear()
    from mohpromt_ca.application.registration import set_facility_contact

    set_facility_contact(authority, world["facility"].id, phone=FACILITY["phone"])  # as the other tests expect


# -- part 3: text that cannot be shown or is dangerous -------------------------------------------
def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _text_paths(value: Any, prefix: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _text_paths(v, f"{prefix}{k}.")]
    return [prefix[:-1]] if isinstance(value, str) else []


def test_control_bidi_and_emoji_in_every_text_field_give_a_4xx_naming_it(world: dict[str, Any]) -> None:
    from mohpromt_ca.templates import get_type

    client = world["client"]
    pdf_paths = [f.path for f in get_type("general-health").fields
                 if f.type == "string" and "[]" not in f.path]
    assert "patient.name_th" in pdf_paths and "opinion" in pdf_paths and "facility.address" in pdf_paths
    dcc_paths = _text_paths(VACCINATION)
    from mohpromt_ca.issuer.dcc.mapping import INPUT_FIELD

    eu_pointer = {field: pointer for pointer, field in INPUT_FIELD.items()}  # typed field -> DCC pointer
    failures = []
    for name, bad in BAD_TEXT.items():
        for path in pdf_paths:
            data = _pdf_data(f"GH-TEXT-{name}")
            _set(data, path, "ข้อความ " + bad)
            answer = _post_pdf(world, data)
            if not (400 <= answer.status_code < 500 and path in _fields(answer)):
                failures.append(("pdf", name, path, answer.status_code, answer.text[:200]))
        for path in dcc_paths:
            data = copy.deepcopy(VACCINATION)
            _set(data, path, "Text " + bad)
            answer = client.post("/api/v1/documents/dcc", headers=world["key"], json={"data": data})
            pointer = "/" + path.replace(".", "/")
            if name == "emoji" and answer.status_code == 201:
                continue  # a DCC's text goes into its QR as given (UTF-8), nothing renders it with a font
            named = pointer in _fields(answer) or (eu_pointer.get(path, "?") in answer.text)
            if not (400 <= answer.status_code < 500 and named):
                failures.append(("dcc", name, path, answer.status_code, answer.text[:300]))
    assert not failures, failures


# -- part 7: ICAO 9303 for an EU-shaped payload ------------------------------------------------
def test_an_eu_payload_without_fnt_gnt_gets_them_by_icao_9303(world: dict[str, Any]) -> None:
    from mohpromt_verifier.formats.hcert import decode_hc1

    answer = world["client"].post("/api/v1/documents/dcc", headers=world["key"], json={"data": EU_PAYLOAD})
    assert answer.status_code == 201, answer.text
    assert decode_hc1(answer.json()["hc1"]).dcc["nam"] == {"fn": "Müller", "gn": "Jörg", "fnt": "MUELLER",
                                                          "gnt": "JOERG"}
    thai = copy.deepcopy(EU_PAYLOAD)
    thai["nam"] = {"fn": "ใจดี"}
    refused = world["client"].post("/api/v1/documents/dcc", headers=world["key"], json={"data": thai})
    assert refused.status_code == 400 and _fields(refused) == {"/nam/fnt"}, refused.text


# -- part 2: the facility administrator keeps the address -----------------------------------------
def test_the_facility_admin_sets_address_and_phone(world: dict[str, Any]) -> None:
    from mohpromt_ca.application.authorization import Principal
    from mohpromt_ca.application.errors import Forbidden
    from mohpromt_ca.application.registration import list_facilities, set_facility_contact

    authority, other = world["authority"], world["other"]
    admin = Principal(kind="user", ident="their-admin", role="facility-admin", facility_id=other.id)
    set_facility_contact(authority, other.id, phone="02 419 7000", principal=admin)
    with pytest.raises(Forbidden):
        set_facility_contact(authority, world["facility"].id, phone="000", principal=admin)
    row = next(f for f in list_facilities(authority) if f["id"] == other.id)
    assert (row["phone"], row["address"]) == ("02 419 7000", "2 ถนนวังหลัง บางกอกน้อย กรุงเทพมหานคร")
