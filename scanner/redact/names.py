"""Which property names hold secrets, judged by the normalised name, not by a list of spellings.

A name is normalised to lower-case letters and digits (`DB_PASS`, `db-pass` and `dbPass` are all
`dbpass`) and judged by what it ends with or contains. Names that describe a secret rather than
hold one (`keyVaultSecretId`, `credentialsType`, `secretName`, `passwordLastSet`...) end in a
descriptor and are kept: rules need them as evidence. Booleans and nulls are never secrets
(`disableLocalAuth`, `allowSharedKeyAccess`), whatever the name; that is decided by the callers.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[^a-z0-9]")

# Whole names that hold a secret.
EXACT = frozenset({
    "pass", "pwd", "password", "passwd", "secret", "secrets", "token", "tokens", "key", "keys", "key1", "key2",
    "pat", "sas", "sig", "credential", "credentials", "certificate", "pfx", "authorization", "cookie",
    "sharedaccesssignature", "privatekey", "apikey",
})
# Any name containing one of these holds a secret (unless it ends in a descriptor, below).
CONTAINS = ("password", "passwd", "passphrase", "secret", "privatekey", "connectionstring", "credential")
# Any name ending in one of these holds a secret.
ENDS = ("pass", "pwd", "token", "tokens", "sastoken", "sasuri", "sasurl", "saskey", "signingkey")
# A name ending in `key`, `keys` or `key1`/`key2` holds a secret when the word before it says what
# kind of key: an account key, not a partition key, a public key or a key name.
KEY_KINDS = (
    "account", "access", "api", "primary", "secondary", "shared", "sharedaccess", "master", "storage",
    "instrumentation", "function", "host", "subscription", "signing", "secret", "private", "admin", "auth",
    "client", "system", "service", "app", "application", "connection", "encryptionsecret", "sas", "db", "redis",
)
_KEY_SUFFIX = re.compile(r"(?:" + "|".join(sorted(KEY_KINDS, key=len, reverse=True)) + r")keys?[12]?$")
# A name ending in one of these describes a secret (its id, its name, where it lives, when it
# expires) rather than holding it.
DESCRIPTORS = (
    "id", "ids", "uri", "url", "urls", "uris", "name", "names", "type", "types", "kind", "enabled", "disabled",
    "version", "versions", "source", "sources", "expiry", "expiration", "expirationperiod", "expires", "expireson",
    "time", "timestamp", "date", "datetime", "lastset", "lastchanged", "count", "length", "policy", "policies",
    "state", "status", "mode", "required", "allowed", "configuration", "reference", "references", "store",
    "location", "path", "endpoint", "format", "algorithm", "size", "lifetime", "rotation", "access",
    "authentication", "auth", "hint", "less", "creationtime", "validity", "permissions", "bypass",
)
# Members of an object with one of these names are dates or permission names, whatever they are
# called: `keyCreationTime.key1` is a date, `accessPolicies[].permissions.secrets` a list of verbs.
LISTING_PARENTS = ("time", "timestamp", "date", "datetime", "expiry", "expiration", "expireson", "permissions", "lastset", "lastchanged")
# Words that end like a secret but are not one.
NOT_SECRET = frozenset({
    "bypass", "compass", "skiptoken", "continuationtoken", "nexttoken", "keyvault", "publickey", "publickeys",
    "sshpublickey", "sshpublickeys", "partitionkey", "rowkey", "sortkey", "primarykeyname",
    # The snapshot's own section of secret metadata (names, dates; ARM never returns a value).
    "cmkvaultsecrets",
})


def normalise(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


@lru_cache(maxsize=8192)
def is_secret_name(name: str) -> bool:
    """True when a property called `name` holds a secret value."""
    n = normalise(name)
    if not n or n in NOT_SECRET:
        return False
    if n in EXACT:
        return True
    if n.endswith(DESCRIPTORS):
        return False
    return any(part in n for part in CONTAINS) or n.endswith(ENDS) or bool(_KEY_SUFFIX.search(n))


@lru_cache(maxsize=8192)
def is_descriptor_name(name: str) -> bool:
    """True when a property called `name` describes a secret (id, name, type...) rather than holding one:
    kept even inside an object held under a secret's name (`credentials.credentialsType`)."""
    n = normalise(name)
    return n not in EXACT and (n.endswith(DESCRIPTORS) or n in NOT_SECRET)


# Under such an object, only these generic names are exempt (`permissions.keys`, `keyCreationTime.key1`):
# `keyCreationTime.password` is still a password.
GENERIC = frozenset({"key", "keys", "key1", "key2", "secret", "secrets", "certificate", "certificates", "token", "tokens"})


@lru_cache(maxsize=8192)
def is_generic_name(name: str) -> bool:
    return normalise(name) in GENERIC


@lru_cache(maxsize=8192)
def names_members(name: str) -> bool:
    """True when the members of an object called `name` are judged by their values only."""
    return normalise(name).endswith(LISTING_PARENTS)
