"""A PDF revoked through the API reaches offline verifiers: the service publishes a signed
document revocation list, a verifier imports it into its cache and reports the PDF revoked
(also after later revisions were appended to it); others stay valid."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import httpx
import pytest

from tests.conftest import serving  # type: ignore[import-not-found]

from .test_api import _auth, _pdf_request, world  # noqa: F401  (fixture)


def _verify(pdf: bytes, cache_dir, authority):  # type: ignore[no-untyped-def]
    from mohpromt_verifier.verifier.verify_input import TrustOptions, verify_bytes

    # as anchors.pem lists them
    anchors = (authority.certificate_of("root"), authority.certificate_of("document-signing"))
    options = TrustOptions(directory=cache_dir, extra_anchors=anchors)
    [report] = verify_bytes(pdf, clock=authority.clock, options=options)
    return report


def test_revoked_pdf_is_reported_offline(authority, world, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from cryptography import x509

    from mohpromt_ca.issuer.pdf.service import PdfIssuer
    from mohpromt_ca.service.app import create_service_app
    from mohpromt_verifier.trust_lists.cache import TrustListCache
    from mohpromt_verifier.trust_lists.importer import import_list

    cache_dir = tmp_path / "trust"
    with serving(create_service_app(authority)) as url:
        pdfs = {}
        for number in ("GH-DR-1", "GH-DR-2"):
            request = _pdf_request(world, number)
            request["level"] = "B-LT"
            made = httpx.post(f"{url}/api/v1/documents/pdf", json=request, headers=_auth(world["signer_key"]),
                              timeout=60)
            assert made.status_code == 201, made.text
            pdfs[number] = httpx.get(f"{url}{made.json()['download_url']}", headers=_auth(world["signer_key"])).content
        empty = httpx.get(f"{url}/trust-lists/documents-revoked.txt")
        assert empty.status_code == 200 and b'"documentRevocations":[]' in empty.content
        revoked = httpx.post(f"{url}/api/v1/documents/{urllib.parse.quote('GH-DR-1')}/revoke",
                             json={"reason": "fraud"}, headers=_auth(world["signer_key"]))
        assert revoked.status_code == 200, revoked.text
        published = httpx.get(f"{url}/trust-lists/documents-revoked.txt")
        assert published.status_code == 200 and published.headers["etag"] != empty.headers["etag"]
        assert httpx.get(f"{url}/trust-lists/documents-revoked.txt",
                         headers={"If-None-Match": published.headers["etag"]}).status_code == 304
        signer = x509.load_pem_x509_certificate(httpx.get(f"{url}/trust-lists/signer.pem").content)
    assert b"GH-DR" not in published.content and world["facility"].licence.encode() not in published.content

    # before the verifier has the list, the revoked PDF still looks valid: that is what the list is for
    first = _verify(pdfs["GH-DR-1"], cache_dir, authority)
    assert first.verdict == "valid", first.to_text()
    stored = import_list(TrustListCache(cache_dir), published.content, anchor=signer, source="test",
                         now=authority.clock.now(), actor="test")
    assert stored is not None

    report = _verify(pdfs["GH-DR-1"], cache_dir, authority)
    assert report.verdict == "invalid"
    check = next(c for c in report.checks if c.name == "document revocation")
    assert check.code == "document-revoked" and "fraud" in check.detail
    good = _verify(pdfs["GH-DR-2"], cache_dir, authority)
    assert good.verdict == "valid", good.to_text()
    assert any(c.name == "document revocation" and c.outcome == "pass" for c in good.checks)

    # appending revisions (a countersignature and an archive timestamp) does not launder it
    extended = PdfIssuer(authority).sign_existing(pdfs["GH-DR-1"], signer_id=world["second"].id, level="B-LTA",
                                                  countersign=True).pdf
    assert extended.startswith(pdfs["GH-DR-1"])
    again = _verify(extended, cache_dir, authority)
    assert any(c.code == "document-revoked" for c in again.checks) and again.verdict == "invalid"


def test_list_format_refuses_forgeries(authority) -> None:
    from mohpromt_ca.authority.trust_list_signer import list_signer
    from mohpromt_verifier.trust_lists import document_revocation as dr
    from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature
    from mohpromt_verifier.trust_lists.importer import sniff

    signer = list_signer(authority)
    now = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    entry = dr.RevokedDocument("ab" * 32, now, "error")
    data = dr.document([entry], signer, now=now)
    assert sniff(data) == "document-revocation"
    verified = dr.verify(data, signer.certificate)
    assert verified.entries == ({"sha256": "ab" * 32, "revokedAt": "2026-11-22T00:00:00Z", "reason": "error"},)
    forged = data.replace(b"ab" * 32, b"cd" * 32)
    with pytest.raises(BadListSignature):
        dr.verify(forged, signer.certificate)
    bad = dr.document([dr.RevokedDocument("XY", now, "error")], signer, now=now)
    with pytest.raises(BadListEntry, match="sha256"):
        dr.verify(bad, signer.certificate)


def test_revision_prefixes() -> None:
    import hashlib

    from mohpromt_verifier.trust_lists.document_revocation import revision_prefix_digests

    first = b"%PDF-1.7\n...\n%%EOF\n"
    both = first + b"1 0 obj\n...\n%%EOF\r\n"
    digests = list(revision_prefix_digests(both))
    assert hashlib.sha256(first).hexdigest() in digests
    assert hashlib.sha256(both).hexdigest() == digests[0]
    assert hashlib.sha256(first[:-1]).hexdigest() in digests  # the same revision without its line end
