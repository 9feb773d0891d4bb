"""The signed voucher a village health volunteer (อสม.) shows at a partner shop.

Pipeline (HCERT's, with its own prefix, claim and signing certificate)::

    Voucher -> CBOR map -> CWT claim -70002 (+ iss, iat, exp, cti) -> COSE_Sign1 (ES256, kid)
            -> zlib -> base45 -> "MPV1:"

What a voucher says: a random voucher id (128 bits, also the CWT ``cti``), the volunteer's
public reference (never the citizen ID), the points it was bought with and the value in
baht, the partner shop it is limited to (if any), the programme, and issue / expiry times.

**Who signs it.** A dedicated CA-held key, ``voucher-signer``, certified by our root with
one critical extended key usage, :data:`EKU_VOUCHER_SIGNING`, and nothing else. A verifier
accepts a voucher only from a certificate carrying that EKU and chaining to a root it trusts;
a DCC Document Signer (EKUs of the DCC types, or none) is refused as the wrong key purpose,
and the voucher signer is never put in a DSC list, so it cannot pass for a health-certificate
signer either. kid = the first 8 bytes of SHA-256 over the certificate's DER, as HCERT.

Pure functions: no CA, database or private key. The issuer and the verifier both import it.
"""

from mohpromt_verifier.formats.voucher.codec import (
    CLAIM_VOUCHER,
    EKU_VOUCHER_SIGNING,
    MAX_CBOR_DEPTH,
    MAX_INFLATED,
    MAX_TEXT,
    PREFIX,
    DecodedVoucher,
    Voucher,
    VoucherClaimsError,
    VoucherError,
    VoucherPrefixError,
    VoucherTooLarge,
    decode_voucher,
    encode_voucher,
    new_voucher_id,
    verify_voucher_signature,
)

__all__ = [
    "CLAIM_VOUCHER",
    "EKU_VOUCHER_SIGNING",
    "MAX_CBOR_DEPTH",
    "MAX_INFLATED",
    "MAX_TEXT",
    "PREFIX",
    "DecodedVoucher",
    "Voucher",
    "VoucherClaimsError",
    "VoucherError",
    "VoucherPrefixError",
    "VoucherTooLarge",
    "decode_voucher",
    "encode_voucher",
    "new_voucher_id",
    "verify_voucher_signature",
]
