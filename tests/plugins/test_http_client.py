"""The same module code against both CaClient implementations: in-process and over HTTP
(the issuance service with an API key), on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from mohpromt_ca.application.in_process_client import InProcessClient
from mohpromt_ca.errors import NotFound, PolicyError
from mohpromt_ca.plugins.client import CaClient
from mohpromt_ca.plugins.http_client import HttpClient
from tests.conftest import serving  # type: ignore[import-not-found]

from .test_client import DCC_VACCINATION, general_health


@pytest.fixture
def database_url(request, tmp_path):  # type: ignore[no-untyped-def]
    """Both registers here (test_client.py pins SQLite for its own tests)."""
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def _module_flow(client: CaClient, facility, signer_id: int, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """What a booking module does: issue the certificate and the DCC, check them, revoke one."""
    pdf = client.issue_pdf("general-health", general_health(facility, f"GH-FLOW-{suffix}"), signer_id=signer_id,
                           level="B-B", idempotency_key=f"flow-{suffix}")
    assert pdf.pdf is not None and pdf.pdf.startswith(b"%PDF-") and pdf.kind == "pdf" and pdf.status == "valid"
    dcc = client.issue_dcc(DCC_VACCINATION)
    assert dcc.hc1 is not None and dcc.hc1.startswith("HC1:") and dcc.kind == "dcc"
    assert client.document_status(pdf.number).sha256 == pdf.sha256
    revoked = client.revoke_document(dcc.number, reason="error")
    assert revoked.status == "revoked" and client.document_status(dcc.number).status == "revoked"
    with pytest.raises(NotFound):
        client.document_status("NO-SUCH-DOCUMENT")


@pytest.mark.parametrize("database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_same_flow_in_process_and_over_http(authority, approved_facility) -> None:
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.service.accounts import create_api_key
    from mohpromt_ca.service.app import create_service_app

    issue_dsc(authority)
    signer = enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                          name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")
    _module_flow(InProcessClient(authority, actor="plugin:booking"), approved_facility, signer.signer.id, "local")

    _info, token = create_api_key(authority, facility_id=approved_facility.id, label="booking")
    with serving(create_service_app(authority)) as url, HttpClient(url, token) as remote:
        assert isinstance(remote, CaClient)
        _module_flow(remote, approved_facility, signer.signer.id, "remote")
        again = remote.issue_pdf("general-health", general_health(approved_facility, "GH-FLOW-remote"),
                                 signer_id=signer.signer.id, level="B-B", idempotency_key="flow-remote")
        assert again.number == "GH-FLOW-remote"  # the retry got the same document back
        other = register_facility(authority, type="pharmacy", licence="OTHER-1", name_th="ร้านยา", name_en="Other")
        decide_facility(authority, other.id, "approve")
        stranger = enrol_signer(authority, facility_id=other.id, profession="pharmacist", licence="ภ.1",
                                name_th="ภก. ก", name_en="Other Pharmacist")
        with pytest.raises(PolicyError):  # this key's facility cannot sign with another facility's signer
            remote.issue_pdf("general-health", general_health(approved_facility, "GH-FLOW-x"),
                             signer_id=stranger.signer.id)
