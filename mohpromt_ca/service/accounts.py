"""Accounts and API keys are use cases of the application layer (:mod:`mohpromt_ca.application.accounts`);
re-exported here for the code and tests that import them from the service."""

from mohpromt_ca.application.accounts import (
    ROLES,
    ApiKeyInfo,
    UserInfo,
    authenticate_api_key,
    authenticate_user,
    check_password_policy,
    create_api_key,
    create_user,
    hash_password,
    list_api_keys,
    principal_for_user,
    revoke_api_key,
    token_digest,
)

__all__ = ["ROLES", "ApiKeyInfo", "UserInfo", "authenticate_api_key", "authenticate_user", "check_password_policy",
           "create_api_key", "create_user", "hash_password", "list_api_keys", "principal_for_user", "revoke_api_key",
           "token_digest"]
