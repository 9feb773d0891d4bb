"""The service's refusals live in the application layer (:mod:`mohpromt_ca.application.errors`);
re-exported here for the HTTP edge."""

from mohpromt_ca.application.errors import Forbidden, IdempotencyKeyReused, Throttled, Unauthenticated

__all__ = ["Forbidden", "IdempotencyKeyReused", "Throttled", "Unauthenticated"]
