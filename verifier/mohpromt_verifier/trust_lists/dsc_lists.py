"""DCC signer lists: the EU gateway's JSON and the national two-line shape.

An entry (both shapes) is ``{kid, country, certificateType, thumbprint, timestamp,
rawData, signature}``: kid = base64 of the first 8 bytes of SHA-256(rawData), thumbprint
= hex SHA-256(rawData), rawData = base64 DER, signature = base64 detached CMS over the
DER by the uploader (the gateway) or by us (our export).

Verification (``verify_list``) accepts a list only if
* gateway shape: every entry's CMS signature verifies and its signer is the pinned anchor
  or issued by it (the gateway's array has no list-level signature, so each entry must
  carry one);
* national shape: line 1 verifies over line 2 with the anchor's key;
* every entry: rawData is a certificate, thumbprint and kid match it.

Freshness (judged by the cache): the list's own ``timestamp`` (our national lists carry
one next to ``certificates``), else the newest entry timestamp.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from mohpromt_verifier.trust_lists import cms, two_line
from mohpromt_verifier.trust_lists.errors import BadListEntry, BadListSignature, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner, check_signer_against_anchor, der_of

CERTIFICATE_TYPES = ("DSC", "CSCA", "UPLOAD", "AUTHENTICATION")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class ListedCertificate:
    """A certificate to publish: the DER and who it belongs to."""

    certificate: x509.Certificate
    country: str
    certificate_type: str = "DSC"


def kid_b64(der: bytes) -> str:
    return base64.b64encode(hashlib.sha256(der).digest()[:8]).decode()


def make_entries(certificates: Iterable[ListedCertificate], signer: ListSigner, *,
                 now: dt.datetime) -> list[dict[str, Any]]:
    """Gateway entries, each with a detached CMS signature over its DER by ``signer``."""
    entries = []
    for item in certificates:
        der = der_of(item.certificate)
        entries.append({
            "kid": kid_b64(der),
            "timestamp": iso(now),
            "country": item.country,
            "certificateType": item.certificate_type,
            "thumbprint": hashlib.sha256(der).hexdigest(),
            "signature": base64.b64encode(cms.sign(der, signer, signing_time=now)).decode(),
            "rawData": base64.b64encode(der).decode(),
        })
    return entries


def gateway_document(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(entries, indent=1, ensure_ascii=False).encode() + b"\n"


def national_document(entries: list[dict[str, Any]], signer: ListSigner, *, now: dt.datetime) -> bytes:
    return two_line.sign({"certificates": entries, "timestamp": iso(now)}, signer)


def check_entry(entry: Any, index: int) -> dict[str, Any]:
    """The entry's fields checked against its rawData; a normalised copy."""
    where = f"entry {index}"
    if not isinstance(entry, dict):
        raise ListFormatError(f"{where} is not a JSON object")
    for name in ("kid", "country", "certificateType", "thumbprint", "rawData"):
        if not isinstance(entry.get(name), str):
            raise ListFormatError(f"{where} has no {name}")
    try:
        der = base64.b64decode(entry["rawData"], validate=True)
    except (binascii.Error, ValueError):
        raise BadListEntry(f"{where}: rawData is not base64") from None
    try:
        x509.load_der_x509_certificate(der)
    except ValueError:
        raise BadListEntry(f"{where}: rawData is not an X.509 certificate") from None
    digest = hashlib.sha256(der).digest()
    if entry["thumbprint"].strip().lower() != digest.hex():
        raise BadListEntry(f"{where} (kid {entry['kid']}): the thumbprint does not match its certificate")
    try:
        kid = base64.b64decode(entry["kid"], validate=True)
    except (binascii.Error, ValueError):
        raise BadListEntry(f"{where}: kid is not base64") from None
    if kid != digest[:8]:
        raise BadListEntry(f"{where} (kid {entry['kid']}): the kid does not match its certificate "
                           f"(expected {base64.b64encode(digest[:8]).decode()})")
    country = entry["country"].strip().upper()
    if not _COUNTRY.match(country):
        raise BadListEntry(f"{where}: country {entry['country'][:8]!r} is not an ISO 3166 alpha-2 code")
    timestamp = entry.get("timestamp")
    if timestamp is not None:
        parse_time(timestamp, what=f"{where} timestamp")
    normal = {
        "kid": entry["kid"],
        "country": country,
        "certificateType": entry["certificateType"],
        "thumbprint": digest.hex(),
        "timestamp": timestamp,
        "rawData": base64.b64encode(der).decode(),
    }
    if isinstance(entry.get("signature"), str):
        normal["signature"] = entry["signature"]
    return normal


def _newest(entries: list[dict[str, Any]]) -> dt.datetime:
    times = [parse_time(e["timestamp"], what="entry timestamp") for e in entries if e.get("timestamp")]
    if not times:
        raise ListFormatError("the list has no timestamp to judge its freshness by")
    return max(times)


def verify_gateway(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    try:
        items = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ListFormatError("the gateway list is not JSON") from None
    if not isinstance(items, list):
        raise ListFormatError("a gateway list is a JSON array")
    if not items:
        raise BadListSignature("an empty gateway list carries no signature to verify")
    entries = []
    signer = None
    for index, item in enumerate(items):
        entry = check_entry(item, index)
        if "signature" not in entry:
            raise BadListSignature(f"entry {index} (kid {entry['kid']}) has no signature")
        try:
            signature = base64.b64decode(entry["signature"], validate=True)
        except (binascii.Error, ValueError):
            raise BadListSignature(f"entry {index}: signature is not base64") from None
        what = f"the signature of entry {index} (kid {entry['kid']})"
        verified = cms.verify(signature, detached_content=base64.b64decode(entry["rawData"]), what=what)
        check_signer_against_anchor(verified.signer, anchor, what=what)
        signer = verified.signer
        entries.append(entry)
    return VerifiedList(kind="dsc", shape="gateway", issued_at=_newest(entries), entries=tuple(entries),
                        signer=signer)


def verify_national(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    payload = two_line.verify(data, anchor)
    items = payload.get("certificates")
    if not isinstance(items, list):
        raise ListFormatError("line 2 of a national list has no certificates array")
    entries = [check_entry(item, index) for index, item in enumerate(items)]
    if isinstance(payload.get("timestamp"), str):
        issued_at = parse_time(payload["timestamp"], what="the list timestamp")
    else:
        issued_at = _newest(entries)
    return VerifiedList(kind="dsc", shape="national", issued_at=issued_at, entries=tuple(entries), signer=anchor)


def entry_for_certificate(certificate: x509.Certificate, *, country: str, certificate_type: str = "DSC",
                          now: dt.datetime) -> dict[str, Any]:
    """An unsigned entry (for a DSC an operator pins by hand)."""
    der = der_of(certificate)
    return check_entry({"kid": kid_b64(der), "country": country, "certificateType": certificate_type,
                        "thumbprint": hashlib.sha256(der).hexdigest(), "timestamp": iso(now),
                        "rawData": base64.b64encode(der).decode()}, 0)


def country_of(certificate: x509.Certificate, default: str = "XX") -> str:
    values = certificate.subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)
    value = str(values[0].value).upper() if values else default
    return value if _COUNTRY.match(value) else default
