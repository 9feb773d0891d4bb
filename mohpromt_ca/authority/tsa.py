"""The RFC 3161 time-stamping unit on the CA's ``tsa`` key, used in-process and behind /pki/tsa.

The CA core (``ca.tsa``) parses queries and builds and signs tokens; this service picks
the key, its chain, the policy and accuracy from the settings, draws each token's
serial number and takes the time from the authority's clock. Serial numbers are 127
random bits, unique across processes without coordination, so the register stores none
(it has no table for them). A bad request is answered with status ``rejection`` and the
RFC's failInfo bit; an internal failure is logged (type and a sentence, no key
material) and answered ``systemFailure``.
"""

from __future__ import annotations

import logging

from asn1crypto import x509 as asn1_x509

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.ca.serials import new_serial
from mohpromt_ca.ca.tsa import ID_AA_SIGNING_CERTIFICATE_V2, TokenSigner, TsaAnswer, parse_query, rejection

log = logging.getLogger("mohpromt_ca.authority.tsa")

__all__ = ["ID_AA_SIGNING_CERTIFICATE_V2", "TimeStampAuthority", "TsaAnswer"]


class TimeStampAuthority:
    def __init__(self, authority: Authority, *, key_name: str = "tsa") -> None:
        self.authority = authority
        key = authority.issuing_key(key_name)
        from mohpromt_ca.authority.generations import issuer_certificate

        issuing = issuer_certificate(authority, key.certificate, ("document-signing", "dcc-csca", "root"))
        chain = [issuing] if issuing is not None else []
        self._signer = TokenSigner(key.handle, key.certificate, chain, policy=authority.settings.tsa_policy_oid,
                                   accuracy_ms=authority.settings.tsa_accuracy_ms)

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self._signer.certificate

    def respond(self, query_der: bytes) -> TsaAnswer:
        query = parse_query(query_der, policy=self._signer.policy)
        if isinstance(query, TsaAnswer):
            return query
        try:
            return self._signer.token(query, serial=new_serial(), gen_time=self.authority.clock.now())
        except Exception as exc:  # noqa: BLE001 - the protocol's answer, never a crash or a leak
            log.error("TSA: signing a time-stamp token failed (%s); answered systemFailure", type(exc).__name__)
            return rejection("system_failure", "the time-stamping unit failed")
