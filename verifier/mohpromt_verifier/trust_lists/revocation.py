"""DCC revocation lists in the EU scheme (from the gateway code; see HCERT-NOTES).

Each revoked DCC is listed as the base64 of the first 16 bytes of SHA-256 of one of:

* ``UCI``             the UCI (the ``ci`` field, exactly as in the certificate, UTF-8);
* ``COUNTRYCODEUCI``  the issuing country code followed by the UCI. Which country code is
  unconfirmed upstream (CWT ``iss`` or the DCC's ``co``); we write ours with ``TH``, where
  both agree, and a verifier checks both codes when they differ;
* ``SIGNATURE``       the COSE signature: for ES256 only r (the first 32 bytes), which
  defeats ECDSA malleability (s and n - s both verify); for PS256 the whole signature.

Hashes are grouped by the kid of the DSC that signed the DCCs, one hash type per batch,
at most 1000 entries per batch: ``{"country", "expires", "kid", "hashType", "entries":
[{"hash"}]}``. Exchange forms: ours is the national two-line shape with ``{"batches":
[...], "timestamp"}`` signed by the trust-list key; a gateway batch is CMS SignedData with
the batch JSON encapsulated (DER, or its base64 text), signed by the uploader.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from mohpromt_verifier.trust_lists import cms, two_line
from mohpromt_verifier.trust_lists.errors import BadListEntry, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner, check_signer_against_anchor

HASH_TYPES = ("SIGNATURE", "UCI", "COUNTRYCODEUCI")
MAX_BATCH = 1000
ES256 = -7
PS256 = -37
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _h16(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:16]


def uci_hash(uci: str) -> bytes:
    return _h16(uci.encode("utf-8"))


def country_uci_hash(country: str, uci: str) -> bytes:
    return _h16((country + uci).encode("utf-8"))


def signature_hash(signature: bytes, alg: int) -> bytes:
    if alg == ES256:
        if len(signature) != 64:
            raise ValueError("an ES256 COSE signature is 64 bytes (r || s)")
        return _h16(signature[:32])
    if alg == PS256:
        return _h16(signature)
    raise ValueError(f"no revocation hash is defined for COSE algorithm {alg}")


@dataclass(frozen=True)
class RevokedDcc:
    """One of our revoked DCCs as the list needs it (no health data)."""

    kid: str
    """base64 kid of the DSC that signed it"""
    uci_hash: bytes
    country_uci_hash: bytes
    signature_hash: bytes | None = None


def make_batches(revoked: Iterable[RevokedDcc], *, country: str, expires: dt.datetime | Mapping[str, dt.datetime],
                 size: int = MAX_BATCH) -> list[dict[str, Any]]:
    """Group by DSC kid and hash type; at most ``size`` (<= 1000) hashes per batch.

    ``expires`` is one time, or one per kid (the DSC's notAfter: no DCC it signed outlives it)."""
    if not 1 <= size <= MAX_BATCH:
        raise ValueError(f"a batch holds 1 to {MAX_BATCH} entries")
    grouped: dict[tuple[str, str], list[bytes]] = {}
    for item in revoked:
        grouped.setdefault((item.kid, "UCI"), []).append(item.uci_hash)
        grouped.setdefault((item.kid, "COUNTRYCODEUCI"), []).append(item.country_uci_hash)
        if item.signature_hash is not None:
            grouped.setdefault((item.kid, "SIGNATURE"), []).append(item.signature_hash)
    batches = []
    for (kid, hash_type), hashes in sorted(grouped.items()):
        unique = sorted(set(hashes))
        for start in range(0, len(unique), size):
            until = expires if isinstance(expires, dt.datetime) else expires[kid]
            batches.append({"country": country, "expires": iso(until), "kid": kid, "hashType": hash_type,
                            "entries": [{"hash": base64.b64encode(h).decode()} for h in unique[start:start + size]]})
    return batches


def national_document(batches: list[dict[str, Any]], signer: ListSigner, *, now: dt.datetime) -> bytes:
    return two_line.sign({"batches": batches, "timestamp": iso(now)}, signer)


def gateway_batch(batch: dict[str, Any], signer: ListSigner, *, now: dt.datetime) -> bytes:
    """One batch as the gateway exchanges it: base64 text of CMS with the JSON inside."""
    content = json.dumps(batch, separators=(",", ":")).encode()
    return base64.b64encode(cms.sign(content, signer, signing_time=now, detached=False)) + b"\n"


def check_batch(batch: Any, index: int) -> dict[str, Any]:
    where = f"batch {index}"
    if not isinstance(batch, dict):
        raise ListFormatError(f"{where} is not a JSON object")
    country = batch.get("country")
    if not isinstance(country, str) or not _COUNTRY.match(country):
        raise BadListEntry(f"{where}: country is not an ISO 3166 alpha-2 code")
    hash_type = batch.get("hashType")
    if hash_type not in HASH_TYPES:
        raise BadListEntry(f"{where}: hashType {str(hash_type)[:20]!r} is not one of {', '.join(HASH_TYPES)}")
    kid = batch.get("kid")
    if not isinstance(kid, str):
        raise BadListEntry(f"{where}: no kid")
    expires = parse_time(batch.get("expires"), what=f"{where} expires")
    items = batch.get("entries")
    if not isinstance(items, list):
        raise ListFormatError(f"{where} has no entries array")
    if len(items) > MAX_BATCH:
        raise BadListEntry(f"{where} has {len(items)} entries; a batch holds at most {MAX_BATCH}")
    hashes = []
    for position, item in enumerate(items):
        value = item.get("hash") if isinstance(item, dict) else None
        try:
            raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 16:
            raise BadListEntry(f"{where} entry {position}: a hash is base64 of 16 bytes")
        hashes.append(base64.b64encode(raw).decode())
    return {"country": country, "expires": iso(expires), "kid": kid, "hashType": hash_type,
            "entries": [{"hash": h} for h in hashes]}


def verify_national(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    payload = two_line.verify(data, anchor, what="the revocation list")
    items = payload.get("batches")
    if not isinstance(items, list):
        raise ListFormatError("line 2 of a revocation list has no batches array")
    batches = [check_batch(item, index) for index, item in enumerate(items)]
    issued_at = parse_time(payload.get("timestamp"), what="the revocation list timestamp")
    return VerifiedList(kind="revocation", shape="revocation", issued_at=issued_at, entries=tuple(batches),
                        signer=anchor)


def looks_like_cms(data: bytes) -> bool:
    stripped = data.strip()
    return stripped[:1] == b"\x30" or stripped[:2] == b"MI"  # DER SEQUENCE, or its base64


def verify_gateway_batch(data: bytes, anchor: x509.Certificate, *, now: dt.datetime) -> VerifiedList:
    raw = data.strip()
    if raw[:1] != b"\x30":
        try:
            raw = base64.b64decode(raw, validate=False)
        except (binascii.Error, ValueError):
            raise ListFormatError("a gateway revocation batch is CMS (DER or base64)") from None
    verified = cms.verify(raw, what="the revocation batch")
    check_signer_against_anchor(verified.signer, anchor, what="the revocation batch")
    try:
        batch = json.loads(verified.content)
    except (ValueError, UnicodeDecodeError):
        raise ListFormatError("the revocation batch's content is not JSON") from None
    checked = check_batch(batch, 0)
    issued_at = verified.signing_time or now
    return VerifiedList(kind="revocation", shape="revocation-cms", issued_at=issued_at, entries=(checked,),
                        signer=verified.signer)


@dataclass(frozen=True)
class RevocationMatch:
    hash_type: str
    kid: str
    country: str
    list_name: str


@dataclass
class RevocationIndex:
    """Lookup of (kid, hash type, hash) over every cached batch that has not expired."""

    _by_key: dict[tuple[str, str, str], RevocationMatch] = field(default_factory=dict)

    def add(self, batches: Iterable[dict[str, Any]], *, list_name: str, now: dt.datetime) -> None:
        for batch in batches:
            if parse_time(batch["expires"], what="expires") < now:
                continue  # the DCCs it names have expired; the gateway deletes such batches
            match = RevocationMatch(batch["hashType"], batch["kid"], batch["country"], list_name)
            for item in batch["entries"]:
                self._by_key[(batch["kid"], batch["hashType"], item["hash"])] = match

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, *, kid: bytes, uci: str | None = None, countries: Iterable[str] = (),
               signature: bytes | None = None, alg: int | None = None) -> RevocationMatch | None:
        kid_text = base64.b64encode(kid).decode()
        for hash_type, value in _candidate_hashes(uci, countries, signature, alg):
            found = self._by_key.get((kid_text, hash_type, base64.b64encode(value).decode()))
            if found is not None:
                return found
        return None


def _candidate_hashes(uci: str | None, countries: Iterable[str], signature: bytes | None,
                      alg: int | None) -> Iterator[tuple[str, bytes]]:
    if signature is not None and alg is not None:
        try:
            yield "SIGNATURE", signature_hash(signature, alg)
        except ValueError:
            pass
    if uci:
        yield "UCI", uci_hash(uci)
        for country in dict.fromkeys(c for c in countries if c):
            yield "COUNTRYCODEUCI", country_uci_hash(country, uci)
