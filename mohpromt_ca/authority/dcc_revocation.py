"""Revoking our DCCs for the EU revocation-list scheme (``mohpromt-ca dcc revoke UVCI``).

A revoked DCC is a row of the one document-revocation table
(:mod:`mohpromt_ca.storage.tables.document_revocations`, shared with PDFs) carrying, besides
time, reason and actor, the DSC that signed it (serial and kid) and the three hashes the
list publishes (``trust_lists.revocation``): UCI, COUNTRYCODEUCI with the DSC's country
(``TH``: our CWT ``iss`` and the DCC's ``co`` agree), and SIGNATURE when the operator
supplies the HC1 text (the register stores only the SHA-256 of that text, which must
match). One audit entry; no health data. The SQL is in
:mod:`mohpromt_ca.storage.repositories.document_revocations`.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import InputError, NotFound
from mohpromt_ca.storage import audit
from mohpromt_ca.storage.repositories import document_revocations, documents
from mohpromt_ca.storage.tables.document_revocations import REVOCATION_REASONS

REASONS = REVOCATION_REASONS

__all__ = ["REASONS", "RevokedDccInfo", "list_dcc_revocations", "revoke_dcc"]


@dataclass(frozen=True)
class RevokedDccInfo(document_revocations.DccListEntry):
    """A revoked DCC of ours, as the EU revocation list needs it (the register's entry)."""

    def as_dict(self) -> dict[str, object]:
        return {"uvci": self.uvci, "kid": self.kid, "dsc_serial": self.dsc_serial, "country": self.country,
                "hashes": {"UCI": self.uci_hash, "COUNTRYCODEUCI": self.country_uci_hash,
                           "SIGNATURE": self.signature_hash},
                "reason": self.reason, "revoked_at": self.revoked_at.isoformat()}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _country(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return str(values[0].value).upper() if values else "TH"


def revoke_dcc(authority: Authority, uvci: str, *, reason: str = "withdrawn", hc1: str | None = None) -> RevokedDccInfo:
    """Revoke DCC ``uvci`` (audit actor: ``authority.actor``); ``already-revoked`` when it was."""
    from mohpromt_verifier.formats.hcert import decode_hc1
    from mohpromt_verifier.formats.hcert.errors import HcertError
    from mohpromt_verifier.trust_lists.revocation import country_uci_hash, signature_hash, uci_hash

    if reason not in REASONS:
        raise InputError(f"unknown reason {reason!r}; use one of {', '.join(REASONS)}")
    wanted = uvci.strip()
    if not wanted or len(wanted) > 128:
        raise InputError("give the UVCI of a DCC we issued")
    now = authority.clock.now()
    with authority.register.transaction() as session:
        document = documents.find_dcc(session, wanted)
        if document is None:
            raise NotFound(f"no DCC with UVCI {wanted[:60]!r} was issued here")
        der = document_revocations.certificate_der(session, document.certificate_serial)
        dsc = x509.load_der_x509_certificate(der)
        kid = _b64(hashlib.sha256(der).digest()[:8])
        country = _country(dsc)
        uci = document.document_number
        sig_hash = None
        if hc1 is not None:
            text = hc1.strip()
            if hashlib.sha256(text.encode("ascii", "replace")).hexdigest() != document.sha256:
                raise InputError(f"the HC1 text given is not the one issued under {uci}")
            try:
                decoded = decode_hc1(text)
            except HcertError as exc:
                raise InputError(f"the HC1 text does not decode: {exc}") from None
            sig_hash = _b64(signature_hash(decoded.cose.signature, decoded.cose.alg or 0))
        row = document_revocations.add(
            session, issued_document_id=document.id, label=f"DCC {uci}", revoked_at=now, reason=reason,
            actor=authority.actor, kid=kid, dsc_serial=document.certificate_serial, country=country,
            uci_hash=_b64(uci_hash(uci)), country_uci_hash=_b64(country_uci_hash(country, uci)),
            signature_hash=sig_hash)
        audit.append(session, actor=authority.actor, action="dcc.revoke", target=f"dcc:{uci}",
                     details={"kid": kid, "dsc_serial": document.certificate_serial, "reason": reason,
                              "signature_hash": sig_hash is not None}, clock=authority.clock)
        uci_b64, country_b64 = row.uci_hash or "", row.country_uci_hash or ""
    return RevokedDccInfo(uvci=uci, kid=kid, dsc_serial=document.certificate_serial,
                          dsc_not_after=dsc.not_valid_after_utc, country=country, uci_hash=uci_b64,
                          country_uci_hash=country_b64, signature_hash=sig_hash, reason=reason, revoked_at=now)


def list_dcc_revocations(authority: Authority) -> list[RevokedDccInfo]:
    """Every revoked DCC, oldest first, as the EU DCC revocation list needs it."""
    with authority.register.reading() as session:
        entries = document_revocations.dcc_entries(session)
    return [RevokedDccInfo(**dataclasses.asdict(e)) for e in entries]
