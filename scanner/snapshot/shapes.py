"""What the two producers of a snapshot agree on about Azure's shapes, so the live collector
(scanner/collect) and the IaC normaliser (scanner/iac) write the same sections without importing
each other: ids built from names, the key a key identifier names, what of a secret is kept.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# Datastore types that point at a storage account, and those whose data-plane audit logs are the
# blob service's.
STORAGE_TYPES = {"azureblob", "azuredatalakegen2", "azurefile"}
BLOB_TYPES = {"azureblob", "azuredatalakegen2"}
STORAGE_TYPE = "Microsoft.Storage/storageAccounts"
# What of a Key Vault secret list item is kept: never its value, never a URI.
SECRET_KEEP = ("attributes", "contentType")


def storage_id(subscription: str, resource_group: str, name: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{STORAGE_TYPE}/{name}"


def key_name(key_identifier: Any) -> str | None:
    """The key name in `https://{vault}.vault.azure.net/keys/{name}[/{version}]` (or a managed HSM's), else None."""
    if not isinstance(key_identifier, str) or not key_identifier.strip():
        return None
    parts = [p for p in urlsplit(key_identifier.strip()).path.split("/") if p]
    if len(parts) < 2 or parts[0].lower() != "keys" or len(parts) > 3:
        return None
    return parts[1]


def secret_metadata(secret: dict[str, Any]) -> dict[str, Any]:
    """A secret list item without anything but its metadata (no value, no URIs)."""
    out = {k: v for k, v in secret.items() if k != "properties"}
    props = secret.get("properties")
    out["properties"] = {k: props[k] for k in SECRET_KEEP if k in props} if isinstance(props, dict) else {}
    return out
