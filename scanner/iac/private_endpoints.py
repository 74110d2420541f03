"""Private endpoint connections from the private endpoints a template or plan declares.

A `Microsoft.Network/privateEndpoints` resource names its target in
`properties.privateLinkServiceConnections[].properties.privateLinkServiceId` (approved on creation)
or `manualPrivateLinkServiceConnections` (pending until the owner approves). Once deployed, the
target lists the connection itself, in its provider's shape: that is what a live collection reads,
so the same shape is produced here for the workspace, its storage account, key vault, container
registry and Azure ML registries.
"""

from __future__ import annotations

from typing import Any

from scanner.iac.iac_resource import IacResource
from scanner.iac.sections import Index

PRIVATE_ENDPOINT = "microsoft.network/privateendpoints"
DESCRIPTION = "declared in infrastructure code"
# target type -> (connection type, name of the "action required" field, whether items carry name and type)
SHAPES: dict[str, tuple[str, str, bool]] = {
    "microsoft.machinelearningservices/workspaces": ("Microsoft.MachineLearningServices/workspaces/privateEndpointConnections", "actionsRequired", True),
    "microsoft.storage/storageaccounts": ("Microsoft.Storage/storageAccounts/privateEndpointConnections", "actionRequired", True),
    "microsoft.keyvault/vaults": ("Microsoft.KeyVault/vaults/privateEndpointConnections", "actionsRequired", False),
    "microsoft.containerregistry/registries": ("Microsoft.ContainerRegistry/registries/privateEndpointConnections", "actionsRequired", True),
}
ML_REGISTRY = "microsoft.machinelearningservices/registries"


def _declared(index: Index, target_id: str) -> list[tuple[IacResource, dict[str, Any], str]]:
    """(private endpoint, its connection to target_id, state), automatic ones approved, manual pending."""
    found = []
    for pe in index.of_type(PRIVATE_ENDPOINT):
        props = pe.resource.get("properties") or {}
        for kind, state in (("privateLinkServiceConnections", "Approved"), ("manualPrivateLinkServiceConnections", "Pending")):
            for conn in props.get(kind) or []:
                target = ((conn or {}).get("properties") or {}).get("privateLinkServiceId") if isinstance(conn, dict) else None
                if isinstance(target, str) and target.lower() == target_id.lower():
                    found.append((pe, conn, state))
    return found


def connections_to(index: Index, target_id: str, target_type: str) -> list[IacResource]:
    """The connections the declared private endpoints make to `target_id`, in the target provider's
    list shape (Key Vault's items carry no name or type; Storage names `actionRequired`)."""
    conn_type, action, named = SHAPES[target_type]
    out = []
    for pe, conn, state in _declared(index, target_id):
        name = f"{pe.resource.get('name')}.{conn.get('name', 'connection')}"
        item: dict[str, Any] = {"id": f"{target_id}/privateEndpointConnections/{name}"}
        if named:
            item.update(name=name, type=conn_type)
        item["properties"] = {"privateEndpoint": {"id": pe.id},
                              "privateLinkServiceConnectionState": {"status": state, "description": DESCRIPTION, action: "None"}}
        out.append(IacResource(item, location=pe.location))
    return out


def targets_of(index: Index) -> list[str]:
    """Every id a declared private endpoint connects to (lower-cased, sorted)."""
    return sorted({conn_target.lower() for pe in index.of_type(PRIVATE_ENDPOINT)
                   for kind in ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections")
                   for conn in ((pe.resource.get("properties") or {}).get(kind) or [])
                   for conn_target in [((conn or {}).get("properties") or {}).get("privateLinkServiceId") if isinstance(conn, dict) else None]
                   if isinstance(conn_target, str)})


def registry_connections(index: Index, registry: IacResource) -> None:
    """An Azure ML registry lists its connections in its own body
    (`properties.registryPrivateEndpointConnections`): add the declared ones the template does not
    write there itself."""
    found = _declared(index, registry.id)
    props = registry.resource.get("properties")
    if not found or not isinstance(props, dict):
        return
    current = props.get("registryPrivateEndpointConnections")
    items = list(current) if isinstance(current, list) else []
    known = {str(((c or {}).get("properties") or {}).get("privateEndpoint", {}).get("id", "")).lower() for c in items if isinstance(c, dict)}
    for pe, conn, state in found:
        if pe.id.lower() in known:
            continue
        items.append({"id": f"{registry.id}/registryPrivateEndpointConnections/{pe.resource.get('name')}.{conn.get('name', 'connection')}",
                      "location": pe.resource.get("location"),
                      "properties": {"groupIds": ((conn.get("properties") or {}).get("groupIds") or ["amlregistry"]),
                                     "privateEndpoint": {"id": pe.id},
                                     "registryPrivateLinkServiceConnectionState": {"status": state, "description": DESCRIPTION, "actionsRequired": "None"}}})
    registry.resource["properties"] = {**props, "registryPrivateEndpointConnections": items}
