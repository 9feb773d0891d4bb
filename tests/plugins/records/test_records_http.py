"""The records plugin through the real service (its routes under /plugins/records, called with an
API key, issuing as the caller), and out of process: RecordsService with its own SQLite
engine and an HttpClient against the served /api/v1 (no events there: attach explicitly)."""

from __future__ import annotations

import logging
import secrets
from importlib.metadata import EntryPoint

import httpx
import pytest

from mohpromt_ca.errors import NotFound
from mohpromt_ca.plugins.http_client import HttpClient
from tests.conftest import serving  # type: ignore[import-not-found]
from tests.plugins.records.helpers import (  # type: ignore[import-not-found]
    CITIZEN,
    OTHER,
    LosesAnswers,
    assert_no_citizen_ids,
    count_documents,
    lab_data,
    verdict,
)
from tests.plugins.test_client import general_health  # type: ignore[import-not-found]

GROUP = "mohpromt_ca.plugins"


@pytest.fixture
def second_facility(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.accounts import create_api_key

    facility = register_facility(authority, type="medical-clinic", licence=f"LIC-{secrets.token_hex(3)}",
                                 name_th="คลินิกอื่น", name_en="Other Clinic")
    decide_facility(authority, facility.id, "approve")
    signer = enrol_signer(authority, facility_id=facility.id, profession="medical-technologist", licence="ทน.4321",
                          name_th="ทนพ. สมศักดิ์ ดีมาก", name_en="Somsak Deemak")
    _info, token = create_api_key(authority, facility_id=facility.id)
    return {"facility": facility, "signer": signer, "headers": {"Authorization": f"Bearer {token}"}}


def test_routes_in_the_service(authority, approved_facility, lab_director, physician, second_facility,
                               caplog) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.plugins.events import Event, default_bus
    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    caplog.set_level(logging.DEBUG)
    registry = PluginRegistry().load([EntryPoint("records", "mohpromt_plugins.records:RecordsPlugin", GROUP)])
    _info, token = create_api_key(authority, facility_id=approved_facility.id, label="lab-system")
    mine = {"Authorization": f"Bearer {token}"}
    theirs = second_facility["headers"]
    app = create_service_app(authority, plugins=registry)
    plugin = registry.get("records").plugin  # type: ignore[union-attr]
    unsubscribe = default_bus().subscribe(Event, plugin.on_event)  # what registry.subscribe does, undone after
    try:
        with serving(app) as url, httpx.Client(base_url=f"{url}/plugins/records", timeout=120) as http:
            assert http.post("/lookup", json={"citizen_id": CITIZEN}).status_code == 401
            made = http.post("/lab-results", json={"citizen_id": CITIZEN, "data": lab_data(approved_facility)},
                             headers=mine)
            assert made.status_code == 201, made.text
            result_id = made.json()["result_id"]
            assert CITIZEN not in made.text
            # another facility cannot certify this facility's result, nor sign with its signer
            assert http.post(f"/lab-results/{result_id}/certify", headers=theirs,
                             json={"signer_id": second_facility["signer"].signer.id}).status_code == 404
            certified = http.post(f"/lab-results/{result_id}/certify", json={"signer_id": lab_director.signer.id},
                                  headers=mine)
            assert certified.status_code == 200, certified.text
            number = certified.json()["document_number"]
            again = http.post(f"/lab-results/{result_id}/certify", json={"signer_id": lab_director.signer.id},
                              headers=mine)
            assert again.json()["document_number"] == number and count_documents(authority, number) == 1

            pdf = http.post("/fetch", json={"citizen_id": CITIZEN, "document_number": number}, headers=mine)
            assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
            assert verdict(authority, pdf.content) == "valid"

            # a PDF issued through the REST API for this citizen arrives by the event
            with HttpClient(url, token) as api:
                api.issue_pdf("general-health", general_health(approved_facility, "GH-REC-HTTP"),
                              signer_id=physician.signer.id, level="B-B")
                listed = http.post("/lookup", json={"citizen_id": CITIZEN}, headers=mine).json()["documents"]
                assert {d["document_number"]: d["status"] for d in listed} == {number: "valid",
                                                                               "GH-REC-HTTP": "valid"}
                api.revoke_document("GH-REC-HTTP", reason="error")
            listed = http.post("/lookup", json={"citizen_id": CITIZEN}, headers=mine).json()["documents"]
            assert {d["document_number"]: d["status"] for d in listed}["GH-REC-HTTP"] == "revoked"

            # another facility's key sees none of this facility's documents, and fetches none (told as
            # "no such PDF", so it does not learn what the citizen's record holds)
            assert http.post("/lookup", json={"citizen_id": CITIZEN}, headers=theirs).json() == {"documents": []}
            refused = http.post("/fetch", json={"citizen_id": CITIZEN, "document_number": number}, headers=theirs)
            assert refused.status_code == 404 and refused.headers["content-type"] == "application/problem+json"
            assert http.post("/attach", json={"citizen_id": OTHER, "document_number": number},
                             headers=theirs).status_code == 403
            # another citizen: nothing, with the same answer as a document that does not exist
            for doc in (number, "NO-SUCH-DOC"):
                gone = http.post("/fetch", json={"citizen_id": OTHER, "document_number": doc}, headers=mine)
                assert gone.status_code == 404 and gone.json()["code"] == "not-found"
            bad = http.post("/lookup", json={"citizen_id": "1234567890123"}, headers=mine)
            assert bad.status_code == 400 and "1234567890123" not in bad.text
            attached = http.post("/attach", json={"citizen_id": OTHER, "document_number": number}, headers=mine)
            assert attached.status_code == 201 and attached.json()["source"] == "attach"
            assert [d["document_number"] for d in http.post("/lookup", json={"citizen_id": OTHER},
                                                            headers=mine).json()["documents"]] == [number]
    finally:
        unsubscribe()
    assert_no_citizen_ids(authority.register.engine, CITIZEN, OTHER)
    assert CITIZEN not in caplog.text and "1234567890123" not in caplog.text


def test_out_of_process_over_http(authority, approved_facility, lab_director, physician, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    from mohpromt_ca.plugins.registry import PluginRegistry
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_ca.storage.plugin_namespace import PluginNamespace
    from mohpromt_plugins.records import RecordsKeys, RecordsService, RecordsStore

    engine = create_engine(f"sqlite:///{tmp_path / 'records.db'}")  # the test reads it directly too
    store = RecordsStore(PluginNamespace("records", engine)).create()
    keys = RecordsKeys(secrets.token_bytes(32))  # the module keeps its secret where it likes
    store.check_fingerprint(keys.fingerprint)
    _info, token = create_api_key(authority, facility_id=approved_facility.id, label="records-module")
    # no plugins in this service: the module is elsewhere, and no event reaches it
    with serving(create_service_app(authority, plugins=PluginRegistry())) as url, HttpClient(url, token) as client:
        records = RecordsService(store, client, keys, authority.clock)
        recorded = records.record_lab_result(CITIZEN, lab_data(approved_facility))
        lossy = RecordsService(store, LosesAnswers(client), keys, authority.clock)
        with pytest.raises(ConnectionError):  # issued, but the answer never came back
            lossy.certify_lab_result(recorded.id, lab_director.signer.id)
        ref = records.certify_lab_result(recorded.id, lab_director.signer.id)  # the retry: a replay
        assert count_documents(authority, ref.document_number) == 1
        assert verdict(authority, records.fetch(CITIZEN, ref.document_number)) == "valid"

        other = client.issue_pdf("general-health", general_health(approved_facility, "GH-REC-OUT"),
                                 signer_id=physician.signer.id, level="B-B")
        assert [r.document_number for r in records.documents(CITIZEN)] == [ref.document_number]  # no event here
        records.attach(CITIZEN, other.number)
        client.revoke_document(other.number, reason="error")
        assert {r.document_number: r.status for r in records.documents(CITIZEN)} == {
            ref.document_number: "valid", "GH-REC-OUT": "revoked"}
        assert records.fetch(CITIZEN, "GH-REC-OUT") == other.pdf
        assert records.documents(OTHER) == []
        with pytest.raises(NotFound):
            records.fetch(OTHER, ref.document_number)
    assert assert_no_citizen_ids(engine, CITIZEN, OTHER) >= 3
