"""The verification QR printed on every medical certificate: a signed summary.

Pipeline (the HCERT one, with its own prefix and claim)::

    DocumentSummary -> CBOR map -> CWT claim -70001 -> COSE_Sign1 (ES256) -> zlib -> base45 -> "MPC1:"

The summary carries the document number, type, issue time, validity, facility, signer,
patient name and the key finding: enough for someone holding only a paper printout to
check, offline, that the certificate is what the register issued.

**Which key signs it.** The signer's own key (the same key that signs the PDF), with
``kid`` = the first 8 bytes of SHA-256 over the signer certificate's DER, as HCERT
does. A verifier looks the kid up in its trust list of signer certificates (exported by
the CA with the PDF trust anchors), checks that certificate chains to the root it trusts
and is not revoked, and verifies the COSE signature with it. Reasons: the QR is a
statement by the same professional as the PDF; a revoked signer invalidates both
together; and no new CA-held key that could sign medical summaries for anyone is needed.

Pure functions: no CA, database or private key. The issuer and the standalone verifier
both import it.
"""

from mohpromt_verifier.formats.summary.codec import (
    CLAIM_SUMMARY,
    PREFIX,
    DecodedSummary,
    DocumentSummary,
    SummaryError,
    decode_summary,
    encode_summary,
    verify_summary,
)

__all__ = [
    "CLAIM_SUMMARY",
    "PREFIX",
    "DecodedSummary",
    "DocumentSummary",
    "SummaryError",
    "decode_summary",
    "encode_summary",
    "verify_summary",
]
