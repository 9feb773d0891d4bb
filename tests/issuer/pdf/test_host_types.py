"""The PDF issuer knows the certificate types its host gave it (a plugin's, here), and only those."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from .conftest import root_asn1, validate_embedded

DEMO = Path(__file__).resolve().parents[2] / "plugins" / "demo_type" / "dive_fitness"


def test_issuer_issues_a_host_type_and_refuses_it_without_the_host(authority, approved_facility,  # type: ignore[no-untyped-def]
                                                                   physician) -> None:
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.templates import CertificateTypes, UnknownCertificateType, load_type_folder

    dive = load_type_folder(DEMO, source="dive")
    data = copy.deepcopy(dive.request_sample(dt.datetime.now(dt.UTC)))  # facility, signer: the register's

    with pytest.raises(UnknownCertificateType):
        PdfIssuer(authority).issue("dive-fitness", data, signer_id=physician.signer.id, level="B-B")

    issuer = PdfIssuer(authority, types=CertificateTypes([dive]))
    issued = issuer.issue("dive-fitness", data, signer_id=physician.signer.id, level="B-B")
    assert issued.type == "dive-fitness"
    status, _ = validate_embedded(issued.pdf, root_asn1(authority))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    # built-in types stay available through the host's registry
    assert issuer.types.get("general-health").source == "built-in"
