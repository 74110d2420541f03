"""Credentials for Resource Manager, built on azure-identity.

`token` mode reads a bearer token from the AMLSCAN_ARM_TOKEN environment variable (air-gapped
runners, tests). The token is never logged, printed or put in a snapshot: the credential object
keeps it private and its repr does not show it.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scanner.collect.clouds import Cloud
from scanner.errors import UsageError

if TYPE_CHECKING:
    from azure.core.credentials import AccessToken, AccessTokenInfo

TOKEN_ENV = "AMLSCAN_ARM_TOKEN"
AUTH_MODES: tuple[str, ...] = (
    "default",
    "cli",
    "managed-identity",
    "workload-identity",
    "service-principal-env",
    "token",
)


class StaticTokenCredential:
    """A TokenCredential serving one bearer token (from AMLSCAN_ARM_TOKEN)."""

    def __init__(self, token: str) -> None:
        # kept in a closure, not an attribute: vars(), reprs and locals-dumping tracebacks can't show it
        self._token: Callable[[], str] = lambda: token
        self._expires_on = _jwt_expiry(token) or int(time.time()) + 3600

    def __repr__(self) -> str:  # never show the token
        return "StaticTokenCredential(<redacted>)"

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        from azure.core.credentials import AccessToken

        return AccessToken(self._token(), self._expires_on)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(self._token(), self._expires_on)

    def close(self) -> None:
        pass


def _jwt_claims(token: str) -> dict[str, Any]:
    """Unverified claims of a JWT (for its tenant and expiry only); {} if it is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _jwt_expiry(token: str) -> int | None:
    exp = _jwt_claims(token).get("exp")
    return int(exp) if isinstance(exp, (int, float)) else None


def tenant_from_token(token: str) -> str | None:
    tid = _jwt_claims(token).get("tid")
    return tid if isinstance(tid, str) else None


def build_credential(mode: str, cloud: Cloud) -> Any:
    """A TokenCredential for `mode`. Raises UsageError for an unknown mode or a missing token."""
    if mode == "token":
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise UsageError(f"--auth token needs a bearer token in the {TOKEN_ENV} environment variable")
        return StaticTokenCredential(token)

    import azure.identity as identity

    authority = {"authority": cloud.authority_host}
    if mode == "default":
        return identity.DefaultAzureCredential(**authority)
    if mode == "cli":
        return identity.AzureCliCredential()
    if mode == "managed-identity":
        client_id = os.environ.get("AZURE_CLIENT_ID")
        return identity.ManagedIdentityCredential(client_id=client_id) if client_id else identity.ManagedIdentityCredential()
    if mode == "workload-identity":
        return identity.WorkloadIdentityCredential(**authority)
    if mode == "service-principal-env":
        return identity.EnvironmentCredential(**authority)
    raise UsageError(f"unknown --auth mode {mode!r}; choose one of {', '.join(AUTH_MODES)}")
