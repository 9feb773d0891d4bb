"""Child process for the crash test: rewrites one cached list forever, alternating two
large versions, until it is killed (SIGKILL) by the test."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from mohpromt_verifier.trust_lists.cache import CachedList, TrustListCache
from mohpromt_verifier.trust_lists.model import content_digest


def version(tag: str, count: int) -> CachedList:
    entries = tuple({"kid": f"{tag}{i:06d}", "rawData": tag * 600, "country": "TH", "thumbprint": f"{i:064x}",
                     "certificateType": "DSC"} for i in range(count))
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return CachedList(name="crash", kind="dsc", shape="national", source=f"version-{tag}", fetched_at=at,
                      issued_at=at, expires_at=None, manual=False, entries=entries,
                      digest=content_digest(list(entries)))


def main() -> None:
    cache = TrustListCache(Path(sys.argv[1]))
    versions = [version("A", 4000), version("B", 3000)]
    with cache.locked():
        cache.write(versions[0])
    print("ready", flush=True)
    turn = 1
    while True:
        with cache.locked():
            cache.write(versions[turn % 2])
        turn += 1


if __name__ == "__main__":
    main()
