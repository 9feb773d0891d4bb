"""HCERT byte formats (EU DCC / Thailand Digital Health Pass): pure functions.

No CA, no database, no private keys: the issuer and the standalone verifier both
import this package. Modules, one job each:

``base45``       RFC 9285 codec (fast, strict)
``compression``  zlib-ng level 9 / inflate with a size cap
``cbor``         bounded CBOR decoding
``signer``       the ``CoseSigner`` protocol, key adapters, ECDSA DER <-> raw
``cose``         COSE_Sign1 build / parse / verify (ES256, PS256), kid
``claims``       CWT claims (iss, iat, exp, hcert -260)
``ddcc``         WHO DDCC:VS under hcert key 2 (our documented encoding)
``hc1``          the pipeline: ``encode_hc1`` / ``decode_hc1`` / ``verify_signature``
``schema``       EU DCC JSON schema 1.3.3 (vendored)
``valuesets``    EU DCC value sets (vendored)
``payload``      ``validate_dcc``: structure + schema + value sets
``uvci``         UVCI generation / parsing, Luhn mod N
``icao``         ICAO 9303 transliteration for fnt / gnt
``dsc``          DSC extended-key-usage type restriction
``validity``     iat / exp / DSC validity checks against a clock
"""

from mohpromt_verifier.formats.hcert.claims import HcertClaims
from mohpromt_verifier.formats.hcert.cose import CoseSign1, SignatureMatch, kid_of
from mohpromt_verifier.formats.hcert.dsc import allowed_types, type_allowed
from mohpromt_verifier.formats.hcert.hc1 import (
    DecodedHcert,
    DecodeLimits,
    EncodedHcert,
    build_hc1,
    decode_hc1,
    encode_hc1,
    verify_signature,
)
from mohpromt_verifier.formats.hcert.icao import transliterate
from mohpromt_verifier.formats.hcert.payload import dcc_problems, dcc_type, validate_dcc
from mohpromt_verifier.formats.hcert.signer import ES256, PS256, CoseSigner, FunctionSigner, KeySigner
from mohpromt_verifier.formats.hcert.uvci import generate_uvci, parse_uvci, same_uvci
from mohpromt_verifier.formats.hcert.validity import check_times

__all__ = [
    "ES256",
    "PS256",
    "CoseSign1",
    "CoseSigner",
    "DecodeLimits",
    "DecodedHcert",
    "EncodedHcert",
    "FunctionSigner",
    "HcertClaims",
    "KeySigner",
    "SignatureMatch",
    "allowed_types",
    "build_hc1",
    "check_times",
    "dcc_problems",
    "dcc_type",
    "decode_hc1",
    "encode_hc1",
    "generate_uvci",
    "kid_of",
    "parse_uvci",
    "same_uvci",
    "transliterate",
    "type_allowed",
    "validate_dcc",
    "verify_signature",
]
