"""Azure Machine Learning registries of a subscription, and the role assignments on each.

Which registries a workspace uses is not written on the workspace: a job or deployment names a
registry asset (`azureml://registries/{name}/...`) and any workspace whose identity can read the
registry may use it. So "the registries used by the workspaces in scope" is taken, read-only, as
every registry in each subscription of the snapshot (recorded on the subscription entry, which each
workspace's evaluation sees as `context.subscription`): `GET
/subscriptions/{id}/providers/Microsoft.MachineLearningServices/registries`, or the registry rows of
the batched Resource Graph query with `--discovery resource-graph`. A registry shared from another
subscription is covered when that subscription is collected too (`--subscription`, repeatable).
"""

from __future__ import annotations

from typing import Any

from scanner.collect import apiversions as V
from scanner.collect.arm import ArmClient
from scanner.collect.rbac import graph_role_assignments_section, role_assignments_section
from scanner.collect.sections import Cache, list_section
from scanner.snapshot.model import Section

REGISTRIES = "Microsoft.MachineLearningServices/registries"


def registries_section(client: ArmClient, subscription_id: str, graph: Any = None) -> Section:
    rows = graph.registries_in(subscription_id) if graph is not None else None
    if rows is not None:
        from scanner.collect.workspace import graph_section

        return graph_section(items=rows)
    return list_section(client, f"/subscriptions/{subscription_id}/providers/{REGISTRIES}", V.ML)


def registry_role_assignments(client: ArmClient, cache: Cache, registries: Section, graph: Any = None) -> dict[str, Section]:
    """Lower-cased registry id -> the role assignments that apply at it (as `role_assignments`)."""
    if registries.get("status") != "ok":
        return {}
    out: dict[str, Section] = {}
    for registry in registries.get("items", []):
        rid = registry.get("id") if isinstance(registry, dict) else None
        if not isinstance(rid, str) or not rid.startswith("/subscriptions/"):
            continue
        if graph is not None and graph.has_role_assignments(rid.split("/")[2]):
            out[rid.lower()] = graph_role_assignments_section(client, cache, graph, rid)
        else:
            out[rid.lower()] = role_assignments_section(client, cache, rid)
    return out


def subscription_registries(client: ArmClient, cache: Cache, subscription_id: str, graph: Any = None) -> dict[str, Any]:
    """The `ml_registries` and `ml_registry_role_assignments` keys of a subscription entry."""
    registries = registries_section(client, subscription_id, graph)
    return {"ml_registries": registries, "ml_registry_role_assignments": registry_role_assignments(client, cache, registries, graph)}
