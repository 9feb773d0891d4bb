"""EU Digital COVID Certificates and Thailand's Digital Health Pass (HCERT) issuance.

Flow: request (typed input or a ready EU DCC) -> DCC JSON 1.3.x validated against the
EU schema and value sets -> CWT -> COSE_Sign1 with the DSC key for that type -> zlib
-> base45 -> ``HC1:`` -> QR -> register (UVCI, type, DSC, hash) -> audit. The byte
formats are ``mohpromt_verifier.formats.hcert``; this package only decides and records.

Modules, one job each:

``inputs``      typed Pydantic input (holder + vaccination / test / recovery)
``mapping``     typed input -> DCC JSON (ICAO names for fnt / gnt)
``request``     typed input or EU-shape DCC -> ``DccRequest``
``validation``  schema + value sets + no unknown keys + UVCI checksum, with JSON paths
``profiles``    ``eu-dcc`` and ``th-dhp``
``ddcc``        WHO DDCC:VS (hcert key 2) for ``th-dhp`` vaccinations
``signing``     DSC choice, UVCI, signing -> ``SignedDcc`` (no register)
``register``    register rows + audit entries
``service``     ``DccIssuer``: sign + record, idempotency, UVCI retry, batches
``output``      PNG / SVG / text files, written atomically
``bulk``        JSONL runs with worker processes, resumable, each record issued once
"""

from mohpromt_ca.issuer.dcc.errors import AlreadyIssued
from mohpromt_ca.issuer.dcc.profiles import PROFILES, Profile, get_profile
from mohpromt_ca.issuer.dcc.request import DCC_TYPES, DccRequest, parse_request
from mohpromt_ca.issuer.dcc.service import DccIssuer, issue_dcc
from mohpromt_ca.issuer.dcc.signing import DccSigner, SignedDcc

__all__ = [
    "DCC_TYPES",
    "PROFILES",
    "AlreadyIssued",
    "DccIssuer",
    "DccRequest",
    "DccSigner",
    "Profile",
    "SignedDcc",
    "get_profile",
    "issue_dcc",
    "parse_request",
]
