"""B-LT/B-LTA validation data, validated once per signer chain and reused while it stays valid.

Before a long-term signature pyHanko validates the signer's chain and the TSA's chain against
the OCSP responses and CRLs it is given, and embeds what it used in the DSS. For every document
one signer signs the inputs are the same -- the same certificates, the same OCSP response and
CRLs -- so the result is the same. An entry here keeps that result (pyHanko's
``PreSignValidationStatus``) only while every input is unchanged and inside its validity:

* the revocation data must be the very objects the entry was validated with (the revocation
  source replaces them when it fetches new ones, so a new OCSP answer or CRL is a miss);
* the clock (the authority's, injectable) must be at or after the validation time and before
  the earliest of the OCSP responses' and CRLs' ``nextUpdate`` and every certificate's
  ``notAfter`` on the validated paths.

The register's check of the signer (revoked, held, expired) still runs before every signature
(``load_signer``), cached or not.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

#: entries kept per signing service (one per signer chain and level family); the oldest go first
MAX_ENTRIES = 512


@dataclass(frozen=True)
class _Entry:
    status: Any  # pyhanko.sign.signers.pdf_signer.PreSignValidationStatus
    ocsps: tuple[Any, ...]
    crls: tuple[Any, ...]
    validated_at: dt.datetime
    valid_until: dt.datetime


def _same(one: Sequence[Any], other: Sequence[Any]) -> bool:
    return len(one) == len(other) and all(a is b for a, b in zip(one, other, strict=True))


def _ocsp_next_updates(response: Any) -> list[dt.datetime | None]:
    basic = response["response_bytes"]["response"].parsed
    return [single["next_update"].native for single in basic["tbs_response_data"]["responses"]]


def valid_until(status: Any, ocsps: Sequence[Any], crls: Sequence[Any]) -> dt.datetime | None:
    """The earliest ``nextUpdate`` / ``notAfter`` among the inputs of ``status``; ``None`` when
    one of them has no end (such data is never reused)."""
    ends: list[dt.datetime | None] = []
    for response in ocsps:
        ends.extend(_ocsp_next_updates(response))
    for crl in crls:
        ends.append(crl["tbs_cert_list"]["next_update"].native)
    for path in [status.signer_path, *status.validation_paths]:
        for certificate in path:
            ends.append(certificate["tbs_certificate"]["validity"]["not_after"].native)
    if not ends or any(end is None for end in ends):
        return None
    return min(end for end in ends if end is not None)


class PresignCache:
    """Validated pre-signature data per key (signer chain, level family); thread-safe."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[Hashable, _Entry] = {}
        self._lock = threading.Lock()
        self._max = max_entries
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, *, ocsps: Sequence[Any], crls: Sequence[Any], now: dt.datetime) -> Any | None:
        """The cached status for ``key`` if it was validated with exactly ``ocsps`` and ``crls``
        and ``now`` is inside its validity; otherwise ``None`` (and the stale entry is dropped)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and _same(entry.ocsps, ocsps) and _same(entry.crls, crls) \
                    and entry.validated_at <= now < entry.valid_until:
                self.hits += 1
                return entry.status
            self.misses += 1
            self._entries.pop(key, None)
            return None

    def put(self, key: Hashable, status: Any, *, ocsps: Sequence[Any], crls: Sequence[Any],
            now: dt.datetime) -> bool:
        """Keep ``status`` (validated at ``now`` with ``ocsps`` and ``crls``); False when it
        cannot be reused (an input without an end of validity, or already past it)."""
        until = valid_until(status, ocsps, crls)
        if until is None or until <= now:
            return False
        with self._lock:
            if key not in self._entries and len(self._entries) >= self._max:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = _Entry(status, tuple(ocsps), tuple(crls), now, until)
        return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
