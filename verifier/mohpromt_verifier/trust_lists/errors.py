"""Why a trust list was refused. Codes are stable; scripts match on them."""

from __future__ import annotations

from mohpromt_verifier.errors import InputError, MohpromtError, VerificationError


class TrustListRejected(VerificationError):
    """A list (or one of its entries) did not pass verification; the cached one stays."""

    code = "trust-list-rejected"


class BadListSignature(TrustListRejected):
    code = "trust-list-signature"


class BadListEntry(TrustListRejected):
    code = "trust-list-entry"


class StaleList(TrustListRejected):
    code = "trust-list-stale"


class ListFormatError(InputError):
    code = "trust-list-format"


class TrustListExpired(MohpromtError):
    """The cache holds a list past its expiry and the caller did not allow that."""

    code = "trust-list-expired"
    exit_code = 2
