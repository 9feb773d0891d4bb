"""What our lists list, whatever their format: the DSCs to publish and our country.

Shared by every exporter (``trust_list_export`` and its ``_tsl`` / ``_gdhcn`` parts) so that
none of them imports another.
"""

from __future__ import annotations

import datetime as dt

from cryptography.x509.oid import NameOID

from mohpromt_ca.authority.context import Authority


def exported_dscs(authority: Authority, now: dt.datetime):
    """Every DSC that may still have signed a valid DCC: active, retired (it still verifies what
    it signed) or not yet valid; not revoked or expired."""
    from mohpromt_ca.authority.dsc import list_dscs
    from mohpromt_verifier.trust_lists.dsc_lists import ListedCertificate, country_of

    listed = []
    for dsc in list_dscs(authority):
        if dsc.status(now) in ("active", "retired", "not-yet-valid") and now <= dsc.not_after:
            listed.append(ListedCertificate(dsc.certificate, country_of(dsc.certificate, "TH"), "DSC"))
    return listed


def country(authority: Authority) -> str:
    """Our ISO 3166 alpha-2 code: the root certificate's C (TH when it has none)."""
    values = authority.certificate_of("root").subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return str(values[0].value) if values else "TH"
