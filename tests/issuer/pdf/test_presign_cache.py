"""B-LT validation data is validated once per signer chain and reused only while every input is
unchanged and valid: never past the OCSP response's nextUpdate, never for a revoked signer."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.issuer.pdf.conftest import data_for, root_asn1, validate_embedded


def _dss_ocsps(pdf: bytes) -> list[bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    dss = DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(pdf)))
    return sorted(ref.get_object().data for ref in dss.ocsps)


def _ocsp_times(der: bytes) -> tuple[dt.datetime, dt.datetime]:
    from asn1crypto import ocsp

    single = ocsp.OCSPResponse.load(der).basic_ocsp_response["tbs_response_data"]["responses"][0]
    return single["this_update"].native, single["next_update"].native


def test_cached_validation_data_expires_with_the_ocsp_response_and_a_revoked_signer_is_refused(
        authority, approved_facility, physician, issuer) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.revocation import revoke
    from mohpromt_ca.authority.signer_keys import SignerUnavailable
    from mohpromt_ca.clock import FixedClock

    clock = FixedClock(dt.datetime.now(dt.UTC))
    authority.clock = clock
    signer_id = physician.signer.id

    def issue(number: str) -> bytes:
        data = data_for("general-health", approved_facility, "ว.12345", number=number)
        return issuer.issue("general-health", data, signer_id=signer_id, level="B-LT").pdf

    cache = issuer.signing._presign
    first = issue("GH-PRESIGN-1")
    assert (cache.hits, cache.misses, len(cache)) == (0, 1, 1)
    second = issue("GH-PRESIGN-2")
    assert cache.hits == 1  # the same chains, the same OCSP response and CRLs: validated once
    assert _dss_ocsps(first) == _dss_ocsps(second)
    status, _reader = validate_embedded(second, root_asn1(authority))
    assert status.bottom_line

    # one second past the OCSP response's nextUpdate: the entry is not used, the data is new
    [ocsp_der] = _dss_ocsps(first)
    _this_update, next_update = _ocsp_times(ocsp_der)
    clock.advance(next_update - clock.now() + dt.timedelta(seconds=1))
    third = issue("GH-PRESIGN-3")
    assert (cache.hits, cache.misses) == (1, 2)
    [fresh] = _dss_ocsps(third)
    assert fresh != ocsp_der
    assert _ocsp_times(fresh)[0] >= next_update

    # a revoked signer is refused by the register before any cached data could be used
    revoke(authority, physician.certificate.serial_number, "keyCompromise")
    with pytest.raises(SignerUnavailable, match="revoked"):
        issue("GH-PRESIGN-4")
    assert cache.hits == 1


def test_an_entry_is_only_used_with_the_same_revocation_objects_and_inside_its_validity(
        authority, approved_facility, physician, issuer) -> None:  # type: ignore[no-untyped-def]
    from mohpromt_ca.issuer.pdf.presign_cache import PresignCache

    data = data_for("general-health", approved_facility, "ว.12345", number="GH-PRESIGN-10")
    issuer.issue("general-health", data, signer_id=physician.signer.id, level="B-LT")
    [(key, entry)] = issuer.signing._presign._entries.items()
    cache = PresignCache()
    now = entry.validated_at
    assert cache.put(key, entry.status, ocsps=entry.ocsps, crls=entry.crls, now=now)
    assert cache.get(key, ocsps=entry.ocsps, crls=entry.crls, now=now) is entry.status
    # the same bytes in a new object are a refetch: validated afresh
    from asn1crypto import ocsp

    copies = tuple(ocsp.OCSPResponse.load(r.dump()) for r in entry.ocsps)
    assert cache.get(key, ocsps=copies, crls=entry.crls, now=now) is None
    assert cache.put(key, entry.status, ocsps=entry.ocsps, crls=entry.crls, now=now)
    assert cache.get(key, ocsps=entry.ocsps, crls=entry.crls, now=entry.valid_until) is None
    assert cache.put(key, entry.status, ocsps=entry.ocsps, crls=entry.crls, now=now)
    assert cache.get(key, ocsps=entry.ocsps, crls=entry.crls, now=now - dt.timedelta(seconds=1)) is None
    # nothing is kept that is already past its validity
    assert not cache.put(key, entry.status, ocsps=entry.ocsps, crls=entry.crls, now=entry.valid_until)
