"""Workspace child lists derived from the workspace resource itself (`--discovery resource-graph`).

The workspace GET body (and so its Resource Graph row) carries two of the child lists that
`--discovery arm` reads with their own GETs:

- `properties.privateEndpointConnections`: the connection resources themselves (id, name, type,
  properties), the same objects `GET {workspace}/privateEndpointConnections` lists (see the
  Workspaces_Get and PrivateEndpointConnections_List examples of api-version 2025-12-01);
- `properties.managedNetwork.outboundRules`: a map rule name -> rule properties (user-defined and
  required rules alike), the `properties` of each item `GET {workspace}/outboundRules` lists.

When the property is absent (an older api-version indexed by the graph, no managed network) or
not of that shape, the caller reads the list with a GET as before: nothing is assumed empty.
"""

from __future__ import annotations

from typing import Any

from scanner.redact import redact
from scanner.snapshot.model import Section

OUTBOUND_RULE_TYPE = "Microsoft.MachineLearningServices/workspaces/outboundRules"
NOTE = "derived from properties.{path} of the workspace resource ({source}), not read with GET {{workspace}}/{child}"


def _section(items: list[dict[str, Any]], workspace_section: Section, path: str, child: str) -> Section:
    """An ok list section that says where it came from: the workspace section's api-version (the
    Resource Graph one or the workspace GET's), and a message naming the property read."""
    from scanner.collect.graph import API_VERSION as GRAPH_API_VERSION

    version = workspace_section.get("api_version")
    source = "its Resource Graph row" if version == GRAPH_API_VERSION else f"its GET at api-version {version}"
    return {
        "status": "ok",
        "api_version": version,
        "items": redact(items),
        "message": NOTE.format(source=source, path=path, child=child),
    }


def private_endpoint_connections(workspace: dict[str, Any], workspace_section: Section) -> Section | None:
    """The section from `properties.privateEndpointConnections`, or None (then GET the list)."""
    value = (workspace.get("properties") or {}).get("privateEndpointConnections")
    if not isinstance(value, list) or not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in value):
        return None
    return _section(list(value), workspace_section, "privateEndpointConnections", "privateEndpointConnections")


def outbound_rules(workspace: dict[str, Any], workspace_section: Section) -> Section | None:
    """The section from `properties.managedNetwork.outboundRules`, items in the list API's shape
    (id `{workspace}/outboundRules/{name}`, name, type, properties), sorted by name; or None."""
    network = (workspace.get("properties") or {}).get("managedNetwork")
    rules = network.get("outboundRules") if isinstance(network, dict) else None
    workspace_id = workspace.get("id")
    if not isinstance(rules, dict) or not isinstance(workspace_id, str) or not all(isinstance(r, dict) for r in rules.values()):
        return None
    items = [
        {"id": f"{workspace_id}/outboundRules/{name}", "name": name, "type": OUTBOUND_RULE_TYPE, "properties": rule}
        for name, rule in sorted(rules.items())
    ]
    return _section(items, workspace_section, "managedNetwork.outboundRules", "outboundRules")
