"""What a plugin needs to prepare a certificate's data (re-exported by :mod:`mohpromt_ca.plugins`).

- the certificate types and their schemas: :func:`get_type` (``get_type(key).validate(data)``,
  ``.schema.allowed_professions``), and the building blocks the built-in types share:
  :data:`BANGKOK`, :class:`Facility`, :class:`Signer`, :func:`validate_citizen_id`,
  :func:`thai_date`;
- :class:`DocumentChecks`: the checks that belong to the issuer (the EU DCC model), which a
  plugin cannot import. The host provides them (``context.documents``), so a module validates
  a DCC before it issues anything; out of process the module's runner passes the same
  implementation (``mohpromt_ca.service.plugin_host.local_document_checks()``).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from mohpromt_ca.templates import get_type
from mohpromt_ca.templates.common import BANGKOK, Facility, Signer, thai_date, validate_citizen_id

__all__ = ["BANGKOK", "DocumentChecks", "Facility", "Signer", "get_type", "thai_date", "validate_citizen_id"]


@runtime_checkable
class DocumentChecks(Protocol):
    def dcc_from_vaccination_record(self, record: Any) -> dict[str, Any]:
        """The typed DCC input for a validated vaccination record's latest dose (refusals name
        the record's field)."""
        ...

    def check_dcc(self, data: dict[str, Any], *, dcc_type: str) -> None:
        """Raise ``InputError`` unless ``data`` is a DCC request the CA would accept."""
        ...
