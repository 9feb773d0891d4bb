"""The plugin SDK: everything a plugin may import from the CA is here.

Other modules of the platform (booking, health records, volunteer rewards, a third party's)
extend the CA through the entry-point group ``mohpromt_ca.plugins``. A plugin imports
``mohpromt_ca.plugins`` (and SQLAlchemy, FastAPI, pydantic, ``mohpromt_verifier``), never the
CA's internals: the import contract ``plugin-sdk-only`` keeps it so.

- the interface: :class:`Plugin`, :class:`PluginBase` (``name``, ``version``, ``requires``,
  ``setup``, ``certificate_types``, ``routes``, ``on_event``);
- :class:`PluginContext` (:mod:`.context`): the scoped client, the storage namespace, the data
  directory, the clock, and inside the service the caller's principal and client;
- the CA client: :class:`CaClient`, :class:`DocumentInfo`, :class:`VoucherInfo`, and
  :class:`HttpClient` (out of process); what a plugin may call is what it declared
  (:mod:`.capabilities`, :class:`CapabilityError`);
- storage: :class:`PluginStorage` (the namespace's shape, :mod:`.storage`);
- events: :class:`Event` and its kinds, :class:`EventBus`, :func:`default_bus`;
- certificate data: :func:`get_type`, :data:`BANGKOK`, :class:`Facility`, :class:`Signer`,
  :func:`validate_citizen_id`, :func:`thai_date`, :class:`DocumentChecks`;
- errors and clock: the CA's error classes, :class:`Forbidden`, :data:`SYSTEM_CLOCK`.

Hosting plugins (loading, mounting routes, building contexts) is the service's
(``mohpromt_ca.service.plugin_host``): nothing here imports the service. Importing this
package is cheap (no FastAPI, SQLAlchemy or pyHanko).
"""

from __future__ import annotations

from mohpromt_ca.clock import SYSTEM_CLOCK, Clock, FixedClock
from mohpromt_ca.plugins.capabilities import OPERATIONS, Permissions, ScopedClient
from mohpromt_ca.plugins.client import CaClient, DocumentInfo, VoucherInfo
from mohpromt_ca.plugins.context import PluginContext
from mohpromt_ca.plugins.documents import (
    BANGKOK,
    DocumentChecks,
    Facility,
    Signer,
    get_type,
    thai_date,
    validate_citizen_id,
)
from mohpromt_ca.plugins.errors import (
    AlreadyExists,
    CapabilityError,
    ConfigError,
    Forbidden,
    InputError,
    MohpromtError,
    NotFound,
    PolicyError,
    StateError,
    VerificationError,
)
from mohpromt_ca.plugins.events import (
    DocumentIssued,
    DocumentRevoked,
    Event,
    EventBus,
    SignerEnrolled,
    SignerRevoked,
    default_bus,
)
from mohpromt_ca.plugins.http_client import HttpClient  # httpx is imported when one is made
from mohpromt_ca.plugins.interface import Plugin, PluginBase
from mohpromt_ca.plugins.registry import GROUP, PluginRegistry, activate
from mohpromt_ca.plugins.storage import PluginStorage, StorageConnection

__all__ = [
    "BANGKOK",
    "GROUP",
    "OPERATIONS",
    "SYSTEM_CLOCK",
    "AlreadyExists",
    "CaClient",
    "CapabilityError",
    "Clock",
    "ConfigError",
    "DocumentChecks",
    "DocumentInfo",
    "DocumentIssued",
    "DocumentRevoked",
    "Event",
    "EventBus",
    "Facility",
    "FixedClock",
    "Forbidden",
    "HttpClient",
    "InputError",
    "MohpromtError",
    "NotFound",
    "Permissions",
    "Plugin",
    "PluginBase",
    "PluginContext",
    "PluginRegistry",
    "PluginStorage",
    "PolicyError",
    "ScopedClient",
    "Signer",
    "SignerEnrolled",
    "SignerRevoked",
    "StateError",
    "StorageConnection",
    "VerificationError",
    "VoucherInfo",
    "activate",
    "default_bus",
    "get_type",
    "thai_date",
    "validate_citizen_id",
]

