"""The health-records reference plugin (issue 9): a citizen's record of every certificate issued
to them, keyed by a keyed hash of the citizen ID (never the ID in clear), listed and fetched
with the CA's current status; a recorded lab result turned into a signed laboratory
certificate.

- :mod:`.keys` -- the module's secret: citizen-ID HMAC and the seal for pending lab results;
- :mod:`.store` -- its tables ``plugin_records_*`` (and how long raw lab results are kept);
- :mod:`.service` -- :class:`RecordsService` over any ``CaClient`` (in-process, as the caller
  inside the service, or over HTTP);
- :mod:`.routes` -- ``/plugins/records/...``; :mod:`.plugin` -- :class:`RecordsPlugin`.
"""

from __future__ import annotations

from typing import Any

from mohpromt_plugins.records.plugin import RecordsPlugin

__all__ = ["RecordsKeys", "RecordsPlugin", "RecordsService", "RecordsStore"]


def __getattr__(name: str) -> Any:  # the heavier parts load when used, not when types are listed
    if name == "RecordsKeys":
        from mohpromt_plugins.records.keys import RecordsKeys

        return RecordsKeys
    if name == "RecordsStore":
        from mohpromt_plugins.records.store import RecordsStore

        return RecordsStore
    if name == "RecordsService":
        from mohpromt_plugins.records.service import RecordsService

        return RecordsService
    raise AttributeError(name)
