"""The service's tables now live in the storage layer (``mohpromt_ca.storage.tables``).

This module re-exports them under their old names so the service's modules keep their
imports; new code imports from ``mohpromt_ca.storage.models``.
"""

from __future__ import annotations

from mohpromt_ca.storage.models import (
    JOB_STATES,
    ROLE_BINDING,
    ROLES,
    ApiKey,
    BulkJob,
    BulkJobRecord,
    LoginAttempt,
    ServiceDocument,
    ServiceUser,
)

__all__ = ["JOB_STATES", "ROLES", "ROLE_BINDING", "ApiKey", "BulkJob", "BulkJobRecord", "LoginAttempt",
           "ServiceDocument", "ServiceUser"]
