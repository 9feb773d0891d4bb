"""The CA signs volunteer-reward vouchers (``MPV1:``) with its dedicated voucher-signing key.

``issue_voucher`` is what every client ends in (in-process, the service's principal client,
``POST /api/v1/vouchers``); ``voucher_trust_pem`` is the trust material a relying party needs
(our root, then the voucher-signing certificates). See ``formats.voucher`` for the format.
"""

from mohpromt_ca.issuer.voucher.service import (
    MAX_VALIDITY_DAYS,
    VOUCHER_KEY,
    VOUCHER_SIGNER,
    DebitAlreadySigned,
    DebitRequired,
    IssuedVoucher,
    VoucherRequest,
    issue_voucher,
    voucher_signer_key,
    voucher_trust_pem,
)

__all__ = ["MAX_VALIDITY_DAYS", "VOUCHER_KEY", "VOUCHER_SIGNER", "DebitAlreadySigned", "DebitRequired",
           "IssuedVoucher", "VoucherRequest", "issue_voucher", "voucher_signer_key", "voucher_trust_pem"]
