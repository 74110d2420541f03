"""Issue 14's workspace sections from infrastructure code, in the shape a live collection gives them.

- `encryption_cosmos_db`, `encryption_search_service`, `encryption_storage_account`: the resources
  the workspace's encryption settings name, when the input declares them;
- `cmk_key`: the Key Vault key `keyIdentifier` names (a URI, or `reference()` of a key the template
  declares: the key it is the runtime URI of), `cmk_vault_keys` and `cmk_vault_secrets`: the keys
  and secrets declared in the customer-managed-key vault (secrets: metadata only, their value is
  never read, see assemble);
- `associated_private_endpoint_connections`: the connections the declared private endpoints make
  to the storage account, key vault, container registry and CMK vault;
- `datastore_targets`, `datastore_storage_accounts`, `datastore_role_assignments`: which storage
  account each declared datastore points at, that account and the role assignments on it;
- `log_analytics_destinations`: the Log Analytics workspaces the declared diagnostic settings send to.

What the input cannot know is `error` with a message (a resource deployed elsewhere, a value known
only at deployment, role assignments inherited from other scopes): rules say unknown.
"""

from __future__ import annotations

from typing import Any

from scanner.iac.iac_resource import IacResource, link_target
from scanner.iac.private_endpoints import SHAPES, connections_to
from scanner.iac.sections import (
    SERVICE_KNOWN_AFTER_APPLY,
    Index,
    Section,
    dependent,
    failed_list,
    linked_by_id,
    linked_section,
    list_section,
    not_declared,
    resource_of,
    role_assignments,
)
from scanner.snapshot.canonical import type_of_id
from scanner.snapshot.model import json_object
from scanner.snapshot.shapes import BLOB_TYPES, STORAGE_TYPES, key_name, storage_id

ML_API = "2025-12-01"
STORAGE_API = "2026-09-01"
KEY_VAULT_API = "2026-05-15"
KEY_API = "2024-11-01"
LOG_ANALYTICS_API = "2025-07-01"
ENCRYPTION_LINKS = {  # section -> (property of properties.encryption, api-version)
    "encryption_cosmos_db": ("cosmosDbResourceId", "2024-11-15"),
    "encryption_search_service": ("searchAccountResourceId", "2023-11-01"),
    "encryption_storage_account": ("storageAccountResourceId", STORAGE_API),
}
KEYS, SECRETS = "microsoft.keyvault/vaults/keys", "microsoft.keyvault/vaults/secrets"
DIAGNOSTIC_SETTINGS = "microsoft.insights/diagnosticsettings"
STORAGE = "microsoft.storage/storageaccounts"
KV = "properties.encryption.keyVaultProperties"
DECLARED_KEYS = "the keys this infrastructure code declares in the vault (keys created outside it are known only to a live scan)"
DECLARED_SECRETS = ("the secrets this infrastructure code declares in the vault, metadata only (secrets created outside it "
                    "are known only to a live scan)")
DECLARED_ENDPOINTS = ("the private endpoints this infrastructure code declares that connect to the resource "
                      "(automatic connections Approved, manual ones Pending)")
TARGETS_NOTE = "derived from the datastores section: the storage account each datastore points at"
BLOB_OF_UNDECLARED = ("the storage account is not declared in this infrastructure code: the diagnostic settings it declares for the "
                      "account's blob service are listed, its other settings are known only to a live scan")


def _unresolved_encryption(ws: IacResource) -> bool:
    return "properties.encryption" in ws.unresolved


def encryption_sections(index: Index, ws: IacResource) -> dict[str, Section]:
    out: dict[str, Section] = {}
    for key, (prop, api_version) in ENCRYPTION_LINKS.items():
        if _unresolved_encryption(ws):
            out[key] = not_declared(api_version, "the workspace's encryption settings cannot be resolved before deployment")
        else:
            out[key] = linked_section(index, ws, f"properties.encryption.{prop}", api_version)
    return out


def _with_vault(section: Section, vault_id: str | None) -> Section:
    return {**section, "vault_id": vault_id}


def _key_id(ws: IacResource, vault_id: str) -> tuple[str | None, str | None]:
    """(ARM id of the key keyIdentifier names, or None with why)."""
    path = f"{KV}.keyIdentifier"
    ref = link_target(ws, path)
    if isinstance(ref, str) and ref.lower().startswith("/subscriptions/"):
        return ref, None  # reference() of a key the template declares, or an id built with placeholders
    if path in ws.unresolved:
        return None, "the workspace's keyIdentifier cannot be resolved before deployment"
    name = key_name(ref)
    if name is None:
        return None, f"cannot read a key name from keyIdentifier {ref!r}"
    return f"{vault_id}/keys/{name}", None


def key_sections(index: Index, ws: IacResource, vault: Section) -> dict[str, Section]:
    """`cmk_key`, `cmk_vault_keys`, `cmk_vault_secrets` (as scanner.collect.keys shapes them)."""
    path = f"{KV}.keyVaultArmId"
    vault_id = link_target(ws, path)
    if _unresolved_encryption(ws) or (path in ws.unresolved and not isinstance(vault_id, str)):
        why = "the workspace's customer-managed key vault cannot be resolved before deployment"
        return {"cmk_key": not_declared(KEY_API, why), "cmk_vault_keys": _with_vault(failed_list(KEY_API, why), None),
                "cmk_vault_secrets": _with_vault(failed_list(KEY_API, why), None)}
    if not isinstance(vault_id, str) or not vault_id.strip():
        note = "the workspace names no customer-managed key vault: nothing to list"
        empty = {"status": "ok", "api_version": KEY_API, "items": [], "message": note}
        return {"cmk_key": {"status": "ok", "api_version": KEY_API, "resource": None, "resource_id": None},
                "cmk_vault_keys": _with_vault(empty, None), "cmk_vault_secrets": _with_vault(dict(empty), None)}
    key_id, problem = _key_id(ws, vault_id)
    if key_id is None:
        key = not_declared(KEY_API, problem or "")
    else:
        key = linked_by_id(index, key_id, KEY_API)  # an error naming the key when it is not declared
    if resource_of(vault) is None:
        why = "the customer-managed key vault"
        return {"cmk_key": key, "cmk_vault_keys": _with_vault(dependent(vault, why, KEY_API), vault_id),
                "cmk_vault_secrets": _with_vault(dependent(vault, why, KEY_API), vault_id)}
    keys = list_section(index.children(vault_id, KEYS), KEY_API, index, DECLARED_KEYS)
    if "/microsoft.keyvault/managedhsms/" in vault_id.lower():
        secrets: Section = {"status": "ok", "api_version": KEY_API, "items": [], "message": "a managed HSM holds no secrets"}
    else:
        secrets = list_section(index.children(vault_id, SECRETS), KEY_API, index, DECLARED_SECRETS)
    return {"cmk_key": key, "cmk_vault_keys": _with_vault(keys, vault_id), "cmk_vault_secrets": _with_vault(secrets, vault_id)}


def absent_sections(message: str) -> dict[str, Section]:
    """The sections above for a workspace the input does not declare."""
    out: dict[str, Section] = {key: not_declared(api, message) for key, (_, api) in ENCRYPTION_LINKS.items()}
    out["cmk_key"] = not_declared(KEY_API, message)
    out["cmk_vault_keys"] = _with_vault(failed_list(KEY_API, message), None)
    out["cmk_vault_secrets"] = _with_vault(failed_list(KEY_API, message), None)
    return out


def associated_connections(index: Index, entry: dict[str, Any]) -> dict[str, Section]:
    out: dict[str, Section] = {}
    for key in ("storage_account", "key_vault", "container_registry", "cmk_key_vault"):
        section = entry[key]
        resource = resource_of(section)
        rid = resource.get("id") if resource else section.get("resource_id")
        if not isinstance(rid, str) or not rid or rid.lower() in out:
            continue
        type_ = type_of_id(rid)
        if type_ not in SHAPES:
            continue
        if resource is None:
            out[rid.lower()] = dependent(section, "its private endpoint connections", section.get("api_version"))
        else:
            out[rid.lower()] = list_section(connections_to(index, rid, type_), section.get("api_version"), index, DECLARED_ENDPOINTS)
    return out


# --- datastores -------------------------------------------------------------------------------


def _storage_by_name(index: Index, name: str) -> list[str]:
    return [r.id for r in index.of_type(STORAGE) if str(r.resource.get("name", "")).lower() == name.lower()]


def _target(index: Index, res: IacResource, workspace_storage: str | None) -> dict[str, Any]:
    props = json_object(res.resource.get("properties"))
    kind = str(props.get("datastoreType") or "")
    name = props.get("accountName")
    item: dict[str, Any] = {"datastore": res.resource.get("name"), "datastore_id": res.id, "datastore_type": kind or None,
                            "account_name": name, "storage_account_id": None, "resolved_by": None}
    if "properties.datastoreType" in res.unresolved:
        item["note"] = "the datastore's type cannot be resolved before deployment"
        return item
    if kind.lower() not in STORAGE_TYPES:
        item["note"] = "not a storage account datastore"
        return item
    linked = res.links.get("properties.accountName")
    if isinstance(linked, str):
        item.update(storage_account_id=linked, resolved_by="the storage container or share the datastore names")
        return item
    if "properties.accountName" in res.unresolved or not isinstance(name, str) or not name.strip():
        item["note"] = ("the datastore's account name cannot be resolved before deployment" if "properties.accountName" in res.unresolved
                        else "the datastore names no storage account")
        return item
    name = name.strip()
    sub, rg = props.get("subscriptionId"), props.get("resourceGroup")
    if isinstance(sub, str) and sub.strip() and isinstance(rg, str) and rg.strip():
        item.update(storage_account_id=storage_id(sub.strip(), rg.strip(), name), resolved_by="datastore subscriptionId and resourceGroup")
    elif workspace_storage and workspace_storage.rstrip("/").rsplit("/", 1)[-1].lower() == name.lower():
        item.update(storage_account_id=workspace_storage, resolved_by="the workspace's storage account")
    elif len(found := _storage_by_name(index, name)) == 1:
        item.update(storage_account_id=found[0], resolved_by="storage account of that name declared in this infrastructure code")
    else:
        item["note"] = "no storage account of that name in this infrastructure code (and the datastore names none): known only to a live scan"
    return item


def datastore_sections(index: Index, datastores: list[IacResource], entry: dict[str, Any]) -> tuple[dict[str, Section], list[str], dict[str, Section]]:
    """(the three datastore sections, the blob services of declared datastore accounts whose
    diagnostic settings to attach, the diagnostic sections of blob services of accounts the input
    does not declare: their status, by lower-cased id)."""
    storage = resource_of(entry["storage_account"])
    ws_storage = storage["id"] if storage else entry["storage_account"].get("resource_id")
    items = sorted((_target(index, res, ws_storage) for res in datastores), key=lambda i: (str(i.get("datastore") or ""), str(i.get("datastore_id") or "")))
    targets: Section = {"status": "ok", "api_version": ML_API, "items": items, "message": TARGETS_NOTE}
    accounts: dict[str, dict[str, Any]] = {}
    for item in items:
        rid = item.get("storage_account_id")
        if isinstance(rid, str):
            acct = accounts.setdefault(rid.lower(), {"id": rid, "datastores": set(), "blob": False})
            acct["datastores"].add(item.get("datastore"))
            acct["blob"] = acct["blob"] or str(item.get("datastore_type") or "").lower() in BLOB_TYPES
    ds_storage: dict[str, Section] = {}
    ds_roles: dict[str, Section] = {}
    blob_targets: list[str] = []
    blob_missing: dict[str, Section] = {}
    for key, acct in accounts.items():
        rid = acct["id"]
        if isinstance(ws_storage, str) and key == ws_storage.lower():
            section = dict(entry["storage_account"])
            ds_roles[key] = dict(entry["role_assignments"].get(key) or role_assignments(index, [rid])[key])
        else:
            section = dict(linked_by_id(index, rid, STORAGE_API))
            ds_roles[key] = role_assignments(index, [rid])[key]
            if acct["blob"]:
                blob = f"{rid}/blobServices/default"
                if section["status"] == "ok":
                    blob_targets.append(blob)
                else:  # the declared settings are kept, but the account's others are not in the input
                    declared = list_section(index.extensions(DIAGNOSTIC_SETTINGS, blob), "2021-05-01-preview", index)
                    blob_missing[blob.lower()] = {**declared, "status": "error", "message": BLOB_OF_UNDECLARED}
        section["datastores"] = sorted(str(d) for d in acct["datastores"] if d)
        ds_storage[key] = section
    sections = {"datastore_targets": targets, "datastore_storage_accounts": ds_storage, "datastore_role_assignments": ds_roles}
    return sections, blob_targets, blob_missing


def log_destinations(index: Index, targets: list[str]) -> dict[str, Section]:
    """The Log Analytics workspaces the declared diagnostic settings of `targets` send to (the id,
    or the id built with placeholders when the value is known only at deployment)."""
    ids: dict[str, str] = {}
    for target in targets:
        for setting in index.extensions(DIAGNOSTIC_SETTINGS, target):
            destination = link_target(setting, "properties.workspaceId")
            if isinstance(destination, str) and destination.strip().lower().startswith("/subscriptions/"):
                ids.setdefault(destination.strip().lower(), destination.strip())
    return {key: linked_by_id(index, ids[key], LOG_ANALYTICS_API) for key in sorted(ids)}


def service_known_after_apply(index: Index, diagnostics: dict[str, Section]) -> dict[str, Section]:
    """A Terraform diagnostic setting whose target is a service of a storage account created in the
    same plan (`target_resource_id` unknown, a reference to the account): which service is known
    only after apply, so an account's blob service without a setting of its own is unknown, not
    without audit logs."""
    out = dict(diagnostics)
    for key, section in diagnostics.items():
        if not key.endswith("/blobservices/default") or section.get("status") != "ok" or section.get("items"):
            continue
        account = key[: -len("/blobservices/default")]
        pending = index.extensions(DIAGNOSTIC_SETTINGS, f"{account}/{SERVICE_KNOWN_AFTER_APPLY}")
        if pending:
            names = ", ".join(sorted(str(p.resource.get("name")) for p in pending))
            out[key] = failed_list(section.get("api_version"), f"diagnostic setting {names} of this plan targets a service of the storage account "
                                                            "that is known only after apply: whether it is the blob service is not known")
    return out
