"""The voucher-signing key and the one function that signs vouchers.

The key (``voucher-signer``, EC P-256, in the backend configured for that name) is certified
by the root with the :data:`~mohpromt_verifier.formats.voucher.EKU_VOUCHER_SIGNING` EKU, critical
and alone, so it is good for vouchers and for nothing else; it is made on first use, as the
trust-list key is, and recorded as a service key (so ``DATA_DIR/certs/voucher-signer.pem``
is written with the other public certificates). DCC Document Signers are never used here:
the only key this module signs with is that one, and it checks the certificate's EKU first.

Every voucher is signed for one debit of the rewards ledger (``debit_id``, carried in the
voucher): the register records the debit with the voucher in the transaction that audits
it, and its UNIQUE constraint refuses a second voucher for the same debit
(``debit-already-signed``). Who may ask is decided above, in ``application.vouchers``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority, IssuingKey
from mohpromt_ca.authority.service_keys import root_certified_key
from mohpromt_ca.ca.keys import KeySpec
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.ca.profiles import DAY, CertificateProfile
from mohpromt_ca.ca.serials import serial_hex
from mohpromt_ca.errors import InputError, NotFound, PolicyError, StateError
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import vouchers
from mohpromt_verifier.formats.hcert.cose import kid_of
from mohpromt_verifier.formats.hcert.signer import ES256, FunctionSigner
from mohpromt_verifier.formats.voucher import EKU_VOUCHER_SIGNING, Voucher, encode_voucher, new_voucher_id

VOUCHER_KEY = "voucher-signer"
MAX_VALIDITY_DAYS = 366

VOUCHER_SIGNER = CertificateProfile(
    name="voucher-signer",
    validity=3 * 365 * DAY,
    key_usage=frozenset({"digital_signature"}),
    key_specs=frozenset({KeySpec.EC_P256}),
    extended_key_usage=(EKU_VOUCHER_SIGNING,),
    eku_critical=True,
    own_policy=True,
    aia=True,
    crl_distribution_point=True,
)


def _has_voucher_eku(certificate: x509.Certificate) -> bool:
    try:
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return [oid.dotted_string for oid in eku] == [EKU_VOUCHER_SIGNING]


def voucher_signer_key(authority: Authority) -> IssuingKey:
    """The voucher-signing key and certificate, made (and audited) on first use."""
    key = root_certified_key(authority, VOUCHER_KEY, VOUCHER_SIGNER, "Voucher Signer")
    if not _has_voucher_eku(key.certificate):  # never sign a voucher with a key meant for something else
        raise PolicyError(f"key {VOUCHER_KEY!r} is not certified for vouchers", code="voucher-key-purpose")
    return key


@dataclass(frozen=True)
class VoucherRequest:
    """What a rewards module asks the CA to sign. The CA picks the id and the issue time."""

    volunteer_ref: str
    points: int
    value_baht: int
    valid_days: int = 90
    partner: str | None = None
    program: str = "osm-rewards"
    debit_id: str | None = None  # the rewards ledger's debit; required to sign

    def as_dict(self) -> dict[str, object]:
        return {"volunteer_ref": self.volunteer_ref, "points": self.points, "value_baht": self.value_baht,
                "valid_days": self.valid_days, "partner": self.partner, "program": self.program,
                "debit_id": self.debit_id}


@dataclass(frozen=True)
class IssuedVoucher:
    voucher_id: str
    text: str  # "MPV1:..."
    issued_at: dt.datetime
    expires_at: dt.datetime
    kid: bytes
    signer_serial: str
    points: int
    value_baht: int
    partner: str | None
    volunteer_ref: str
    debit_id: str | None = None

    def as_dict(self) -> dict[str, object]:
        import base64

        return {"voucher_id": self.voucher_id, "text": self.text, "issued_at": self.issued_at.isoformat(),
                "expires_at": self.expires_at.isoformat(), "kid": base64.b64encode(self.kid).decode(),
                "signer_serial": self.signer_serial, "points": self.points, "value_baht": self.value_baht,
                "partner": self.partner, "volunteer_ref": self.volunteer_ref, "debit_id": self.debit_id}


class DebitRequired(StateError):
    code = "debit-required"


class DebitAlreadySigned(StateError):
    code = "debit-already-signed"


def issue_voucher(authority: Authority, request: VoucherRequest) -> IssuedVoucher:
    """Sign one voucher for ``request.debit_id`` (audited as ``voucher.issue`` with its id and the
    debit's, never the volunteer's identity); at most one voucher per debit id."""
    if request.debit_id is None:
        raise DebitRequired("a voucher is signed only for a debit recorded in the rewards ledger: give its debit_id")
    if not isinstance(request.valid_days, int) or isinstance(request.valid_days, bool) \
            or not 1 <= request.valid_days <= MAX_VALIDITY_DAYS:
        raise InputError(f"valid_days must be from 1 to {MAX_VALIDITY_DAYS}")
    key = voucher_signer_key(authority)
    now = authority.clock.now().replace(microsecond=0)
    expires = min(now + dt.timedelta(days=request.valid_days), key.certificate.not_valid_after_utc)
    voucher = Voucher(voucher_id=new_voucher_id(), volunteer_ref=request.volunteer_ref, points=request.points,
                      value_baht=request.value_baht, issued_at=now, expires_at=expires, partner=request.partner,
                      program=request.program, debit_id=request.debit_id)
    problems = voucher.problems()
    if problems:
        raise InputError("; ".join(problems), code="voucher-claims")
    handle = key.handle
    kid = kid_of(key.certificate)
    signer = FunctionSigner(ES256, kid, lambda data: handle.sign(data, SignatureScheme.ECDSA_SHA256), der=True)
    text = encode_voucher(voucher, signer)
    serial = serial_hex(key.certificate.serial_number)
    try:
        with authority.register.transaction() as session:  # the debit's row first: its UNIQUE constraint decides
            vouchers.record_debit(session, debit_id=request.debit_id, voucher_id=voucher.voucher_id,
                                  requested_by=authority.actor, volunteer_ref=voucher.volunteer_ref,
                                  points=voucher.points, value_baht=voucher.value_baht, signed_at=now)
            audit.append(session, actor=authority.actor, action="voucher.issue",
                         target=f"voucher:{voucher.voucher_id}",
                         details={"debit_id": request.debit_id, "points": voucher.points,
                                  "value_baht": voucher.value_baht, "partner": voucher.partner,
                                  "program": voucher.program, "expires_at": expires.isoformat(),
                                  "sha256": hashlib.sha256(text.encode()).hexdigest()}, clock=authority.clock)
    except vouchers.DebitTaken:
        raise DebitAlreadySigned(f"a voucher was already signed for debit {request.debit_id}; "
                                 "a debit buys one voucher") from None
    return IssuedVoucher(voucher.voucher_id, text, now, expires, kid, serial, voucher.points, voucher.value_baht,
                         voucher.partner, voucher.volunteer_ref, request.debit_id)


def voucher_trust_pem(authority: Authority) -> bytes:
    """PEM: our root, then every voucher-signing certificate (what a partner's verifier trusts)."""
    key = voucher_signer_key(authority)
    with authority.register.reading() as session:
        exists = vouchers.key_recorded(session, VOUCHER_KEY)
    if not exists:  # pragma: no cover - voucher_signer_key made it
        raise NotFound("no voucher-signing key")
    return authority.certificate_of("root").public_bytes(Encoding.PEM) + key.certificate.public_bytes(Encoding.PEM)
