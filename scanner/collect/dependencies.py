"""Evidence about what a workspace depends on, derived from sections already read where possible.

- Private endpoint connections of the associated storage account, key vault, container registry
  (and customer-managed-key vault): each resource's GET body (and Resource Graph row) carries
  `properties.privateEndpointConnections` at the api-versions read here. When a body lacks the
  property (Key Vault leaves it out when there is none, other services may too), the list is read
  with `GET {resource}/privateEndpointConnections`: absence is never taken for "none".
- Log Analytics workspaces named as destinations (`properties.workspaceId`) by the diagnostic
  settings collected for the workspace and its associated resources.
"""

from __future__ import annotations

from collections.abc import Callable

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient
from scanner.collect.sections import dependent_failure, failed, list_section
from scanner.redact import redact
from scanner.snapshot.model import Section

# resource type (lower-cased) -> api-version of its privateEndpointConnections list
PE_LIST_API = {
    "microsoft.storage/storageaccounts": V.STORAGE,
    "microsoft.keyvault/vaults": V.KEY_VAULT,
    "microsoft.containerregistry/registries": V.CONTAINER_REGISTRY,
}
NOTE = "derived from properties.privateEndpointConnections of the resource ({source}), not read with GET {{resource}}/privateEndpointConnections"


def _type_of(resource_id: str) -> str:
    tail = resource_id.lower().split("/providers/")[-1].split("/")
    return "/".join(tail[:2])


def private_endpoint_connections_of(client: ArmClient, section: Section, shared: Callable[[str, Callable[[], Section]], Section]) -> Section | None:
    """The private endpoint connections of the resource in `section`, or None when nothing is linked."""
    from scanner.collect.graph import API_VERSION as GRAPH_API_VERSION

    resource = section.get("resource")
    rid = resource.get("id") if isinstance(resource, dict) else section.get("resource_id")
    if not isinstance(rid, str) or not rid:
        return None
    api = PE_LIST_API.get(_type_of(rid))
    if section.get("status") != "ok":
        return dependent_failure(section, "resource could not be read", api)
    value = (resource.get("properties") or {}).get("privateEndpointConnections") if isinstance(resource, dict) else None
    if isinstance(value, list) and all(isinstance(c, dict) for c in value):
        version = section.get("api_version")
        source = "its Resource Graph row" if version == GRAPH_API_VERSION else f"its GET at api-version {version}"
        items = sorted(value, key=lambda c: str(c.get("id", "")).lower())
        return {"status": "ok", "api_version": version, "items": redact(items), "message": NOTE.format(source=source)}
    if api is None:
        return failed("error", None, "the resource carries no privateEndpointConnections and no list of them is known for its type")
    return shared(f"pec:{rid}", lambda: list_section(client, f"{rid}/privateEndpointConnections", api))


def log_destination_ids(diagnostics: dict[str, Section]) -> list[str]:
    """The Log Analytics workspace ids named by the ok diagnostic settings sections (sorted, distinct)."""
    found: dict[str, str] = {}
    for section in diagnostics.values():
        if section.get("status") != "ok":
            continue
        for setting in section.get("items", []):
            target = ((setting or {}).get("properties") or {}).get("workspaceId") if isinstance(setting, dict) else None
            if isinstance(target, str) and target.strip().startswith("/subscriptions/"):
                found.setdefault(target.strip().lower(), target.strip())
    return [found[k] for k in sorted(found)]


def log_analytics_destinations(diagnostics: dict[str, Section], link: Callable[[str], Section]) -> dict[str, Section]:
    """Lower-cased Log Analytics workspace id -> its resource section (`link` reads it, once per run when shared)."""
    return {rid.lower(): link(rid) for rid in log_destination_ids(diagnostics)}
