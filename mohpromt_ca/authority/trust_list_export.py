"""The CA publishing its lists through ``trust_lists``' format code.

* DSC lists (gateway JSON, national two-line): every DSC that may still have signed a
  valid DCC: active, retired (it still verifies what it signed) or not yet valid; not
  revoked or expired. Each entry's CMS and the national list are signed by the
  trust-list key.
* The revocation list: our revoked DCCs as EU-scheme batches, national two-line shape.
* The document signers list: every signer certificate issued and neither revoked nor
  expired, national two-line shape, so a border post verifies the QR printed on a PDF
  (``MPC1:``) without a file per doctor.
* PDF trust anchors: the root and the document-signing CA, as PEM; or the TS 119 612
  trusted list (``trust_list_export_tsl``: root, document-signing CA, DCC CSCA as CA/PKC, we
  are not an EU qualified TSP; the TSA as TSA), schema-valid and signed with XAdES-B-B.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.trust_list_contents import country as _country
from mohpromt_ca.authority.trust_list_contents import exported_dscs
from mohpromt_ca.authority.trust_list_signer import list_signer
from mohpromt_ca.errors import InputError

FORMATS = ("gateway", "national", "revocation", "signers", "pem", "tsl", "gdhcn-did")
#: every list the service publishes: file name (under /trust-lists/) -> (format, media type)
PUBLISHED = {
    "dsc-gateway.json": ("gateway", "application/json"),
    "dsc-national.txt": ("national", "text/plain; charset=utf-8"),
    "revocations.txt": ("revocation", "text/plain; charset=utf-8"),
    "documents-revoked.txt": ("document-revocation", "text/plain; charset=utf-8"),
    "document-signers.txt": ("signers", "text/plain; charset=utf-8"),
    "anchors.pem": ("pem", "application/x-pem-file"),
    "anchors-tsl.xml": ("tsl", "application/xml"),
    "gdhcn-did.json": ("gdhcn-did", "application/did+json"),
}
#: what ``trust-list export --all`` writes: the signed lists ``trust-list import --anchor`` takes.
#: ``anchors.pem`` is left out (an unsigned bundle; ``anchors-tsl.xml`` carries the same anchors,
#: signed) and so are ``dsc-gateway.json`` and ``gdhcn-did.json`` (the same DSCs as
#: ``dsc-national.txt``, which a cache would keep under the same name).
IMPORTABLE = ("dsc-national.txt", "revocations.txt", "documents-revoked.txt", "document-signers.txt",
              "anchors-tsl.xml")


def exported_signers(authority: Authority, now: dt.datetime) -> list[x509.Certificate]:
    """Every document signer certificate issued, not revoked and not expired at ``now``."""
    from mohpromt_ca.authority.signer_keys import SIGNER_PROFILE
    from mohpromt_ca.storage.repositories import certificates

    with authority.register.reading() as session:
        ders = certificates.issued_ders(session, SIGNER_PROFILE, valid_at=now)
    return [x509.load_der_x509_certificate(der) for der in ders]


def export(authority: Authority, fmt: str, *, now: dt.datetime | None = None) -> bytes:
    from mohpromt_verifier.trust_lists import anchors, dsc_lists, revocation, signer_lists

    now = (now or authority.clock.now()).replace(microsecond=0)
    if fmt not in FORMATS:
        raise InputError(f"unknown trust-list format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "pem":
        return anchors.pem_bundle(pdf_anchor_certificates(authority))
    if fmt == "gdhcn-did":
        from mohpromt_ca.authority.trust_list_export_gdhcn import export_did

        return export_did(authority, now)
    signer = list_signer(authority)
    if fmt == "signers":
        return signer_lists.document(exported_signers(authority, now), signer, now=now, country=_country(authority))
    if fmt in ("gateway", "national"):
        entries = dsc_lists.make_entries(exported_dscs(authority, now), signer, now=now)
        if fmt == "gateway":
            return dsc_lists.gateway_document(entries)
        return dsc_lists.national_document(entries, signer, now=now)
    if fmt == "revocation":
        from mohpromt_ca.authority.dcc_revocation import list_dcc_revocations

        revoked = list_dcc_revocations(authority)
        items = [revocation.RevokedDcc(kid=r.kid, uci_hash=_b64d(r.uci_hash),
                                       country_uci_hash=_b64d(r.country_uci_hash),
                                       signature_hash=_b64d(r.signature_hash) if r.signature_hash else None)
                 for r in revoked]
        expiries = {r.kid: r.dsc_not_after for r in revoked}
        batches = revocation.make_batches(items, country=_country(authority), expires=expiries)
        return revocation.national_document(batches, signer, now=now)
    from mohpromt_ca.authority.trust_list_export_tsl import export_tsl

    return export_tsl(authority, now)


def pdf_anchor_certificates(authority: Authority):
    """The root and the document-signing CA, every generation still valid (overlap after a rollover)."""
    from mohpromt_ca.authority.generations import valid_generations

    return [*valid_generations(authority, "root"), *valid_generations(authority, "document-signing")]


def _b64d(text: str) -> bytes:
    import base64

    return base64.b64decode(text)
