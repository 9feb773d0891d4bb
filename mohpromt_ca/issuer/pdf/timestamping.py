"""Timestamps for B-T and above: the CA's own TSA in-process, or a remote RFC 3161 URL.

``MOHPROMT_TSA_URL`` set: pyHanko's ``HTTPTimeStamper`` posts to it. Unset: the request
goes straight to :class:`~mohpromt_ca.authority.tsa.TimeStampAuthority` in this process (no
HTTP, no serialisation beyond the DER the protocol defines).
"""

from __future__ import annotations

from asn1crypto import tsp
from pyhanko.sign.timestamps import TimeStamper

from mohpromt_ca.authority.context import Authority


class InProcessTimeStamper(TimeStamper):
    """pyHanko's ``TimeStamper`` answered by our TSA object, without a network hop."""

    def __init__(self, tsa) -> None:
        super().__init__(include_nonce=True)
        self._tsa = tsa

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        answer = self._tsa.respond(req.dump())
        return tsp.TimeStampResp.load(answer.der)


def make_timestamper(authority: Authority) -> TimeStamper:
    url = authority.settings.tsa_url
    if url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        return HTTPTimeStamper(url, timeout=10)
    from mohpromt_ca.authority.tsa import TimeStampAuthority

    return InProcessTimeStamper(TimeStampAuthority(authority))
