"""Fixtures for the offline app: one CA built through the project's API per module, a DCC it
issued (and one it revoked), its published lists imported into a border post's trust-list cache
(fresh, and one whose lists expired), the app built from each with ``verifier build``, and a
plain static web server on loopback serving them (any web server must do)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]
from tests.issuer.conftest import sample  # type: ignore[import-not-found]

NODE = shutil.which("node")
PUBLISHED = {"dsc-national.txt": "national", "revocations.txt": "revocation", "document-signers.txt": "signers",
             "documents-revoked.txt": "document-revocation", "anchors-tsl.xml": "tsl"}


@dataclass(frozen=True)
class World:
    hc1: str
    revoked_hc1: str
    summary: str
    dsc_pem: Path
    signer_pem: Path
    cache: Path
    expired_cache: Path
    app: Path
    expired_app: Path
    lists: Path
    voucher: str  # an MPV1: voucher we issued
    voucher_extra: str  # one signed by our voucher key with a field this verifier does not know
    voucher_by_dsc: str  # one signed by the DCC Document Signer (wrong key purpose)
    voucher_trust: Path  # PEM of GET /api/v1/vouchers/trust: the root, then the voucher signer
    voucher_signers: Path  # that PEM plus the DSC: the signer candidates the voucher cases use


def _signed_voucher(claims: dict, key: object, certificate: object) -> str:
    import cbor2

    from mohpromt_ca.ca.keys.base import SignatureScheme
    from mohpromt_verifier.formats.hcert.base45 import b45encode
    from mohpromt_verifier.formats.hcert.compression import compress
    from mohpromt_verifier.formats.hcert.cose import kid_of, sign1
    from mohpromt_verifier.formats.hcert.signer import ES256, FunctionSigner

    handle = key.handle  # type: ignore[attr-defined]
    signer = FunctionSigner(ES256, kid_of(certificate),  # type: ignore[arg-type]
                            lambda data: handle.sign(data, SignatureScheme.ECDSA_SHA256), der=True)
    return "MPV1:" + b45encode(compress(sign1(cbor2.dumps(claims), signer)))


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
                      ".txt": "text/plain; charset=utf-8", ".ttf": "font/ttf"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def require_node() -> str:
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed")
        pytest.skip("node is not installed")
    return NODE


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from cryptography.hazmat.primitives.serialization import Encoding

    from mohpromt_ca.application.document_revocations import export_document_revocations
    from mohpromt_ca.application.documents import revoke_dcc
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.trust_list_export import export
    from mohpromt_ca.authority.trust_list_signer import list_signer
    from mohpromt_ca.issuer.dcc.service import DccIssuer
    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.issuer.voucher import VoucherRequest, issue_voucher, voucher_signer_key
    from mohpromt_ca.issuer.voucher.service import voucher_trust_pem
    from mohpromt_ca.registration.desk import decide_facility, enrol_signer, register_facility
    from mohpromt_ca.templates import get_type
    from mohpromt_verifier.formats.voucher import Voucher, new_voucher_id
    from mohpromt_verifier.trust_lists.cache import TrustListCache
    from mohpromt_verifier.trust_lists.importer import import_list
    from mohpromt_verifier.webapp.build import write_app

    base = tmp_path_factory.mktemp("webapp")
    authority = Authority.open(make_settings(base / "data"), actor="webapp-test")
    try:
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        dsc = issue_dsc(authority, restrict_to="vaccination")
        issuer = DccIssuer(authority)
        hc1 = issuer.issue(sample("vaccination")).hc1
        other = sample("vaccination")
        other["vaccination"]["date"] = "2021-09-30"
        revoked = issuer.issue(other)
        revoke_dcc(authority, revoked.uvci, hc1=revoked.hc1)
        facility = register_facility(authority, type="medical-clinic", licence="WEBAPP-1", name_th="คลินิกหมอพร้อม",
                                     name_en="Mor Prom Clinic", contact="clinic@example.org",
                                     address="99/1 ถนนสีลม กรุงเทพมหานคร 10500")
        decide_facility(authority, facility.id, "approve")
        signer = enrol_signer(authority, facility_id=facility.id, profession="physician",
                              licence="ว.12345", name_th="นพ. ใจดี", name_en="Dr Jaidee")
        # the signer and facility blocks and the issue time come from the register and the clock
        document = get_type("general-health").request_sample(dt.datetime.now(dt.UTC))
        issued = PdfIssuer(authority).issue("general-health", document, signer_id=signer.signer.id, level="B-B")
        summary = issued.qr_text
        assert summary and summary.startswith("MPC1:")
        voucher = issue_voucher(authority, VoucherRequest("V-WEBAPP0001", 300, 30, partner="shop-7",
                                                         debit_id="debit-webapp-0001")).text
        voucher_key = voucher_signer_key(authority)
        moment = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
        body = Voucher(new_voucher_id(), "V-WEBAPP0002", 100, 10, moment, moment + dt.timedelta(days=30))
        extra = body.to_claims()
        extra[-70002]["x"] = "a-field-added-later"  # e.g. a debit id: signed over, not understood, not refused
        voucher_extra = _signed_voucher(extra, voucher_key, voucher_key.certificate)
        voucher_by_dsc = _signed_voucher(body.to_claims(), authority.issuing_key(dsc.name), dsc.certificate)
        voucher_pem = voucher_trust_pem(authority)
        anchor = list_signer(authority).certificate
        lists = base / "trust-lists"
        lists.mkdir()
        for name, fmt in PUBLISHED.items():
            made = export_document_revocations(authority) if fmt == "document-revocation" else export(authority, fmt)
            (lists / name).write_bytes(made)
    finally:
        authority.close()
    signer_pem = base / "th-trust-list-signer.pem"
    signer_pem.write_bytes(anchor.public_bytes(Encoding.PEM))
    dsc_pem = base / "dsc.pem"
    dsc_pem.write_bytes(dsc.certificate.public_bytes(Encoding.PEM))
    voucher_trust = base / "voucher-trust.pem"
    voucher_trust.write_bytes(voucher_pem)
    voucher_signers = base / "voucher-signers.pem"
    voucher_signers.write_bytes(voucher_pem + dsc.certificate.public_bytes(Encoding.PEM))
    now = dt.datetime.now(dt.UTC)
    caches = {}
    for label, fetched in (("fresh", now), ("expired", now - dt.timedelta(days=30))):
        cache = TrustListCache(base / f"cache-{label}")
        for name in PUBLISHED:
            import_list(cache, (lists / name).read_bytes(), anchor=anchor, source=f"lists/{name}", now=fetched,
                        actor="webapp-test")
        caches[label] = cache.directory
    app, expired_app = base / "app", base / "app-expired"
    write_app(app, trust_dir=caches["fresh"], voucher_trust=str(voucher_trust))
    write_app(expired_app, trust_dir=caches["expired"])
    yield World(hc1=hc1, revoked_hc1=revoked.hc1, summary=summary, dsc_pem=dsc_pem, signer_pem=signer_pem,
                cache=caches["fresh"], expired_cache=caches["expired"], app=app, expired_app=expired_app, lists=lists,
                voucher=voucher, voucher_extra=voucher_extra, voucher_by_dsc=voucher_by_dsc,
                voucher_trust=voucher_trust, voucher_signers=voucher_signers)
