"""Request -> signed ``HC1:`` text, without touching the register.

The DSC is chosen per request (``ca.dsc.choose_dsc``: allowed for the type, newest
active one covering the expiry, exp capped at its notAfter) from the register's list, read
again every ``DSC_REFRESH_SECONDS`` (and at once when nothing fits); its key handle is loaded
once per process (``Authority.issuing_key`` caches it) and wrapped in the format
layer's ``FunctionSigner`` (DER ECDSA -> raw r||s). The payload is validated once
(``validation.check_dcc``) and handed to ``build_hc1`` with ``validate=False``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.dsc import DscInfo, choose_dsc, list_dscs
from mohpromt_ca.ca.keys.base import SignatureScheme
from mohpromt_ca.errors import MohpromtError
from mohpromt_ca.issuer.dcc.ddcc import build_ddcc_vs
from mohpromt_ca.issuer.dcc.errors import input_error
from mohpromt_ca.issuer.dcc.profiles import Profile, get_profile
from mohpromt_ca.issuer.dcc.request import DccRequest
from mohpromt_ca.issuer.dcc.validation import check_dates, check_dcc
from mohpromt_verifier.formats.hcert.hc1 import build_hc1
from mohpromt_verifier.formats.hcert.signer import ES256, PS256, FunctionSigner
from mohpromt_verifier.formats.hcert.uvci import generate_uvci

__all__ = ["DSC_REFRESH_SECONDS", "DccSigner", "SignedDcc", "default_expiry"]

#: how old the DSC list may be before it is read from the register again (seconds)
DSC_REFRESH_SECONDS = 2.0

VACCINATION_VALIDITY = dt.timedelta(days=365)
TEST_VALIDITY = dt.timedelta(days=30)


@dataclass(frozen=True)
class SignedDcc:
    """One signed HCERT and what the register and the journal need to know of it."""

    uvci: str
    dcc_type: str
    profile: str
    dsc_name: str
    dsc_serial: str
    kid_b64: str
    alg: str
    iat: int
    exp: int
    capped: bool
    """exp was cut to the DSC's notAfter."""
    hc1: str
    sha256: str
    """SHA-256 (hex) of the HC1 text."""

    @property
    def iat_dt(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.iat, dt.UTC)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedDcc:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


_OPAQUE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # formats.hcert.uvci's: no 0/O, 1/I


def random_opaque(length: int = 26) -> str:
    """The UVCI's random part: 26 of 32 characters (130 bits) from one CSPRNG read.

    Same alphabet and entropy as ``generate_uvci``'s default, which draws each character
    with ``secrets.choice`` (26 calls): that was the largest step of the pipeline after
    the signature (measured by ``mohpromt-ca bench dcc-issue``)."""
    value = int.from_bytes(secrets.token_bytes((5 * length + 7) // 8), "big")
    return "".join(_OPAQUE_ALPHABET[(value >> (5 * i)) & 31] for i in range(length))


def default_expiry(request: DccRequest, now: dt.datetime) -> dt.datetime:
    """exp when the caller names none: vaccination 365 days, test 30 days after issue
    (technical validity: acceptance windows are the verifiers' business rules), recovery
    the end of ``du`` (UTC)."""
    if request.expires_at is not None:
        return request.expires_at
    if request.dcc_type == "vaccination":
        return now + VACCINATION_VALIDITY
    if request.dcc_type == "test":
        return now + TEST_VALIDITY
    du = request.entry.get("du")
    try:
        until = dt.datetime.combine(dt.date.fromisoformat(str(du)), dt.time(), dt.UTC) + dt.timedelta(days=1)
    except ValueError:
        raise input_error("/r/0/du", f"not a date: {str(du)[:20]!r}", code="schema") from None
    return until


class DccSigner:
    """Signs requests with the register's DSCs; one per process (or per worker)."""

    def __init__(self, authority: Authority, *, profile: str | Profile = "eu-dcc", dsc: str | None = None,
                 issuer_country: str = "TH", refresh_seconds: float = DSC_REFRESH_SECONDS) -> None:
        self.authority = authority
        self.profile = profile if isinstance(profile, Profile) else get_profile(profile)
        self.wanted_dsc = dsc
        self.issuer_country = issuer_country
        self.refresh_seconds = refresh_seconds
        self._signers: dict[str, FunctionSigner] = {}
        self._lock = threading.Lock()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the DSC list (a retirement or a new DSC takes effect from here)."""
        candidates = list_dscs(self.authority)
        with self._lock:
            self.candidates: list[DscInfo] = candidates
            self._read_at = time.monotonic()

    def current(self) -> list[DscInfo]:
        """The register's DSCs, read again when the last reading is older than
        ``refresh_seconds``: a DSC issued, retired or rolled while the service runs is used by
        every process within that time, with no restart (the register is the source of truth)."""
        if time.monotonic() - self._read_at >= self.refresh_seconds:
            self.refresh()
        return self.candidates

    def _choose(self, request: DccRequest, now: dt.datetime) -> Any:
        expires = default_expiry(request, now)
        try:
            return choose_dsc(self.current(), request.dcc_type, now=now, expires_at=expires, wanted=self.wanted_dsc)
        except MohpromtError:
            # nothing fits what we read: a DSC issued a moment ago may fit; read the register again
            self.refresh()
            return choose_dsc(self.candidates, request.dcc_type, now=now, expires_at=expires, wanted=self.wanted_dsc)

    def signer_for(self, dsc: DscInfo) -> FunctionSigner:
        signer = self._signers.get(dsc.name)
        if signer is None:
            handle = self.authority.issuing_key(dsc.name).handle
            if dsc.algorithm == "ES256":
                alg, scheme = ES256, SignatureScheme.ECDSA_SHA256
            else:
                alg, scheme = PS256, SignatureScheme.RSA_PSS_SHA256

            def sign_fn(data: bytes, _sign: Any = handle.sign, _scheme: SignatureScheme = scheme) -> bytes:
                return _sign(data, _scheme)

            signer = FunctionSigner(alg=alg, kid=dsc.kid, sign_fn=sign_fn, der=True)
            self._signers[dsc.name] = signer
        return signer

    def sign(self, request: DccRequest, *, new_uvci: bool = False) -> SignedDcc:
        """Choose the DSC, put a UVCI in (generated unless given), validate, sign.

        ``new_uvci`` replaces a generated UVCI (after a collision in the register)."""
        now = self.authority.clock.now().replace(microsecond=0)
        choice = self._choose(request, now)
        exp = choice.expires_at
        if exp <= now:
            group = request.group
            where = f"/{group}/0/du" if group == "r" and request.expires_at is None else "/expires_at"
            raise input_error(where, f"the certificate would expire at {exp.isoformat()}, not after its issue time")
        dcc = dict(request.dcc)
        entry = dict(request.entry)
        if new_uvci or not entry.get("ci"):
            entry["ci"] = generate_uvci(self.issuer_country, opaque=random_opaque())
        dcc[request.group] = [entry]
        check_dcc(dcc, typed=request.typed)
        check_dates(dcc, now=now, typed=request.typed)
        dsc = choice.dsc
        ddcc = None
        if self.profile.ddcc_vs and request.dcc_type == "vaccination":
            ddcc = build_ddcc_vs(_with_dcc(request, dcc), kid_b64=dsc.kid_b64, iat=now, exp=exp)
        encoded = build_hc1(dcc, signer=self.signer_for(dsc), iat=now, exp=exp, issuer=self.issuer_country,
                            ddcc_vs=ddcc, validate=False)
        text = encoded.text
        return SignedDcc(
            uvci=entry["ci"], dcc_type=request.dcc_type, profile=self.profile.name, dsc_name=dsc.name,
            dsc_serial=dsc.serial, kid_b64=base64.b64encode(dsc.kid).decode(), alg=dsc.algorithm,
            iat=int(now.timestamp()), exp=int(exp.timestamp()), capped=choice.capped, hc1=text,
            sha256=hashlib.sha256(text.encode("ascii")).hexdigest(),
        )


def _with_dcc(request: DccRequest, dcc: dict[str, Any]) -> DccRequest:
    from dataclasses import replace

    return replace(request, dcc=dcc)
