"""Validate a TS 119 612 trusted list against the standard's own XSD (vendored in ``schemas/``).

The main schema (TS 119 612 v2.4.1) checks the list; XAdES qualifying properties sit in a
``ds:Object`` (an ``xsd:any`` there), so they are validated on their own against the XAdES
schema (EN 319 132-1, v1.3.2 namespace). The schemas are read from the package, never from
the network; see ``schemas/SOURCE.md`` for where they come from.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from mohpromt_verifier.trust_lists.errors import ListFormatError

SCHEMA_DIR = Path(__file__).with_name("schemas")
TSL_XSD = SCHEMA_DIR / "ts_119612v020401_xsd.xsd"
XADES_XSD = SCHEMA_DIR / "XAdES01903v132-202407.xsd"
XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
MAX_REPORTED = 3


class SchemaInvalid(ListFormatError):
    """The list does not validate against the TS 119 612 (or XAdES) schema."""

    code = "trust-list-schema"


@cache
def _schema(path: Path) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser=parser))


def errors_of(root: Any) -> list[str]:
    """Every schema error of a parsed list (``line N: message``), empty when it is valid."""
    found = []
    tsl_schema = _schema(TSL_XSD)
    if not tsl_schema.validate(root):
        found += [f"line {e.line}: {e.message}" for e in tsl_schema.error_log]
    xades_schema = _schema(XADES_XSD)
    for properties in root.iter(f"{{{XADES_NS}}}QualifyingProperties"):
        if not xades_schema.validate(properties):
            found += [f"line {e.line} (XAdES): {e.message}" for e in xades_schema.error_log]
    return found


def check(root: Any) -> None:
    """Raise :class:`SchemaInvalid` naming the first errors when the list is not schema-valid."""
    found = errors_of(root)
    if found:
        more = f" (and {len(found) - MAX_REPORTED} more)" if len(found) > MAX_REPORTED else ""
        raise SchemaInvalid("the trusted list does not validate against the ETSI TS 119 612 schema: "
                            + "; ".join(found[:MAX_REPORTED]) + more)
