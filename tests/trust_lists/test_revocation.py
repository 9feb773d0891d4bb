"""DCC revocation lists: hashes against worked examples computed here by hand, batching,
our `dcc revoke` flow (register + audit, both databases), others' CMS batches."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest

from mohpromt_verifier.trust_lists import revocation
from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature
from mohpromt_verifier.trust_lists.importer import import_list, sniff

from .conftest import now

UCI = "URN:UVCI:01:TH:MP7QXK2H4N9R3T#X"
# ES256: r || s, 64 bytes; PS256: 384 bytes for RSA-3072
ES256_SIGNATURE = bytes(range(64))
PS256_SIGNATURE = bytes((i * 7) % 256 for i in range(384))


def test_hashes_match_worked_examples() -> None:
    # worked out independently: the first 16 bytes of SHA-256, as in the gateway code
    assert revocation.uci_hash(UCI) == hashlib.sha256(UCI.encode()).digest()[:16]
    assert base64.b64encode(revocation.uci_hash("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B")).decode() == \
        base64.b64encode(hashlib.sha256(b"URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B").digest()[:16]).decode()
    assert revocation.country_uci_hash("TH", UCI) == hashlib.sha256(b"TH" + UCI.encode()).digest()[:16]
    # ES256: r only (the first 32 bytes), so a malleated s (n - s) gives the same hash
    assert revocation.signature_hash(ES256_SIGNATURE, -7) == hashlib.sha256(bytes(range(32))).digest()[:16]
    malleated = ES256_SIGNATURE[:32] + bytes(32)
    assert revocation.signature_hash(malleated, -7) == revocation.signature_hash(ES256_SIGNATURE, -7)
    assert revocation.signature_hash(PS256_SIGNATURE, -37) == hashlib.sha256(PS256_SIGNATURE).digest()[:16]
    # a fixed value, so a change of rule shows: SHA-256("") starts e3b0c442 98fc1c14 9afbf4c8 996fb924
    assert revocation.uci_hash("").hex() == "e3b0c44298fc1c149afbf4c8996fb924"
    with pytest.raises(ValueError):
        revocation.signature_hash(bytes(63), -7)


def test_batches_group_by_kid_and_type_at_most_1000() -> None:
    kid_a, kid_b = base64.b64encode(b"A" * 8).decode(), base64.b64encode(b"B" * 8).decode()
    revoked = [revocation.RevokedDcc(kid_a if i < 2500 else kid_b, revocation.uci_hash(f"U{i}"),
                                     revocation.country_uci_hash("TH", f"U{i}"),
                                     revocation.signature_hash(hashlib.sha512(str(i).encode()).digest(), -7)
                                     if i % 2 else None) for i in range(2600)]
    until = now() + dt.timedelta(days=365)
    batches = revocation.make_batches(revoked, country="TH", expires=until)
    assert all(len(b["entries"]) <= 1000 for b in batches)
    counts: dict[tuple[str, str], int] = {}
    for batch in batches:
        key = (batch["kid"], batch["hashType"])
        counts[key] = counts.get(key, 0) + len(batch["entries"])
        assert revocation.check_batch(batch, 0) == batch
    assert counts == {(kid_a, "UCI"): 2500, (kid_a, "COUNTRYCODEUCI"): 2500, (kid_a, "SIGNATURE"): 1250,
                      (kid_b, "UCI"): 100, (kid_b, "COUNTRYCODEUCI"): 100, (kid_b, "SIGNATURE"): 50}
    assert len([b for b in batches if b["kid"] == kid_a and b["hashType"] == "UCI"]) == 3
    too_big = dict(batches[0], entries=batches[0]["entries"] * 2)
    with pytest.raises(BadListEntry, match="at most 1000"):
        revocation.check_batch(too_big, 0)


def test_dcc_revoke_publish_import_and_match(authority, tmp_path) -> None:
    """Issue a DCC, revoke it (with its HC1 text), export our list, import it, find it."""
    from sqlalchemy import select

    from mohpromt_ca.authority.dcc_revocation import list_dcc_revocations, revoke_dcc
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.trust_list_export import export
    from mohpromt_ca.authority.trust_list_signer import trust_list_key
    from mohpromt_ca.errors import InputError, NotFound, StateError
    from mohpromt_ca.issuer.dcc.service import issue_dcc
    from mohpromt_ca.storage.models import AuditEntry
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.trust_lists.cache import TrustListCache

    issue_dsc(authority)
    vaccination = {
        "holder": {"family_name": "ใจดี", "given_name": "สมชาย", "family_name_latin": "Jaidee",
                   "given_name_latin": "Somchai", "date_of_birth": "1985-04-12", "sex": "male"},
        "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                        "dose_number": 2, "total_doses": 2, "date": "2021-08-30", "lot": "FF1234"},
    }
    revoked_one = issue_dcc(authority, vaccination, dcc_type="vaccination")
    other = issue_dcc(authority, vaccination, dcc_type="vaccination")
    with pytest.raises(InputError):
        revoke_dcc(authority, revoked_one.uvci, hc1=other.hc1)  # not the text issued under that UVCI
    info = revoke_dcc(authority, revoked_one.uvci, reason="error", hc1=revoked_one.hc1)
    with pytest.raises(StateError):
        revoke_dcc(authority, revoked_one.uvci)
    with pytest.raises(NotFound):
        revoke_dcc(authority, "URN:UVCI:01:TH:NOTOURS")
    assert [r.uvci for r in list_dcc_revocations(authority)] == [revoked_one.uvci]

    decoded = decode_hc1(revoked_one.hc1)
    ci = decoded.claims.dcc["v"][0]["ci"]
    assert info.uci_hash == base64.b64encode(hashlib.sha256(ci.encode()).digest()[:16]).decode()
    assert info.country_uci_hash == base64.b64encode(hashlib.sha256(b"TH" + ci.encode()).digest()[:16]).decode()
    assert info.signature_hash == base64.b64encode(hashlib.sha256(decoded.cose.signature[:32]).digest()[:16]).decode()
    assert info.kid == base64.b64encode(decoded.kid).decode()
    with authority.register.reading() as session:
        entry = session.execute(select(AuditEntry).where(AuditEntry.action == "dcc.revoke")).scalar_one()
        assert entry.target == f"dcc:{ci}" and "Jaidee" not in entry.details and "1985" not in entry.details

    data = export(authority, "revocation")
    assert sniff(data) == "revocation"
    cache = TrustListCache(tmp_path / "cache")
    import_list(cache, data, anchor=trust_list_key(authority).certificate, source="ours", now=now())
    view = cache.open_view(now=now())
    iss = decoded.claims.issuer if hasattr(decoded.claims, "issuer") else "TH"
    found = view.revocation.lookup(kid=decoded.kid, uci=ci, countries=[iss or "TH"],
                                   signature=decoded.cose.signature, alg=decoded.cose.alg)
    assert found is not None and found.hash_type == "SIGNATURE"
    assert view.revocation.lookup(kid=decoded.kid, uci=ci).hash_type == "UCI"
    other_decoded = decode_hc1(other.hc1)
    assert view.revocation.lookup(kid=other_decoded.kid, uci=other_decoded.claims.dcc["v"][0]["ci"],
                                  countries=["TH"], signature=other_decoded.cose.signature,
                                  alg=other_decoded.cose.alg) is None


def test_import_a_foreign_gateway_batch(foreign, anchor, cache) -> None:
    from mohpromt_ca.authority.trust_list_signer import list_signer

    their_signer = list_signer(foreign)
    kid = base64.b64encode(b"\x01\x02\x03\x04\x05\x06\x07\x08").decode()
    uci = "URN:UVCI:01:NL:PLA8UWS60Z4RZXVALL6GAZ"
    batch = revocation.make_batches([revocation.RevokedDcc(kid, revocation.uci_hash(uci),
                                                           revocation.country_uci_hash("NL", uci))],
                                    country="NL", expires=now() + dt.timedelta(days=30))
    cms_batch = revocation.gateway_batch(batch[0], their_signer, now=now())
    assert sniff(cms_batch) == "revocation-cms"
    with pytest.raises(BadListSignature):  # pinned to our signer: refused
        import_list(cache, cms_batch, anchor=anchor, source="nl", now=now())
    stored = import_list(cache, cms_batch, anchor=their_signer.certificate, source="nl", now=now())
    assert stored.list.kind == "revocation" and stored.list.shape == "revocation-cms"
    second = revocation.gateway_batch(batch[1], their_signer, now=now())
    assert import_list(cache, second, anchor=their_signer.certificate, source="nl", now=now()).list.name != \
        stored.list.name  # each batch is kept under its own name
    view = cache.open_view(now=now())
    kid_bytes = base64.b64decode(kid)
    assert view.revocation.lookup(kid=kid_bytes, uci=uci).hash_type == "UCI"
    assert view.revocation.lookup(kid=kid_bytes, uci="x", countries=["NL"]) is None
    assert view.revocation.lookup(kid=kid_bytes, uci=uci, countries=["XX", "NL"]) is not None
    # an expired batch no longer counts (the DCCs it named have expired)
    later = cache.open_view(now=now() + dt.timedelta(days=31), allow_expired=True)
    assert later.revocation.lookup(kid=kid_bytes, uci=uci) is None
    # tampered content inside the CMS: refused
    raw = bytearray(base64.b64decode(cms_batch))
    at = bytes(raw).index(b'"hashType"')
    raw[at + 2] ^= 0x01
    with pytest.raises(BadListSignature):
        import_list(cache, base64.b64encode(bytes(raw)), anchor=their_signer.certificate, source="nl", now=now())
    assert json.loads(json.dumps(stored.list.entries[0]))["country"] == "NL"
