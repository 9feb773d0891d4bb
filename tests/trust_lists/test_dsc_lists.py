"""DSC lists: export -> import round trip in both shapes, and every refusal keeps the old list."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess

import pytest

from mohpromt_ca.authority.dsc import list_dscs
from mohpromt_ca.authority.trust_list_export import export
from mohpromt_verifier.formats.hcert import kid_of
from mohpromt_verifier.trust_lists import dsc_lists, two_line
from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature, ListFormatError, StaleList
from mohpromt_verifier.trust_lists.importer import default_name, import_list, sniff, verify_any

from .conftest import now


@pytest.mark.parametrize("fmt", ["gateway", "national"])
def test_round_trip(ca, anchor, cache, fmt) -> None:
    data = export(ca, fmt)
    assert sniff(data) == fmt
    result = import_list(cache, data, anchor=anchor, source=f"our-{fmt}", now=now())
    assert result.status == "stored" and result.previous is None
    view = cache.open_view(now=now())
    ours = list_dscs(ca)
    assert len(view.dscs()) == len(ours) == 2
    for dsc in ours:
        [found] = view.dsc_candidates(dsc.kid)
        der = dsc.certificate.public_bytes(__import__("cryptography").hazmat.primitives.serialization.Encoding.DER)
        assert found.der == der
        assert found.country == "TH" and found.certificate_type == "DSC" and not found.manual
        assert found.marks == ()
        assert kid_of(found.certificate) == dsc.kid
    # the same list again re-confirms it; nothing else changes
    again = import_list(cache, data, anchor=anchor, source=f"our-{fmt}", now=now())
    assert again.status == "unchanged" and again.list.digest == result.list.digest


def test_gateway_entries_are_real_cms_openssl_agrees(ca, anchor, tmp_path) -> None:
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.skip("the openssl command is not installed")
    entry = json.loads(export(ca, "gateway"))[0]
    (tmp_path / "sig.der").write_bytes(base64.b64decode(entry["signature"]))
    (tmp_path / "content.der").write_bytes(base64.b64decode(entry["rawData"]))
    (tmp_path / "root.pem").write_bytes(ca.certificate_of("root").public_bytes(
        __import__("cryptography").hazmat.primitives.serialization.Encoding.PEM))
    result = subprocess.run([openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "sig.der"),
                             "-content", str(tmp_path / "content.der"), "-CAfile", str(tmp_path / "root.pem"),
                             "-purpose", "any", "-out", "/dev/null"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_national_signature_is_der_and_raw_is_accepted(ca, anchor, signer) -> None:
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    data = export(ca, "national")
    line1, line2 = data.rstrip(b"\n").split(b"\n")
    der = base64.b64decode(line1)
    r, s = decode_dss_signature(der)  # DER on the way out
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    as_raw = base64.b64encode(raw) + b"\n" + line2 + b"\n"
    assert len(verify_any(as_raw, anchor, now=now()).entries) == 2  # r||s accepted on the way in


def test_anchor_may_be_the_ca_that_issued_the_signer(ca) -> None:
    root = ca.certificate_of("root")
    assert verify_any(export(ca, "gateway"), root, now=now()).shape == "gateway"
    with pytest.raises(BadListSignature):  # the national shape carries no certificate: pin the signer itself
        verify_any(export(ca, "national"), root, now=now())


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


def _assert_kept(cache, name, digest) -> None:  # type: ignore[no-untyped-def]
    kept = cache.get(name)
    assert kept is not None and kept.digest == digest
    assert cache.log_entries()[-1]["action"] == "refuse"


@pytest.fixture
def cached(ca, anchor, cache):  # type: ignore[no-untyped-def]
    first = import_list(cache, export(ca, "national"), anchor=anchor, source="first", now=now())
    return first.list


def test_one_changed_byte_is_refused(ca, anchor, cache, cached) -> None:
    newer = export(ca, "national", now=now() + dt.timedelta(minutes=1))
    line1, line2 = newer.split(b"\n")[:2]
    at = line2.index(b'"rawData":"') + 40  # inside the first certificate's base64
    tampered = line1 + b"\n" + _flip(line2, at) + b"\n"
    with pytest.raises(BadListSignature):
        import_list(cache, tampered, anchor=anchor, source="tampered", now=now(), name=cached.name)
    _assert_kept(cache, cached.name, cached.digest)
    gateway = export(ca, "gateway", now=now() + dt.timedelta(minutes=1))
    at = gateway.index(b'"rawData": "') + 60
    with pytest.raises((BadListEntry, BadListSignature, ListFormatError)):
        import_list(cache, _flip(gateway, at), anchor=anchor, source="tampered", now=now())
    at = gateway.index(b'"signature": "') + 300
    with pytest.raises((BadListSignature, ListFormatError)):
        import_list(cache, _flip(gateway, at), anchor=anchor, source="tampered", now=now())
    _assert_kept(cache, cached.name, cached.digest)


def test_wrong_signer_is_refused(foreign, anchor, cache, cached) -> None:
    for fmt in ("national", "gateway"):
        theirs = export(foreign, fmt, now=now() + dt.timedelta(minutes=1))
        with pytest.raises(BadListSignature):
            import_list(cache, theirs, anchor=anchor, source=f"foreign-{fmt}", now=now(), name=cached.name)
    _assert_kept(cache, cached.name, cached.digest)


def test_kid_or_thumbprint_mismatch_is_refused_even_when_signed(ca, anchor, signer, cache, cached) -> None:
    later = now() + dt.timedelta(minutes=1)
    export = __import__("mohpromt_ca.authority.trust_list_export", fromlist=["x"])
    entries = dsc_lists.make_entries(export.exported_dscs(ca, later), signer, now=later)
    other_kid = base64.b64encode(b"\x00" * 8).decode()
    for field, value in (("kid", other_kid), ("thumbprint", "00" * 32)):
        bad = [dict(e) for e in entries]
        bad[1][field] = value
        signed = two_line.sign({"certificates": bad, "timestamp": later.isoformat()}, signer)  # a valid signature
        with pytest.raises(BadListEntry, match=field):
            import_list(cache, signed, anchor=anchor, source=f"bad-{field}", now=now(), name=cached.name)
        with pytest.raises(BadListEntry, match=field):
            import_list(cache, dsc_lists.gateway_document(bad), anchor=anchor, source=f"bad-{field}", now=now())
    _assert_kept(cache, cached.name, cached.digest)


def test_older_list_is_refused_and_newer_accepted(ca, anchor, cache) -> None:
    t0 = now()
    older = export(ca, "national", now=t0 - dt.timedelta(hours=1))
    newer = export(ca, "national", now=t0)
    stored = import_list(cache, newer, anchor=anchor, source="newer", now=t0)
    with pytest.raises(StaleList, match="before the cached one"):
        import_list(cache, older, anchor=anchor, source="older", now=t0)
    _assert_kept(cache, stored.list.name, stored.list.digest)
    assert cache.get(stored.list.name).source == "newer"
    newest = export(ca, "national", now=t0 + dt.timedelta(hours=1))
    assert import_list(cache, newest, anchor=anchor, source="newest", now=t0).status == "stored"
    assert cache.get(stored.list.name).source == "newest"


def test_same_time_different_content_is_refused(ca, anchor, signer, cache) -> None:
    t0 = now()
    export = __import__("mohpromt_ca.authority.trust_list_export", fromlist=["x"])
    entries = dsc_lists.make_entries(export.exported_dscs(ca, t0), signer, now=t0)
    full = dsc_lists.national_document(entries, signer, now=t0)
    fewer = dsc_lists.national_document(entries[:1], signer, now=t0)
    stored = import_list(cache, full, anchor=anchor, source="full", now=t0)
    with pytest.raises(StaleList, match="different content"):
        import_list(cache, fewer, anchor=anchor, source="replay", now=t0)
    _assert_kept(cache, stored.list.name, stored.list.digest)


def test_default_name_is_stable_per_anchor(ca, anchor) -> None:
    a = verify_any(export(ca, "gateway"), anchor, now=now())
    b = verify_any(export(ca, "national"), anchor, now=now())
    assert default_name(a, anchor) == default_name(b, anchor)


def test_empty_gateway_list_has_nothing_to_verify(anchor, cache) -> None:
    with pytest.raises(BadListSignature):
        import_list(cache, b"[]", anchor=anchor, source="empty", now=now())
    with pytest.raises(ListFormatError):
        import_list(cache, b"garbage\x00", anchor=anchor, source="garbage", now=now())
