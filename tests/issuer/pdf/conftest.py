"""PDF issuance fixtures: a facility and signers enrolled through our own API, data that names them."""

from __future__ import annotations

import asyncio
import copy
import io
import os
import shutil
from typing import Any

import pytest


@pytest.fixture
def database_url() -> None:
    """PDF tests run on SQLite (the register code they touch is covered on PostgreSQL elsewhere,
    and ``test_issue_on_postgres`` issues one PDF there)."""
    return None


def data_for(type_key: str, facility: Any, licence: str, profession: str = "physician",
             number: str | None = None) -> dict[str, Any]:
    """The type's sample as of now, naming the facility and signer only by licence: the rest of
    their blocks (and the issue time) the issuer takes from the register and its clock."""
    import datetime as dt

    from mohpromt_ca.templates import get_type

    data = copy.deepcopy(get_type(type_key).request_sample(dt.datetime.now(dt.UTC)))
    data["facility"] = {"licence": facility.licence}
    data["signer"] = {"licence_no": licence, "profession": profession}
    if number:
        data["document_number"] = number
    return data


@pytest.fixture
def physician(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="physician", licence="ว.12345",
                        name_th="นายแพทย์ สมชาย ใจดี", name_en="Somchai Jaidee")


@pytest.fixture
def lab_director(authority, approved_facility):  # type: ignore[no-untyped-def]
    from mohpromt_ca.registration.desk import enrol_signer

    return enrol_signer(authority, facility_id=approved_facility.id, profession="medical-technologist",
                        licence="ทน.6789", name_th="ทนพญ. วิภาวดี รุ่งเรือง", name_en="Wipawadee Rungruang")


@pytest.fixture
def issuer(authority):  # type: ignore[no-untyped-def]
    from mohpromt_ca.issuer.pdf.service import PdfIssuer

    return PdfIssuer(authority)


def root_asn1(authority):  # type: ignore[no-untyped-def]
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(authority.certificate_of("root").public_bytes(Encoding.DER))


def validate_embedded(pdf: bytes, root, *, index: int = 0, from_dss: bool = True):  # type: ignore[no-untyped-def]
    """pyHanko's validation with nothing but the trust root and what the PDF itself holds."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    sig = reader.embedded_signatures[index]
    dss = DocumentSecurityStore.read_dss(reader) if from_dss and "/DSS" in reader.root else None
    if dss is not None:
        context = dss.as_validation_context({"trust_roots": [root], "allow_fetching": False})
    else:
        context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(sig, context), reader


def ades_lta(pdf: bytes, root):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko.sign.validation.policy_decl import (
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
    from pyhanko_certvalidator.registry import SimpleTrustManager

    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(trust_manager=SimpleTrustManager.build(trust_roots=[root]),
                                                        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO)),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(RevinfoOnlineFetchingRule.LOCAL_ONLY),
    ))
    reader = PdfFileReader(io.BytesIO(pdf))
    return asyncio.run(ades_lta_validation(reader.embedded_signatures[0], spec))


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the {name} tests: apt-get install poppler-utils qpdf libnss3-tools")
        pytest.skip(f"{name} is not installed")
    return path


def qpdf_check(pdf: bytes, where) -> None:  # type: ignore[no-untyped-def]
    """``qpdf --check`` finds no errors (it reads files, not stdin)."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf", dir=where) as handle:
        handle.write(pdf)
        handle.flush()
        run = subprocess.run([tool("qpdf"), "--check", handle.name], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors" in run.stdout, run.stdout
