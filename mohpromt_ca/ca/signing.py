"""The CA core's one way to make a certificate: lint a throwaway-signed copy, then sign for real.

:func:`sign_certificate_linted` takes a to-be-signed request (profile, subject, public key,
serial, validity, issuer, URLs, policy) and the issuer's ``KeyHandle`` and returns DER:

1. The certificate is built and signed with a *throwaway* key of the issuer key's type and
   curve (``der_signing.throwaway_key``). The TBSCertificate is therefore the one the real
   key will sign: same signature AlgorithmIdentifier, same AKI (taken from the issuer's
   public key, not from the signing key), same everything.
2. pkilint lints that copy. An error-level finding raises ``LintError``; the real key is
   never called for a certificate pkilint refuses.
3. The real key signs the linted TBSCertificate bytes; the signature is spliced in.
4. The real certificate is parsed back: its TBSCertificate must be byte-identical to the
   linted one and its signature must verify under the issuer's public key, or nothing is
   returned (``SigningRefused``, logged).

Self-signed roots are the one case where step 1 cannot give the same TBSCertificate: a
root's AKI is absent because its signature verifies under its own key, and pkilint checks
exactly that (a self-issued CA without AKI must be self-signed), so a copy of the real
TBSCertificate signed by a throwaway key would be refused for the wrong reason. For a
root, :func:`sign_certificate_linted` therefore lints a *throwaway root*: the same profile,
subject, serial and validity, self-signed by a throwaway key of the same type and curve.
Before the real key is called, the real TBSCertificate must equal the linted one with only
the key-derived fields exchanged (subjectPublicKeyInfo and the subjectKeyIdentifier
digest, each found exactly once and replaced by the real key's, bytes of equal length);
after signing, the root's signature must verify under its own public key. So every byte
pkilint judged is the byte published, except the key and its identifier, which pkilint
judged in the same type, curve and encoding.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mohpromt_ca.ca.certificate_builder import IssuerInfo, PublicUrls, build_certificate
from mohpromt_ca.ca.der_signing import rsa_padding, splice_signature, throwaway_key
from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec, SignatureScheme
from mohpromt_ca.ca.linting import LintFinding, require_clean
from mohpromt_ca.ca.profiles import CertificateProfile
from mohpromt_ca.errors import LintError, MohpromtError

log = logging.getLogger("mohpromt_ca.ca.signing")


class SigningRefused(MohpromtError):
    """The signed certificate is not the one that was linted (or its signature does not verify)."""

    code = "signing-refused"
    http_status = 500


@dataclass(frozen=True)
class ToBeSigned:
    """Everything a certificate says, before any key signs it."""

    profile: CertificateProfile
    subject: x509.Name
    public_key: PublicKeyTypes
    serial: int
    not_before: dt.datetime
    not_after: dt.datetime
    issuer: IssuerInfo | None  # None: self-signed (the root)
    urls: PublicUrls
    policy_oid: str

    def builder(self, public_key: PublicKeyTypes | None = None) -> x509.CertificateBuilder:
        return build_certificate(
            self.profile,
            subject=self.subject,
            public_key=public_key if public_key is not None else self.public_key,
            serial=self.serial,
            not_before=self.not_before,
            not_after=self.not_after,
            issuer=self.issuer,
            urls=self.urls,
            policy_oid=self.policy_oid,
        )


@dataclass(frozen=True)
class SignedCertificate:
    der: bytes
    findings: tuple[LintFinding, ...]
    """What pkilint reported below error level (or waived) on the linted copy."""


def _draft(builder: x509.CertificateBuilder, spec: KeySpec, scheme: SignatureScheme,
           key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | None = None) -> x509.Certificate:
    return builder.sign(key or throwaway_key(spec), scheme.hash_algorithm, rsa_padding=rsa_padding(scheme))  # type: ignore[arg-type]


def _spki(key: PublicKeyTypes) -> bytes:
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def _ski(key: PublicKeyTypes) -> bytes:
    return x509.SubjectKeyIdentifier.from_public_key(key).digest  # type: ignore[arg-type]


def _exchange_once(data: bytes, old: bytes, new: bytes, what: str) -> bytes:
    if len(old) != len(new) or data.count(old) != 1:
        raise SigningRefused(f"the linted root's {what} cannot be exchanged for the real key's")
    return data.replace(old, new)


def _verify(public_key: PublicKeyTypes, signature: bytes, data: bytes, scheme: SignatureScheme) -> bool:
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(scheme.hash_algorithm))
        elif isinstance(public_key, rsa.RSAPublicKey):
            pad = rsa_padding(scheme)
            assert pad is not None
            public_key.verify(signature, data, pad, scheme.hash_algorithm)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _refuse(request: ToBeSigned, sentence: str) -> SigningRefused:
    log.error("refused a %s certificate (serial %x): %s", request.profile.name, request.serial, sentence)
    return SigningRefused(f"the {request.profile.name} certificate was not issued: {sentence}")


def _real_signature(handle: KeyHandle, tbs: bytes, scheme: SignatureScheme, request: ToBeSigned) -> bytes:
    try:
        return handle.sign(tbs, scheme)
    except Exception as exc:
        log.error("signing a %s certificate (serial %x) with %r failed: %s",
                  request.profile.name, request.serial, handle, type(exc).__name__)
        raise


def sign_certificate_linted(
    request: ToBeSigned, handle: KeyHandle, *, waive: frozenset[str] = frozenset()
) -> SignedCertificate:
    """Lint a throwaway-signed copy, then sign with ``handle`` (see the module text).

    ``handle`` is the issuer's key, or for a root (``request.issuer is None``) the root's own.
    Raises ``LintError`` (the handle was not called) or ``SigningRefused``.
    """
    scheme = SignatureScheme.default_for(handle.spec)
    if request.issuer is None:
        return _sign_root(request, handle, scheme, waive)
    draft = _draft(request.builder(), handle.spec, scheme)
    linted_tbs = draft.tbs_certificate_bytes
    draft_der = draft.public_bytes(Encoding.DER)
    findings = _lint(request, draft_der, waive)
    der = splice_signature(draft_der, linted_tbs, _real_signature(handle, linted_tbs, scheme, request))
    final = x509.load_der_x509_certificate(der)
    if final.tbs_certificate_bytes != linted_tbs:
        raise _refuse(request, "its TBSCertificate differs from the linted one")
    if not _verify(request.issuer.public_key, final.signature, linted_tbs, scheme):
        raise _refuse(request, "its signature does not verify under the issuer's public key")
    return SignedCertificate(der, tuple(findings))


def _lint(request: ToBeSigned, der: bytes, waive: frozenset[str]) -> list[LintFinding]:
    try:
        return require_clean(der, request.profile.lint, what=request.profile.name, waive=waive)
    except LintError as refused:
        log.warning("pkilint refused a %s certificate (serial %x) before signing: %s",
                    request.profile.name, request.serial, refused.message)
        raise


def _sign_root(request: ToBeSigned, handle: KeyHandle, scheme: SignatureScheme,
               waive: frozenset[str]) -> SignedCertificate:
    if _spki(handle.public_key) != _spki(request.public_key):
        raise _refuse(request, "a self-signed certificate must carry the public key of the handle that signs it")
    stand_in = throwaway_key(handle.spec)
    linted = _draft(request.builder(stand_in.public_key()), handle.spec, scheme, stand_in)
    findings = _lint(request, linted.public_bytes(Encoding.DER), waive)
    # The real TBSCertificate, drafted with another throwaway signature we discard.
    real_draft = _draft(request.builder(), handle.spec, scheme)
    real_tbs = real_draft.tbs_certificate_bytes
    expected = _exchange_once(linted.tbs_certificate_bytes, _spki(stand_in.public_key()), _spki(request.public_key),
                              "subjectPublicKeyInfo")
    expected = _exchange_once(expected, _ski(stand_in.public_key()), _ski(request.public_key), "subjectKeyIdentifier")
    if expected != real_tbs:
        raise _refuse(request, "its TBSCertificate differs from the linted root's beyond the key-derived fields")
    der = splice_signature(real_draft.public_bytes(Encoding.DER), real_tbs,
                           _real_signature(handle, real_tbs, scheme, request))
    final = x509.load_der_x509_certificate(der)
    if final.tbs_certificate_bytes != real_tbs:
        raise _refuse(request, "its TBSCertificate differs from the one checked against the linted root")
    if not _verify(request.public_key, final.signature, real_tbs, scheme):
        raise _refuse(request, "its self-signature does not verify under its own public key")
    return SignedCertificate(der, tuple(findings))


__all__ = ["SignedCertificate", "SigningRefused", "ToBeSigned", "sign_certificate_linted"]
