"""What the register keeps: every core table, on one metadata.

The tables are defined by concern in ``mohpromt_ca.storage.tables``; this module is the
one place to import them from. No medical content is stored: issued documents are
recorded by number, type, signer and hash only. Plugins' tables are not core tables:
they live in their own namespaces (``plugin_<name>_*``).
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from mohpromt_ca.storage.tables.accounts import ROLE_BINDING, ROLES, ApiKey, LoginAttempt, ServiceUser
from mohpromt_ca.storage.tables.audit import AuditEntry, AuditHead
from mohpromt_ca.storage.tables.base import Base
from mohpromt_ca.storage.tables.bulk_jobs import JOB_STATES, BulkJob, BulkJobRecord
from mohpromt_ca.storage.tables.document_revocations import REVOCATION_REASONS, DocumentRevocation
from mohpromt_ca.storage.tables.documents import IssuedDocument, ServiceDocument
from mohpromt_ca.storage.tables.register import (
    AuthorityKey,
    Certificate,
    CrlState,
    Facility,
    Revocation,
    Signer,
)
from mohpromt_ca.storage.tables.scale_out import (
    BulkJobChunk,
    BulkJobInput,
    FileKeyHome,
    SharedSecret,
    StoredArtefact,
)
from mohpromt_ca.storage.tables.trust_list_issues import TrustListIssue

__all__ = [
    "JOB_STATES", "REVOCATION_REASONS", "ROLES", "ROLE_BINDING", "TABLE_MODULES", "ApiKey", "AuditEntry",
    "AuditHead", "AuthorityKey", "Base", "BulkJob", "BulkJobChunk", "BulkJobInput", "BulkJobRecord", "Certificate",
    "CrlState", "DocumentRevocation", "Facility", "FileKeyHome", "IssuedDocument", "LoginAttempt", "Revocation",
    "ServiceDocument", "ServiceUser", "SharedSecret", "Signer", "StoredArtefact", "TrustListIssue", "core_metadata",
]

#: Every module that defines core tables. The Alembic environment (``migrations/env.py``) and
#: the migrations-match-models test load them all through ``core_metadata()``: a module that
#: defines a table is added here, in one line, with its migration.
TABLE_MODULES: tuple[str, ...] = (
    "mohpromt_ca.storage.tables.register",
    "mohpromt_ca.storage.tables.audit",
    "mohpromt_ca.storage.tables.documents",
    "mohpromt_ca.storage.tables.document_revocations",
    "mohpromt_ca.storage.tables.accounts",
    "mohpromt_ca.storage.tables.bulk_jobs",
    "mohpromt_ca.storage.tables.scale_out",
    "mohpromt_ca.storage.tables.trust_list_issues",
    "mohpromt_ca.storage.tables.rate_limits",
)


def core_metadata() -> MetaData:
    """``Base.metadata`` with every module of ``TABLE_MODULES`` imported: the whole core schema."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
    return Base.metadata
