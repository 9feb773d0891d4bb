"""Signing a trust list first does not break CMS signing later in the same process.

asn1crypto builds its name -> OID table for CMS attribute types on first use; asn1crypto.tsp adds
names (signing_certificate_v2) on import. Our list signing used to build the table before that
import, and pyHanko, signing a PDF afterwards in the same process, then failed on the name
(found as an order-dependent failure of tests/verifier/test_pdf_verifier.py once the
dgc-testdata trust-list test ran before it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import datetime as dt
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from mohpromt_verifier.trust_lists import cms as list_cms
    from mohpromt_verifier.trust_lists.signing import ListSigner

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "list signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    signer = ListSigner(cert, lambda data: key.sign(data, ec.ECDSA(hashes.SHA256())))
    signed = list_cms.sign(b"a list", signer, signing_time=now)
    assert list_cms.verify(signed, detached_content=b"a list")
    from asn1crypto import cms
    attribute = cms.CMSAttribute({"type": "signing_certificate_v2", "values": [{"certs": []}]})
    print(attribute["type"].dotted)
""")


def test_cms_attribute_names_survive_list_signing() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1.2.840.113549.1.9.16.2.47"
