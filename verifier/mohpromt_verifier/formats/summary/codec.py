"""Encode, decode and verify ``MPC1:`` summaries (see the package docstring)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import cbor2

from mohpromt_verifier.formats.hcert.base45 import b45decode, b45encode
from mohpromt_verifier.formats.hcert.cbor import loads_bounded, thaw
from mohpromt_verifier.formats.hcert.claims import CLAIM_EXP, CLAIM_IAT, CLAIM_ISS, to_epoch
from mohpromt_verifier.formats.hcert.compression import compress, inflate
from mohpromt_verifier.formats.hcert.cose import Candidate, CoseSign1, SignatureMatch, parse_sign1, sign1, verify_sign1
from mohpromt_verifier.formats.hcert.errors import HcertDecodeError
from mohpromt_verifier.formats.hcert.signer import CoseSigner

PREFIX = "MPC1:"
#: private-use CWT claim holding the summary map (HCERT uses -260; this is not an HCERT)
CLAIM_SUMMARY = -70001
SUMMARY_VERSION = 1
MAX_TEXT = 4000
MAX_INFLATED = 16 * 1024
#: the longest key finding kept in the QR (longer text is cut with an ellipsis)
MAX_FINDING = 160


class SummaryError(HcertDecodeError):
    """The text is not a well-formed ``MPC1:`` summary."""

    code = "summary"


@dataclass(frozen=True)
class Party:
    """A facility or a person: Thai name, English name (optional) and an identifier."""

    name_th: str
    name_en: str | None = None
    ident: str | None = None  # facility licence; signer licence as printed (ว.12345)
    role: str | None = None  # the signer's profession

    def to_cbor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.name_th}
        if self.name_en:
            out["e"] = self.name_en
        if self.ident:
            out["i"] = self.ident
        if self.role:
            out["r"] = self.role
        return out

    @classmethod
    def from_cbor(cls, item: Any, what: str) -> Party:
        if not isinstance(item, Mapping) or not isinstance(item.get("n"), str):
            raise SummaryError(f"summary {what} must be a map with a name")
        return cls(name_th=item["n"], name_en=_opt_str(item, "e", what), ident=_opt_str(item, "i", what),
                   role=_opt_str(item, "r", what))


def _opt_str(item: Mapping[str, Any], key: str, what: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise SummaryError(f"summary {what}.{key} must be text")
    return value


@dataclass(frozen=True)
class DocumentSummary:
    """What the QR says about one certificate."""

    document_number: str
    type: str
    issued_at: _dt.datetime
    facility: Party
    signer: Party
    patient: Party
    finding: str
    valid_until: _dt.date | None = None
    issuer_country: str = "TH"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_cbor_map(self) -> dict[str, Any]:
        finding = self.finding if len(self.finding) <= MAX_FINDING else self.finding[: MAX_FINDING - 1] + "…"
        out: dict[str, Any] = {
            "v": SUMMARY_VERSION,
            "n": self.document_number,
            "t": self.type,
            "d": self.issued_at.isoformat(),
            "f": self.facility.to_cbor(),
            "s": self.signer.to_cbor(),
            "p": self.patient.to_cbor(),
            "k": finding,
        }
        if self.valid_until is not None:
            out["u"] = self.valid_until.isoformat()
        out.update(self.extra)
        return out

    @classmethod
    def from_cbor_map(cls, item: Any, issuer: str | None) -> DocumentSummary:
        if not isinstance(item, Mapping):
            raise SummaryError("the summary claim must be a map")
        item = thaw(item)
        if item.get("v") != SUMMARY_VERSION:
            raise SummaryError(f"unsupported summary version {item.get('v')!r}")
        try:
            issued_at = _dt.datetime.fromisoformat(item["d"])
            valid_until = _dt.date.fromisoformat(item["u"]) if "u" in item else None
            for key in ("n", "t", "k"):
                if not isinstance(item[key], str):
                    raise SummaryError(f"summary field {key!r} must be text")
        except (KeyError, TypeError, ValueError) as exc:
            raise SummaryError(f"summary field missing or malformed: {exc}") from None
        known = {"v", "n", "t", "d", "u", "f", "s", "p", "k"}
        return cls(
            document_number=item["n"], type=item["t"], issued_at=issued_at,
            facility=Party.from_cbor(item.get("f"), "facility"), signer=Party.from_cbor(item.get("s"), "signer"),
            patient=Party.from_cbor(item.get("p"), "patient"), finding=item["k"], valid_until=valid_until,
            issuer_country=issuer or "", extra={k: v for k, v in item.items() if k not in known},
        )

    def expires_at(self) -> _dt.datetime | None:
        """The CWT ``exp``: the end of the ``valid_until`` day in the issue time's zone."""
        if self.valid_until is None:
            return None
        tz = self.issued_at.tzinfo or _dt.UTC
        return _dt.datetime.combine(self.valid_until + _dt.timedelta(days=1), _dt.time(), tz)


@dataclass(frozen=True)
class DecodedSummary:
    """A well-formed summary whose signature has *not* been checked yet."""

    text: str
    cose: CoseSign1
    summary: DocumentSummary
    issued_at: int | None
    expires_at: int | None

    @property
    def kid(self) -> bytes | None:
        return self.cose.kid


def encode_summary(summary: DocumentSummary, signer: CoseSigner) -> str:
    """Sign ``summary`` with ``signer`` (kid = the signer certificate's) and return ``MPC1:`` text."""
    claims: dict[int, Any] = {
        CLAIM_ISS: summary.issuer_country,
        CLAIM_IAT: to_epoch(summary.issued_at),
        CLAIM_SUMMARY: summary.to_cbor_map(),
    }
    expires = summary.expires_at()
    if expires is not None:
        claims[CLAIM_EXP] = to_epoch(expires)
    cose = sign1(cbor2.dumps(claims), signer)
    return PREFIX + b45encode(compress(cose))


def decode_summary(text: str) -> DecodedSummary:
    """Parse ``MPC1:`` text (bounded at every step); raises :class:`SummaryError` or a stage error."""
    if not isinstance(text, str):
        raise SummaryError("a summary must be text")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise SummaryError(f"summary text is {len(text)} characters, above the {MAX_TEXT} limit")
    if not text.startswith(PREFIX):
        raise SummaryError(f"summary text must start with {PREFIX!r}, got {text[:5]!r}")
    cose_bytes = inflate(b45decode(text[len(PREFIX):]), max_size=MAX_INFLATED)
    cose = parse_sign1(cose_bytes)
    claims = loads_bounded(cose.payload, what="summary claims", max_size=MAX_INFLATED)
    if not isinstance(claims, Mapping) or CLAIM_SUMMARY not in claims:
        raise SummaryError("the COSE payload holds no summary claim")
    issuer = claims.get(CLAIM_ISS)
    iat, exp = claims.get(CLAIM_IAT), claims.get(CLAIM_EXP)
    return DecodedSummary(
        text=text, cose=cose,
        summary=DocumentSummary.from_cbor_map(claims[CLAIM_SUMMARY], issuer if isinstance(issuer, str) else None),
        issued_at=iat if isinstance(iat, int) else None, expires_at=exp if isinstance(exp, int) else None,
    )


def verify_summary(decoded: DecodedSummary, candidates: Iterable[Candidate]) -> SignatureMatch:
    """Check the COSE signature against candidate signer certificates (matched by kid)."""
    return verify_sign1(decoded.cose, candidates)
