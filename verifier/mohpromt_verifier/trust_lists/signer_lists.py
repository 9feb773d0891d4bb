"""The document signers' certificates, as a list an offline verifier can import.

The verification QR printed on every PDF (``MPC1:``) is signed by the doctor's own key, and
its COSE kid is the first 8 bytes of SHA-256 of the doctor's certificate. A border post has
no file per doctor, so the issuer publishes every signer certificate that may sign now in the
national two-line shape, signed by the trust-list key (the same signer as the DSC and
revocation lists)::

    <base64 signature over line 2>
    {"documentSigners":[{"kid","country","certificateType":"SIGNER","thumbprint","timestamp","rawData"}],
     "timestamp":"...Z"}

A revoked (or expired) signer is left out, so after the updated list is imported the QRs it
signed no longer find their signer. Being listed is not the whole check: the verifier still
chains the certificate to the PDF anchors (root and document-signing CA) it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cryptography import x509

from mohpromt_verifier.trust_lists import two_line
from mohpromt_verifier.trust_lists.dsc_lists import check_entry, country_of, entry_for_certificate
from mohpromt_verifier.trust_lists.errors import BadListEntry, ListFormatError
from mohpromt_verifier.trust_lists.model import VerifiedList, iso, parse_time
from mohpromt_verifier.trust_lists.signing import ListSigner

KEY = "documentSigners"
CERTIFICATE_TYPE = "SIGNER"
MAX_ENTRIES = 200_000


def document(certificates: Iterable[x509.Certificate], signer: ListSigner, *, now: dt.datetime,
             country: str = "TH") -> bytes:
    entries = [entry_for_certificate(c, country=country_of(c, country), certificate_type=CERTIFICATE_TYPE, now=now)
               for c in certificates]
    entries.sort(key=lambda e: e["thumbprint"])
    return two_line.sign({KEY: entries, "timestamp": iso(now)}, signer)


def verify(data: bytes, anchor: x509.Certificate) -> VerifiedList:
    payload = two_line.verify(data, anchor, what="the document signers list")
    items = payload.get(KEY)
    if not isinstance(items, list):
        raise ListFormatError(f"line 2 of a document signers list has no {KEY} array")
    if len(items) > MAX_ENTRIES:
        raise BadListEntry(f"the document signers list has {len(items)} entries; at most {MAX_ENTRIES}")
    entries = tuple(check_entry(item, index) for index, item in enumerate(items))
    for index, entry in enumerate(entries):
        if entry["certificateType"] != CERTIFICATE_TYPE:
            raise BadListEntry(f"entry {index} of the document signers list is a {entry['certificateType'][:20]!r}, "
                               f"not a {CERTIFICATE_TYPE}")
    issued_at = parse_time(payload.get("timestamp"), what="the document signers list timestamp")
    return VerifiedList(kind="signers", shape="signers", issued_at=issued_at, entries=entries, signer=anchor)
