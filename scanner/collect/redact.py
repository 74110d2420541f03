"""Defensive redaction: secret-looking values never reach a snapshot.

The collectors never call secret-returning APIs, but ARM sometimes embeds secrets in ordinary
GET responses (connection strings in app settings, SAS URLs in datastores or job outputs,
passwords in compute definitions). Every value is checked by its key name and by its shape.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"

# Normalised key names (lower case, letters and digits only) whose string values are secrets.
_SECRET_KEYS = {
    "password", "adminpassword", "adminuserpassword", "secret", "clientsecret", "accountkey",
    "primarykey", "secondarykey", "key1", "key2", "accesskey", "secretkey", "sharedaccesskey",
    "connectionstring", "primaryconnectionstring", "secondaryconnectionstring", "sastoken", "sasuri",
    "sas", "token", "accesstoken", "refreshtoken", "apikey", "privatekey", "sshprivatekey",
    "certificate", "pfx", "storagekey", "instrumentationkey", "credential", "pat",
    "personalaccesstoken", "keyvalue", "key", "keys", "authorization", "authorizationheader",
}
_SECRET_KEY_SUFFIXES = (
    "password", "secret", "connectionstring", "accesskey", "apikey", "sastoken", "privatekey", "accountkey",
    "token", "masterkey", "subscriptionkey", "functionkey", "hostkey", "signingkey", "secretkey",
)
# Names that end like a secret but are not one (pagination cursors).
_NOT_SECRET_KEYS = {"skiptoken", "continuationtoken"}

_SECRET_VALUE_PATTERNS = [
    re.compile(r"(accountkey|sharedaccesskey|sharedaccesssignature|accesskey|password|pwd)\s*=\s*[^;\s]+", re.I),
    re.compile(r"[?&]sig=[^&\s]+", re.I),  # SAS signature
    re.compile(r"\bsv=\d{4}-\d{2}-\d{2}&.*\bsig=", re.I),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"),  # JWT
    re.compile(r"^[A-Za-z0-9+/]{86}==$"),  # storage account key (64 bytes, base64)
    re.compile(r"^[A-Za-z0-9+/]{43}=$"),  # 32-byte key, base64 (Service Bus, Cosmos...)
    re.compile(r"\b(ghp|gho|github_pat|xox[baprs])_[A-Za-z0-9_]{16,}"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    re.compile(r"\bbearer\s+[A-Za-z0-9._~+/=-]{8,}", re.I),  # an Authorization header value
    re.compile(r"://[^/\s:@]+:[^@\s/]+@"),  # credentials inside a URL
]


def _norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def is_secret_key(key: str) -> bool:
    name = _norm(key)
    if name in _NOT_SECRET_KEYS:
        return False
    return name in _SECRET_KEYS or name.endswith(_SECRET_KEY_SUFFIXES)


def looks_secret(value: str) -> bool:
    return any(p.search(value) for p in _SECRET_VALUE_PATTERNS)


def redact_text(text: str) -> str:
    """For free text (error messages): replace only the secret-looking parts."""
    out = text
    for pattern in _SECRET_VALUE_PATTERNS:
        out = pattern.sub(REDACTED, out)
    return out


def redact(value: Any) -> Any:
    """A copy of `value` with secret-looking strings replaced by "<redacted>"."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item not in (None, "", [], {}) and not isinstance(item, bool) and is_secret_key(str(key)):
                # Under a secret's name, a list or object of values is as secret as a string.
                out[key] = REDACTED
            else:
                out[key] = redact(item)
        return out
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str) and looks_secret(value):
        return REDACTED
    return value
