"""The CA core (``ca.signing``, ``ca.crl``) with real keys in a file backend and real pkilint, no register.

A ``CountingHandle`` wraps a real ``KeyHandle`` and counts what it signs: a certificate or
CRL pkilint refuses must never reach it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.ca import signing
from mohpromt_ca.ca.certificate_builder import IssuerInfo, PublicUrls
from mohpromt_ca.ca.crl import CrlEntry, build_crl
from mohpromt_ca.ca.keys.base import KeyHandle, KeySpec, SignatureScheme
from mohpromt_ca.ca.keys.file_backend import FileKeyBackend
from mohpromt_ca.ca.linting import lint_certificate
from mohpromt_ca.ca.names import ca_name, signer_name
from mohpromt_ca.ca.profiles import INTERMEDIATE, ROOT, SIGNER
from mohpromt_ca.ca.signing import SigningRefused, ToBeSigned, sign_certificate_linted
from mohpromt_ca.errors import LintError

URLS = PublicUrls("http://127.0.0.1:8000")
POLICY = "1.3.6.1.4.1.99999.1"
LOOPBACK = frozenset({"etsi.internal_domain_name"})


class CountingHandle(KeyHandle):
    """A real handle that counts its signatures (and can be told to fail)."""

    def __init__(self, inner: KeyHandle, *, fail_with: Exception | None = None) -> None:
        self.inner = inner
        self.ref = inner.ref
        self.calls = 0
        self.fail_with = fail_with

    @property
    def public_key(self) -> PublicKeyTypes:
        return self.inner.public_key

    def sign(self, data: bytes, scheme: SignatureScheme | None = None) -> bytes:
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        return self.inner.sign(data, scheme)


@pytest.fixture
def backend(tmp_path: Path) -> FileKeyBackend:
    return FileKeyBackend(tmp_path / "keys", lambda: b"correct horse battery staple")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _root(backend: FileKeyBackend) -> tuple[CountingHandle, x509.Certificate]:
    handle = CountingHandle(backend.generate("root", KeySpec.EC_P384))
    now = _now()
    request = ToBeSigned(ROOT, ca_name("Core Test Root CA", "Core Test", "TH"), handle.public_key, 0x4242,
                         now, now + ROOT.validity, None, URLS, POLICY)
    return handle, x509.load_der_x509_certificate(sign_certificate_linted(request, handle).der)


def _issued(root: x509.Certificate, profile=SIGNER, *, public_key: PublicKeyTypes | None = None) -> ToBeSigned:  # type: ignore[no-untyped-def]
    now = _now()
    issuer = IssuerInfo("root", root.subject, root.public_key(), root.not_valid_after_utc)
    subject = signer_name(name_en="Core Doctor", profession="physician", licence_digits="12345",
                          facility_en="Core Clinic")
    return ToBeSigned(profile, subject, public_key or ec.generate_private_key(ec.SECP256R1()).public_key(),
                      0x1234567, now, now + dt.timedelta(days=30), issuer, URLS, POLICY)


def test_refused_certificate_never_reaches_the_real_key(backend: FileKeyBackend,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    handle, root = _root(backend)
    handle.calls = 0
    broken = dataclasses.replace(SIGNER, name="broken-signer", key_usage=frozenset({"key_cert_sign"}), lint="pkix")
    with caplog.at_level(logging.WARNING, logger="mohpromt_ca"), pytest.raises(LintError) as refused:
        sign_certificate_linted(_issued(root, broken), handle)
    assert "pkix." in refused.value.message
    assert handle.calls == 0  # linted on the throwaway copy; the CA key was never asked
    assert any(r.name == "mohpromt_ca.ca.signing" and "broken-signer" in r.getMessage() for r in caplog.records)

    signed = sign_certificate_linted(_issued(root), handle, waive=LOOPBACK)
    assert handle.calls == 1
    certificate = x509.load_der_x509_certificate(signed.der)
    certificate.verify_directly_issued_by(root)


def test_the_published_tbs_is_the_linted_tbs(backend: FileKeyBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    handle, root = _root(backend)
    linted: list[bytes] = []
    real_require_clean = signing.require_clean

    def recording(der: bytes, kind: str, **kwargs):  # type: ignore[no-untyped-def]
        linted.append(der)
        return real_require_clean(der, kind, **kwargs)

    monkeypatch.setattr(signing, "require_clean", recording)
    request = _issued(root, INTERMEDIATE, public_key=ec.generate_private_key(ec.SECP384R1()).public_key())
    final = x509.load_der_x509_certificate(sign_certificate_linted(request, handle).der)
    (copy_der,) = linted
    copy = x509.load_der_x509_certificate(copy_der)
    assert copy.tbs_certificate_bytes == final.tbs_certificate_bytes  # byte for byte, AKI and algorithm included
    assert copy.signature_algorithm_oid == final.signature_algorithm_oid
    final.verify_directly_issued_by(root)
    with pytest.raises(InvalidSignature):  # the linted copy was signed by the throwaway key
        copy.verify_directly_issued_by(root)


def test_a_signed_tbs_that_differs_from_the_linted_one_is_refused(backend: FileKeyBackend,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    handle, root = _root(backend)
    real_splice = signing.splice_signature

    def tampering(signed_der: bytes, tbs: bytes, signature: bytes) -> bytes:
        spliced = real_splice(signed_der, tbs, signature)
        serial = (0x1234567).to_bytes(4, "big")
        return spliced.replace(serial, (0x1234568).to_bytes(4, "big"), 1)  # a fault after linting

    monkeypatch.setattr(signing, "splice_signature", tampering)
    with caplog.at_level(logging.ERROR, logger="mohpromt_ca"), pytest.raises(SigningRefused, match="TBSCertificate"):
        sign_certificate_linted(_issued(root), handle, waive=LOOPBACK)
    assert any(r.name == "mohpromt_ca.ca.signing" and r.levelno == logging.ERROR for r in caplog.records)


def test_a_signature_by_the_wrong_key_is_refused(backend: FileKeyBackend) -> None:
    _handle, root = _root(backend)
    other = CountingHandle(backend.generate("not-the-root", KeySpec.EC_P384))
    with pytest.raises(SigningRefused, match="does not verify"):
        sign_certificate_linted(_issued(root), other, waive=LOOPBACK)
    assert other.calls == 1


def test_root_is_linted_as_a_throwaway_root_equal_but_for_its_key(backend: FileKeyBackend,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    linted: list[bytes] = []
    real_require_clean = signing.require_clean

    def recording(der: bytes, kind: str, **kwargs):  # type: ignore[no-untyped-def]
        linted.append(der)
        return real_require_clean(der, kind, **kwargs)

    monkeypatch.setattr(signing, "require_clean", recording)
    handle, root = _root(backend)
    (copy_der,) = linted
    copy = x509.load_der_x509_certificate(copy_der)
    assert copy.public_key() != root.public_key()
    assert copy.subject == root.subject and copy.serial_number == root.serial_number
    assert [e.oid for e in copy.extensions] == [e.oid for e in root.extensions]
    root.verify_directly_issued_by(root)
    assert handle.calls == 1
    findings = lint_certificate(root.public_bytes(Encoding.DER), "pkix")  # the published root, for the record
    assert [f.code for f in findings if f.severity in ("ERROR", "FATAL")] == []


def test_root_whose_key_is_not_the_handles_is_refused_before_signing(backend: FileKeyBackend) -> None:
    handle = CountingHandle(backend.generate("root", KeySpec.EC_P384))
    now = _now()
    stranger = ec.generate_private_key(ec.SECP384R1()).public_key()
    request = ToBeSigned(ROOT, ca_name("Core Test Root CA", "Core Test", "TH"), stranger, 7, now,
                         now + ROOT.validity, None, URLS, POLICY)
    with pytest.raises(SigningRefused):
        sign_certificate_linted(request, handle)
    assert handle.calls == 0


def test_a_failing_key_is_logged_without_its_message(backend: FileKeyBackend, caplog: pytest.LogCaptureFixture) -> None:
    _handle, root = _root(backend)
    inner = backend.load(_handle.ref)
    failing = CountingHandle(inner, fail_with=RuntimeError("token says: secret-pin-1234"))
    with caplog.at_level(logging.ERROR, logger="mohpromt_ca"), pytest.raises(RuntimeError):
        sign_certificate_linted(_issued(root), failing, waive=LOOPBACK)
    (record,) = [r for r in caplog.records if r.name == "mohpromt_ca.ca.signing"]
    assert "RuntimeError" in record.getMessage() and "secret-pin-1234" not in record.getMessage()
    assert record.exc_info is None


def test_crl_lint_refuses_before_the_key_is_called(backend: FileKeyBackend, caplog: pytest.LogCaptureFixture) -> None:
    handle, root = _root(backend)
    handle.calls = 0
    now = _now()
    bad = [CrlEntry(5, now, "keyCompromise"), CrlEntry(0, now, "superseded")]  # serial 0: outside RFC 5280's range
    with caplog.at_level(logging.WARNING, logger="mohpromt_ca"), pytest.raises(LintError) as refused:
        build_crl(issuer_certificate=root, handle=handle, entries=bad, number=3, this_update=now,
                  next_update=now + dt.timedelta(hours=24), what="root")
    assert "pkix.certificate_serial_number_out_of_range" in refused.value.message
    assert "root CRL" in refused.value.message
    assert handle.calls == 0
    assert any(r.name == "mohpromt_ca.ca.crl" for r in caplog.records)

    good = build_crl(issuer_certificate=root, handle=handle, entries=bad[:1], number=3, this_update=now,
                     next_update=now + dt.timedelta(hours=24), what="root")
    assert handle.calls == 1
    crl = x509.load_der_x509_crl(good)
    assert crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    assert crl.get_revoked_certificate_by_serial_number(5) is not None


def test_a_rebuilt_crl_lints_its_envelope_and_new_entries(backend: FileKeyBackend,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from mohpromt_ca.ca import crl as crl_core

    handle, root = _root(backend)
    linted: list[bytes] = []
    real_require_clean_crl = crl_core.require_clean_crl

    def recording(der: bytes, **kwargs):  # type: ignore[no-untyped-def]
        linted.append(der)
        return real_require_clean_crl(der, **kwargs)

    monkeypatch.setattr(crl_core, "require_clean_crl", recording)
    now = _now()
    memory = crl_core.LintedEntries()  # what the authority keeps between its builds
    first = [CrlEntry(1000 + i, now, "superseded") for i in range(3)]
    build_crl(issuer_certificate=root, handle=handle, entries=first, number=1, this_update=now,
              next_update=now + dt.timedelta(hours=24), linted=memory)
    assert len(x509.load_der_x509_crl(linted[-1])) == 3
    second = [*first, CrlEntry(2000, now, "keyCompromise")]
    published = build_crl(issuer_certificate=root, handle=handle, entries=second, number=2, this_update=now,
                          next_update=now + dt.timedelta(hours=24), linted=memory)
    envelope = x509.load_der_x509_crl(linted[-1])
    assert [e.serial_number for e in envelope] == [2000]  # the envelope with the one new entry
    assert envelope.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 2
    assert len(x509.load_der_x509_crl(published)) == 4
