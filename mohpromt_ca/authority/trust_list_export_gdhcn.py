"""Our side of the WHO GDHCN trust network: the DID trust list of our DSCs, and the files a
participant submits to its onboarding repository.

* ``--format gdhcn-did``: a DID trust list (v2 shape) of every DSC that may have signed a
  still-valid DCC (the DSCs our DSC lists publish), x5c = [DSC, CSCA], signed with a
  JsonWebSignature2020 proof by the trust-list key. WHO assigns no DID to a list a participant
  publishes itself: ours lives under ``Settings.gdhcn_did`` (default
  ``did:web:<host of base_url>:trustlist``) + ``:DCC:<alpha-3>:DSC``, the path layout WHO's
  lists use, and a receiver pins our trust-list signer certificate as its anchor.
* ``--format gdhcn-participant -o DIR``: ``onboarding/DCC/`` in the tng-participant-template
  layout: ``SCA/SCA.pem`` (the DCC CSCA), ``UP/UP.pem`` (the upload signer: the trust-list key,
  which signs our DSC uploads' CMS), ``DSC/<kid hex>.pem`` (the DSCs to upload, signed by UP),
  and ``ISSUER/Trusted_Issuer.json`` naming our DID list. TLS client material for the gateway
  (``TLS/TLS.pem``, ``TLS/CA.pem``) is not ours to make here: it comes from the TLS PKI the
  gateway connection uses, and the README says so.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import urllib.parse
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.authority.trust_list_signer import list_signer
from mohpromt_ca.errors import InputError

DOMAIN = "DCC"
#: ISO 3166 alpha-2 -> alpha-3 for the participant code (KDS converts the same way); extend as needed
ALPHA3 = {"TH": "THA", "LA": "LAO", "KH": "KHM", "MM": "MMR", "MY": "MYS", "VN": "VNM", "SG": "SGP", "ID": "IDN",
          "PH": "PHL", "BN": "BRN", "NL": "NLD", "DE": "DEU", "FR": "FRA", "XA": "XXA"}


def base_did(authority: Authority) -> str:
    if authority.settings.gdhcn_did:
        return authority.settings.gdhcn_did
    host = urllib.parse.urlsplit(authority.settings.base_url).netloc
    return f"did:web:{urllib.parse.quote(host, safe='')}:trustlist"


def participant(authority: Authority) -> str:
    from mohpromt_ca.authority.trust_list_contents import country as country_of

    country = country_of(authority)
    if country not in ALPHA3:
        raise InputError(f"no ISO 3166 alpha-3 code known for country {country!r} (GDHCN participants are alpha-3)")
    return ALPHA3[country]


def list_did(authority: Authority) -> str:
    return f"{base_did(authority)}:{DOMAIN}:{participant(authority)}:DSC"


def export_did(authority: Authority, now: dt.datetime) -> bytes:
    from mohpromt_ca.authority.trust_list_contents import exported_dscs
    from mohpromt_verifier.trust_lists import gdhcn

    did = list_did(authority)
    from mohpromt_ca.authority.generations import issuer_certificate

    current = authority.certificate_of("dcc-csca")
    # after a CSCA rollover, a DSC of the previous generation chains to the previous CSCA
    methods = [gdhcn.verification_method(
        item.certificate, [issuer_certificate(authority, item.certificate, ("dcc-csca",)) or current],
        list_did=did, controller=gdhcn.parent_did(did)) for item in exported_dscs(authority, now)]
    signed = gdhcn.sign(gdhcn.document(methods, list_did=did), list_signer(authority), created=now,
                        nonce=secrets.token_urlsafe(24), verification_method_id=f"{base_did(authority)}:signing#tl")
    return json.dumps(signed, indent=2, ensure_ascii=False).encode() + b"\n"


def export_participant(authority: Authority, directory: Path, now: dt.datetime) -> list[Path]:
    """Write the onboarding files under ``directory``; the paths written."""
    from mohpromt_ca.authority.trust_list_contents import exported_dscs
    from mohpromt_ca.authority.trust_list_signer import trust_list_key

    root = directory / "onboarding" / DOMAIN
    files: dict[Path, bytes] = {
        root / "SCA" / "SCA.pem": authority.certificate_of("dcc-csca").public_bytes(Encoding.PEM),
        root / "UP" / "UP.pem": trust_list_key(authority).certificate.public_bytes(Encoding.PEM),
    }
    for item in exported_dscs(authority, now):
        kid_hex = item.certificate.fingerprint(_sha256())[:8].hex()
        files[root / "DSC" / f"{kid_hex}.pem"] = item.certificate.public_bytes(Encoding.PEM)
    issuer = {"url": list_did(authority), "type": "DID", "country": participant(authority),
              "name": authority.settings.tsl_operator_name_en, "domain": DOMAIN}
    files[root / "ISSUER" / "Trusted_Issuer.json"] = json.dumps(issuer, indent=2).encode() + b"\n"
    written = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)
            written.append(path)
    except OSError as exc:
        raise InputError(f"cannot write under {directory}: {exc.strerror}") from None
    return written


def _sha256() -> hashes.SHA256:

    return hashes.SHA256()
