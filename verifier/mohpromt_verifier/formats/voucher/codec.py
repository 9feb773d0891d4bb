"""Encode, decode and verify ``MPV1:`` vouchers (see the package docstring)."""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
from mohpromt_verifier.formats.hcert.cbor import loads_bounded, thaw
from mohpromt_verifier.formats.hcert.claims import CLAIM_EXP, CLAIM_IAT, CLAIM_ISS
from mohpromt_verifier.formats.hcert.compression import compress, inflate
from mohpromt_verifier.formats.hcert.cose import Candidate, CoseSign1, SignatureMatch, parse_sign1, sign1, verify_sign1
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError, HcertTooLarge
from mohpromt_verifier.formats.hcert.signer import CoseSigner

PREFIX = "MPV1:"
#: private-use CWT claim holding the voucher map (HCERT uses -260, the summary QR -70001)
CLAIM_VOUCHER = -70002
CLAIM_CTI = 7  # RFC 8392 CWT ID: the voucher id
VOUCHER_VERSION = 1
#: the EKU a voucher-signing certificate carries (critical, alone); under our PEN arc, next to
#: the certificate policy (…64812.1.2.1) and the TSA policy (…64812.1.3.1)
EKU_VOUCHER_SIGNING = "1.3.6.1.4.1.64812.1.4.1"
#: bounds for untrusted input: a real voucher is ~250 characters and inflates to ~200 bytes
MAX_TEXT = 2000
MAX_INFLATED = 2048
MAX_CBOR_DEPTH = 6
ID_BYTES = 16  # 128 random bits
_REF = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_DEBIT = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class VoucherError(HcertDecodeError):
    """The text is not a well-formed ``MPV1:`` voucher."""

    code = "voucher"


class VoucherPrefixError(VoucherError):
    code = "voucher-prefix"


class VoucherTooLarge(VoucherError, HcertTooLarge):
    code = "voucher-too-large"


class VoucherClaimsError(VoucherError):
    code = "voucher-claims"


def new_voucher_id() -> str:
    """128 random bits as 32 lowercase hex digits."""
    return secrets.token_hex(ID_BYTES)


def _epoch(moment: _dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("voucher times must be timezone-aware")
    return int(moment.timestamp())


@dataclass(frozen=True)
class Voucher:
    """What one voucher says."""

    voucher_id: str  # 32 hex digits (128 bits)
    volunteer_ref: str  # the volunteer's public reference, never the citizen ID
    points: int
    value_baht: int
    issued_at: _dt.datetime
    expires_at: _dt.datetime
    partner: str | None = None  # a partner shop's code, or None for any partner
    program: str = "osm-rewards"
    issuer_country: str = "TH"
    #: the rewards ledger's debit this voucher was bought with (claim ``d``); the CA signs at
    #: most one voucher per debit and the rewards module redeems only a voucher whose debit it holds
    debit_id: str | None = None

    def problems(self) -> list[str]:
        """What is wrong with the values (empty when they may be signed)."""
        out = []
        if not (isinstance(self.voucher_id, str) and re.fullmatch(r"[0-9a-f]{32}", self.voucher_id)):
            out.append("voucher_id must be 32 lowercase hex digits (128 bits)")
        if not (isinstance(self.volunteer_ref, str) and _REF.match(self.volunteer_ref)):
            out.append("volunteer_ref must be 4-64 letters, digits, '-' or '_'")
        elif re.fullmatch(r"\d{13}", self.volunteer_ref):
            out.append("volunteer_ref looks like a citizen ID; use the volunteer's public reference")
        for name in ("points", "value_baht"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1_000_000:
                out.append(f"{name} must be a whole number from 1 to 1000000")
        if self.partner is not None and not (isinstance(self.partner, str) and _CODE.match(self.partner)):
            out.append("partner must be a shop code of 1-64 letters, digits, '.', '-' or '_'")
        if self.debit_id is not None and not (isinstance(self.debit_id, str) and _DEBIT.match(self.debit_id)):
            out.append("debit_id must be 8-64 letters, digits, '-' or '_'")
        if not (isinstance(self.program, str) and _CODE.match(self.program)):
            out.append("program must be 1-64 letters, digits, '.', '-' or '_'")
        if self.issued_at.tzinfo is None or self.expires_at.tzinfo is None:
            out.append("issued_at and expires_at must carry a time zone")
        elif self.expires_at <= self.issued_at:
            out.append("expires_at must be after issued_at")
        return out

    def to_claims(self) -> dict[int, Any]:
        body: dict[str, Any] = {"v": VOUCHER_VERSION, "id": self.voucher_id, "r": self.volunteer_ref,
                                "p": self.points, "b": self.value_baht, "g": self.program}
        if self.partner is not None:
            body["s"] = self.partner
        if self.debit_id is not None:
            body["d"] = self.debit_id
        return {CLAIM_ISS: self.issuer_country, CLAIM_IAT: _epoch(self.issued_at), CLAIM_EXP: _epoch(self.expires_at),
                CLAIM_CTI: bytes.fromhex(self.voucher_id), CLAIM_VOUCHER: body}

    @classmethod
    def from_claims(cls, claims: Any) -> Voucher:
        if not isinstance(claims, Mapping):
            raise VoucherClaimsError("the COSE payload is not a CWT claims map")
        body = claims.get(CLAIM_VOUCHER)
        if not isinstance(body, Mapping):
            raise VoucherClaimsError("the COSE payload holds no voucher claim (is this a health certificate?)")
        body = thaw(body)
        if body.get("v") != VOUCHER_VERSION:
            raise VoucherClaimsError(f"unsupported voucher version {body.get('v')!r}")
        iat, exp, cti = claims.get(CLAIM_IAT), claims.get(CLAIM_EXP), claims.get(CLAIM_CTI)
        if not isinstance(iat, int) or not isinstance(exp, int) or isinstance(iat, bool) or isinstance(exp, bool):
            raise VoucherClaimsError("a voucher needs integer iat and exp claims")
        iss = claims.get(CLAIM_ISS)
        try:
            voucher = cls(voucher_id=body["id"], volunteer_ref=body["r"], points=body["p"], value_baht=body["b"],
                          issued_at=_dt.datetime.fromtimestamp(iat, _dt.UTC),
                          expires_at=_dt.datetime.fromtimestamp(exp, _dt.UTC),
                          partner=body.get("s"), program=body.get("g", ""),
                          issuer_country=iss if isinstance(iss, str) else "", debit_id=body.get("d"))
        except KeyError as exc:
            raise VoucherClaimsError(f"voucher field {exc.args[0]!r} is missing") from None
        except (OverflowError, OSError, ValueError):
            raise VoucherClaimsError("voucher times are out of range") from None
        problems = voucher.problems()
        if problems:
            raise VoucherClaimsError("; ".join(problems))
        if not isinstance(cti, bytes) or cti.hex() != voucher.voucher_id:
            raise VoucherClaimsError("the CWT id (cti) does not match the voucher id")
        return voucher


@dataclass(frozen=True)
class DecodedVoucher:
    """A well-formed voucher whose signature has *not* been checked yet."""

    text: str
    cose: CoseSign1
    voucher: Voucher

    @property
    def kid(self) -> bytes | None:
        return self.cose.kid


def encode_voucher(voucher: Voucher, signer: CoseSigner) -> str:
    """Sign ``voucher`` (kid = the voucher signer's) and return its ``MPV1:`` text."""
    problems = voucher.problems()
    if problems:
        raise VoucherClaimsError("; ".join(problems))
    cose = sign1(cbor2.dumps(voucher.to_claims()), signer)
    return PREFIX + b45encode(compress(cose))


def decode_voucher(text: str) -> DecodedVoucher:
    """Parse ``MPV1:`` text, bounded at every step: text length, base45, inflated size (a
    zlib bomb stops at :data:`MAX_INFLATED`), CBOR size and nesting depth; raises a
    :class:`VoucherError` or the stage's error (``base45``, ``zlib``, ``cose``, ``cbor``)."""
    if not isinstance(text, str):
        raise VoucherError("a voucher must be text")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise VoucherTooLarge(f"voucher text is {len(text)} characters, above the {MAX_TEXT} limit")
    if not text.startswith(PREFIX):
        raise VoucherPrefixError(f"voucher text must start with {PREFIX!r}, got {text[:5]!r}")
    cose_bytes = inflate(b45decode(text[len(PREFIX):]), max_size=MAX_INFLATED)
    cose = parse_sign1(cose_bytes, max_depth=MAX_CBOR_DEPTH)
    claims = loads_bounded(cose.payload, what="voucher claims", max_size=MAX_INFLATED, max_depth=MAX_CBOR_DEPTH)
    return DecodedVoucher(text=text, cose=cose, voucher=Voucher.from_claims(claims))


def verify_voucher_signature(decoded: DecodedVoucher, candidates: Iterable[Candidate]) -> SignatureMatch:
    """Check the COSE signature against candidate certificates (matched by kid). Whether a
    candidate may sign vouchers at all (its EKU, its chain) is the verifier's job."""
    return verify_sign1(decoded.cose, candidates)
