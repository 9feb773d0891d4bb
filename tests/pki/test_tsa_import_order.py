"""The TSA starts whatever the process did before: asn1crypto builds its name-to-OID table for
CMS attributes on first use, and a table built before asn1crypto.tsp added signingCertificateV2
never learns that name (the TSA then failed to start in such a process: our trust-list CMS code
builds the table, so a service that signed a list first could not start its TSA)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

SCRIPT = textwrap.dedent('''
    import sys
    from asn1crypto import cms
    cms.CMSAttributeType.unmap("content_type")   # the table is built now, before asn1crypto.tsp is imported
    from asn1crypto import tsp                   # which adds signingCertificateV2 to the names, not the table
    assert "signing_certificate_v2" not in cms.CMSAttributeType._reverse_map
    from pathlib import Path
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.authority.tsa import TimeStampAuthority
    from mohpromt_ca.config import Settings

    settings = Settings(data_dir=Path(sys.argv[1]), key_passphrase=sys.argv[2], database_url=None)
    authority = Authority.open(settings)
    initialise(authority, organisation="Ministry of Public Health", country="TH")
    query = tsp.TimeStampReq({"version": 1, "message_imprint": {
        "hash_algorithm": {"algorithm": "sha256"}, "hashed_message": bytes(32)}, "cert_req": True})
    answer = TimeStampAuthority(authority).respond(query.dump())
    response = tsp.TimeStampResp.load(answer.der)
    signer_info = response["time_stamp_token"]["content"]["signer_infos"][0]
    print(response["status"]["status"].native,
          [a["type"].dotted for a in signer_info["signed_attrs"]])
''')


def test_tsa_starts_after_asn1crypto_built_its_attribute_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data"), TEST_PASSPHRASE],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("granted") and "1.2.840.113549.1.9.16.2.47" in result.stdout
