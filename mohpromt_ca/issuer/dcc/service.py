"""Issue DCCs: sign (``signing``), then record in the register and the audit log in one
transaction (``register``).

Uniqueness is the database's job. When a commit hits a UNIQUE constraint:

* on the idempotency key: the request was issued before (by an earlier, interrupted run
  or a concurrent one); ``AlreadyIssued`` names its UVCI and our signature is dropped;
* on the UVCI: a generated UVCI collided (130 random bits: astronomically rare); a new
  one is drawn and the payload signed again. A UVCI the caller supplied is refused.

``issue_batch`` writes a whole batch in one transaction (the bulk path: one commit and
one audit-head lock round per batch instead of per DCC); if that transaction fails on a
constraint, each DCC is retried alone so the rest of the batch is not lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mohpromt_ca.authority.context import Authority
from mohpromt_ca.errors import AlreadyExists, MohpromtError, StorageError
from mohpromt_ca.issuer.dcc.errors import AlreadyIssued
from mohpromt_ca.issuer.dcc.profiles import Profile
from mohpromt_ca.issuer.dcc.register import Conflict, add_issued_many, keys_issued, uvcis_issued
from mohpromt_ca.issuer.dcc.request import DccRequest, parse_request
from mohpromt_ca.issuer.dcc.signing import DccSigner, SignedDcc

__all__ = ["DccIssuer", "issue_dcc"]

_UVCI_ATTEMPTS = 5


class DccIssuer:
    """Signs and records; build one per process and reuse it (keys load once)."""

    def __init__(self, authority: Authority, *, profile: str | Profile = "eu-dcc", dsc: str | None = None) -> None:
        self.authority = authority
        self.signer = DccSigner(authority, profile=profile, dsc=dsc)

    def request(self, data: Any, *, dcc_type: str | None = None) -> DccRequest:
        return parse_request(data, dcc_type=dcc_type)

    def issue(self, data: Any, *, dcc_type: str | None = None, idempotency_key: str | None = None) -> SignedDcc:
        """One DCC: sign, record, audit. Raises ``AlreadyIssued`` for a key seen before."""
        request = data if isinstance(data, DccRequest) else parse_request(data, dcc_type=dcc_type)
        if idempotency_key is not None:
            self._refuse_if_issued(idempotency_key)
        signed = self.signer.sign(request)
        for _attempt in range(_UVCI_ATTEMPTS):
            try:
                self.record([signed], [idempotency_key])
                return signed
            except Conflict:
                if idempotency_key is not None:
                    self._refuse_if_issued(idempotency_key)
                if not self._uvci_taken(signed.uvci):
                    raise StorageError("the register refused the DCC record") from None
                if request.entry.get("ci"):
                    raise AlreadyExists(f"UVCI {signed.uvci} is already in the register", code="uvci-taken") from None
                signed = self.signer.sign(request, new_uvci=True)
        raise StorageError("could not draw a UVCI that is not in the register")

    def record(self, signed: Sequence[SignedDcc], keys: Sequence[str | None]) -> None:
        """Register + audit every DCC of ``signed`` in one transaction (``Conflict`` on a clash)."""
        with self.authority.register.transaction() as session:
            add_issued_many(session, self.authority, signed, keys)

    def sign_all(self, requests: Sequence[DccRequest]) -> list[SignedDcc | MohpromtError]:
        """Sign each request (no register); a refusal is returned in its place."""
        results: list[SignedDcc | MohpromtError] = []
        for request in requests:
            try:
                results.append(self.signer.sign(request))
            except MohpromtError as exc:
                results.append(exc)
        return results

    def record_batch(self, requests: Sequence[DccRequest], signed: Sequence[SignedDcc | MohpromtError],
                     keys: Sequence[str | None], *,
                     before_write: Callable[[list[SignedDcc], list[str | None]], None] | None = None,
                     ) -> list[SignedDcc | MohpromtError]:
        """Record every signed DCC of the batch in one transaction.

        ``before_write`` sees what is about to be written (the bulk journal makes it durable
        first). If the transaction hits a constraint, each DCC is settled alone: an
        idempotency key seen before gives ``AlreadyIssued``; a generated UVCI that collided
        is drawn again and signed again (and shown to ``before_write`` again)."""
        results = list(signed)
        ok = [i for i, r in enumerate(results) if isinstance(r, SignedDcc)]
        if not ok:
            return results
        items = [results[i] for i in ok]
        item_keys = [keys[i] for i in ok]
        if before_write is not None:
            before_write(items, item_keys)  # type: ignore[arg-type]
        try:
            self.record(items, item_keys)  # type: ignore[arg-type]
            return results
        except Conflict:
            pass
        for i in ok:  # the batch clashed somewhere: settle each one alone
            results[i] = self._settle(requests[i], results[i], keys[i], before_write)  # type: ignore[arg-type]
        return results

    def issue_batch(self, requests: Sequence[DccRequest],
                    keys: Sequence[str | None]) -> list[SignedDcc | MohpromtError]:
        """Sign every request, then record them all in one transaction; per-item results."""
        return self.record_batch(requests, self.sign_all(requests), keys)

    def _settle(self, request: DccRequest, signed: SignedDcc, key: str | None,
                before_write: Callable[[list[SignedDcc], list[str | None]], None] | None) -> SignedDcc | MohpromtError:
        try:
            for _attempt in range(_UVCI_ATTEMPTS):
                try:
                    self.record([signed], [key])
                    return signed
                except Conflict:
                    if key is not None:
                        self._refuse_if_issued(key)
                    if request.entry.get("ci") or not self._uvci_taken(signed.uvci):
                        raise AlreadyExists(f"UVCI {signed.uvci} is already in the register",
                                            code="uvci-taken") from None
                    signed = self.signer.sign(request, new_uvci=True)
                    if before_write is not None:
                        before_write([signed], [key])
            raise StorageError("could not draw a UVCI that is not in the register")
        except MohpromtError as exc:
            return exc

    def _refuse_if_issued(self, key: str) -> None:
        with self.authority.register.transaction() as session:
            found = keys_issued(session, [key])
        if key in found:
            uvci = found[key][0]
            raise AlreadyIssued(f"this request was issued already as {uvci}", uvci=uvci)

    def _uvci_taken(self, uvci: str) -> bool:
        with self.authority.register.transaction() as session:
            return bool(uvcis_issued(session, [uvci]))


def issue_dcc(authority: Authority, data: Any, *, dcc_type: str | None = None, profile: str = "eu-dcc",
              dsc: str | None = None, idempotency_key: str | None = None) -> SignedDcc:
    """One-shot convenience: a ``DccIssuer`` for one DCC."""
    return DccIssuer(authority, profile=profile, dsc=dsc).issue(data, dcc_type=dcc_type,
                                                                 idempotency_key=idempotency_key)
