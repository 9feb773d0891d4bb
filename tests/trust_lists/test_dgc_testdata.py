"""The DSCs of the dgc-testdata files load as a trust list, and each HC1 whose file
expects its signature to verify does so with the candidates the cache gives for its kid
(formats/hcert verify_signature), and the verifier reading the same cache agrees."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.clock import FixedClock
from mohpromt_verifier.formats.hcert import decode_hc1, verify_signature
from mohpromt_verifier.formats.hcert.errors import HcertError
from mohpromt_verifier.trust_lists import dsc_lists
from mohpromt_verifier.trust_lists.importer import import_list
from mohpromt_verifier.verifier.hcert_verifier import HcertVerification, at_time, verify_hc1
from mohpromt_verifier.verifier.trust_cache import CachedTrust
from tests.dgc_cases import dgc_files, known_issue_rows  # type: ignore[import-not-found]

from .conftest import now

# Ours, as in tests/formats: alg only in the unprotected header is refused (HCERT-NOTES).
DEVIATIONS = {"common/2DCode/raw/CO20.json"}
# "Signed with a recovery DSC; TESTCTX.CERTIFICATE includes a vaccination DSC": the file
# expects failure against its own certificate, but the recovery DSC that really signed it is
# in the list (from the PL recovery files), so a trust list rightly finds it by kid.
SIGNED_BY_ANOTHER_LISTED_DSC = {f"PL/{v}/2DCode/raw/6.json" for v in ("1.0.0", "1.2.1", "1.3.0")}


def _files() -> dict[str, Path]:
    """Relative path -> file: the vendored copy, plus the cases only ../shared holds."""
    return dgc_files()


def _known_verify_issues() -> set[str]:
    return {row["country"] for row in known_issue_rows() if row["test_name"] == "test_verification_check"}


def _expected(data: dict) -> dict:  # type: ignore[type-arg]
    expected = data.get("EXPECTEDRESULTS") or {}
    return expected.get("EXPECTEDRESULTS", expected) if isinstance(expected, dict) else {}


def test_testdata_dscs_load_as_a_trust_list_and_drive_verification(ca, signer, anchor, cache) -> None:
    files = _files()
    listed: dict[bytes, dsc_lists.ListedCertificate] = {}
    cases = []
    for rel, path in files.items():
        data = json.loads(path.read_text("utf-8"))
        context = data.get("TESTCTX") or {}
        raw = context.get("CERTIFICATE")
        if not raw or "PREFIX" not in data:
            continue
        der = base64.b64decode(raw)
        certificate = x509.load_der_x509_certificate(der)
        folder = rel.split("/")[0]
        country = folder if len(folder) == 2 else dsc_lists.country_of(certificate)
        listed.setdefault(der, dsc_lists.ListedCertificate(certificate, country, "DSC"))
        cases.append((rel, data))
    assert len(listed) >= 40 and len(cases) >= 120

    # re-signed by us as a national list, as Germany re-publishes the gateway's DSCs
    at = now()
    document = dsc_lists.national_document(dsc_lists.make_entries(listed.values(), signer, now=at), signer, now=at)
    result = import_list(cache, document, anchor=anchor, source="dgc-testdata", now=at)
    assert len(result.list.entries) == len(listed)
    view = cache.open_view(now=at)
    assert len(view.dscs()) == len(listed)

    known = _known_verify_issues()
    tally = {"pass": 0, "fail-as-expected": 0, "skipped": 0}
    mismatches = []
    for rel, data in cases:
        expected = _expected(data).get("EXPECTEDVERIFY")
        if expected is None:
            continue
        if rel in DEVIATIONS or rel.split("/")[0] in known:
            tally["skipped"] += 1
            continue
        try:
            decoded = decode_hc1(data["PREFIX"])
            kid = decoded.kid
            candidates = [c.certificate for c in view.dsc_candidates(kid)] if kid else []
            match = verify_signature(decoded, candidates)
            verified = True
            if rel in SIGNED_BY_ANOTHER_LISTED_DSC:
                own = base64.b64decode(data["TESTCTX"]["CERTIFICATE"])
                assert match.candidate.public_bytes(Encoding.DER) != own
                tally["signed-by-another-listed-dsc"] = tally.get("signed-by-another-listed-dsc", 0) + 1
                continue
        except HcertError:
            verified = False
        if verified != expected:
            mismatches.append((rel, expected, verified))
        # The verifier itself, reading the same cache view, reaches the same signature verdict.
        clock = FixedClock(at_time(data["TESTCTX"]["VALIDATIONCLOCK"]))
        report = verify_hc1(data["PREFIX"], HcertVerification(trust=CachedTrust(view), clock=clock, rules=None))
        signature = next((c for c in report.checks if c.name == "signature"), None)
        if (signature is not None and signature.outcome == "pass") != verified:
            mismatches.append((rel, "verifier", signature.outcome if signature else "not decoded"))
        tally["pass" if verified else "fail-as-expected"] += 1
    assert not mismatches, mismatches
    assert tally["pass"] >= 80, tally
    print(f"dgc-testdata via the trust-list cache: {tally}")
