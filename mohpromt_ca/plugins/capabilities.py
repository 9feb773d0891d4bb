"""What a plugin may ask of the CA: its declared ``requires``, enforced by :class:`ScopedClient`.

A plugin declares the CA operations it needs as a class attribute::

    class BookingPlugin(PluginBase):
        requires = {"issue_pdf": ["vaccination", "rt-pcr", "atk"], "issue_dcc": True,
                    "document_status": True, "fetch_pdf": True}

Keys are :data:`OPERATIONS`; a value is ``True`` (any) or a list of certificate types
(``issue_pdf``: type keys; ``issue_dcc``: DCC types, which the call must then name). A plain
list of operation names means ``True`` for each. Every client the host hands the plugin
(``context.client``, ``context.client_for(caller)``) is wrapped in a :class:`ScopedClient`:
an undeclared operation or type raises :class:`~.errors.CapabilityError`, is logged, and
never reaches the CA.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mohpromt_ca.plugins.client import CaClient, DocumentInfo, VoucherInfo
from mohpromt_ca.plugins.errors import CapabilityError

__all__ = ["OPERATIONS", "VOUCHER_MODULE", "Permissions", "ScopedClient"]

OPERATIONS = ("issue_pdf", "issue_dcc", "revoke_document", "document_status", "fetch_pdf", "issue_voucher",
              "voucher_trust")
_TYPED = ("issue_pdf", "issue_dcc")
#: the one plugin that may ask for vouchers (whatever another plugin declares)
VOUCHER_MODULE = "rewards"
log = logging.getLogger("mohpromt_ca.plugins.capabilities")


@dataclass(frozen=True)
class Permissions:
    """operation -> ``None`` (any type) or the allowed types."""

    grants: Mapping[str, frozenset[str] | None]

    @classmethod
    def parse(cls, declared: Any) -> Permissions:
        """From a plugin's ``requires`` (mapping, or iterable of operation names; ``None``: nothing)."""
        if declared is None:
            return cls({})
        if isinstance(declared, str):
            raise TypeError("requires: a mapping or a list of operation names, not a string")
        items: Iterable[tuple[Any, Any]] = (declared.items() if isinstance(declared, Mapping)
                                            else ((op, True) for op in declared))
        grants: dict[str, frozenset[str] | None] = {}
        for op, value in items:
            if op not in OPERATIONS:
                raise ValueError(f"requires: unknown operation {op!r} (known: {', '.join(OPERATIONS)})")
            if value is True:
                grants[op] = None
            elif value is False or value is None:
                continue
            elif op in _TYPED and not isinstance(value, str | bytes) and isinstance(value, Iterable):
                types = frozenset(str(t) for t in value)
                if not types:
                    continue
                grants[op] = types
            else:
                raise ValueError(f"requires[{op!r}]: True, or a list of types for issue_pdf / issue_dcc")
        return cls(grants)

    def allows(self, op: str, type_key: str | None = None) -> bool:
        if op not in self.grants:
            return False
        types = self.grants[op]
        return types is None or (type_key is not None and type_key in types)

    def as_dict(self) -> dict[str, Any]:
        return {op: True if t is None else sorted(t) for op, t in sorted(self.grants.items())}


class ScopedClient:
    """A :class:`~.client.CaClient` that passes only the declared operations to ``inner``."""

    def __init__(self, inner: CaClient, *, plugin: str, permissions: Permissions) -> None:
        self._inner = inner
        self.plugin = plugin
        self.permissions = permissions

    def __repr__(self) -> str:
        return f"ScopedClient(plugin={self.plugin!r}, permissions={self.permissions.as_dict()!r})"

    def _check(self, op: str, type_key: str | None = None) -> None:
        if self.permissions.allows(op, type_key):
            return
        what = f"{op}({type_key!r})" if op in _TYPED else op
        log.warning("plugin %s: refused %s: not in its declared requires", self.plugin, what)
        if op in self.permissions.grants:
            raise CapabilityError(f"plugin {self.plugin} may not {op} type {str(type_key)[:64]!r}: it declared "
                                  f"only {', '.join(sorted(self.permissions.grants[op] or ()))}")
        raise CapabilityError(f"plugin {self.plugin} did not declare {op!r} in its requires")

    def issue_pdf(self, type_key: str, data: dict[str, Any], *, signer_id: int, level: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        self._check("issue_pdf", type_key)
        return self._inner.issue_pdf(type_key, data, signer_id=signer_id, level=level,
                                     idempotency_key=idempotency_key)

    def issue_dcc(self, data: dict[str, Any], *, dcc_type: str | None = None,
                  idempotency_key: str | None = None) -> DocumentInfo:
        self._check("issue_dcc", dcc_type)
        return self._inner.issue_dcc(data, dcc_type=dcc_type, idempotency_key=idempotency_key)

    def revoke_document(self, number: str, *, reason: str = "withdrawn") -> DocumentInfo:
        self._check("revoke_document")
        return self._inner.revoke_document(number, reason=reason)

    def document_status(self, number: str) -> DocumentInfo:
        self._check("document_status")
        return self._inner.document_status(number)

    def fetch_pdf(self, number: str) -> bytes:
        self._check("fetch_pdf")
        return self._inner.fetch_pdf(number)

    def issue_voucher(self, *, volunteer_ref: str, points: int, value_baht: int, valid_days: int = 90,
                      partner: str | None = None, program: str = "osm-rewards",
                      debit_id: str | None = None) -> VoucherInfo:
        self._check("issue_voucher")
        if self.plugin != VOUCHER_MODULE:
            log.warning("plugin %s: refused issue_voucher: only the rewards module asks for vouchers", self.plugin)
            raise CapabilityError(f"plugin {self.plugin} may not issue_voucher: vouchers are signed only for "
                                  f"the {VOUCHER_MODULE} module")
        return self._inner.issue_voucher(volunteer_ref=volunteer_ref, points=points, value_baht=value_baht,
                                         valid_days=valid_days, partner=partner, program=program, debit_id=debit_id)

    def voucher_trust(self) -> bytes:
        self._check("voucher_trust")
        return self._inner.voucher_trust()
