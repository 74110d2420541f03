"""Subscription entries of an IaC snapshot: Defender for Cloud plans and Azure ML registries.

A live collection lists every Defender plan and every ML registry of a subscription. Infrastructure
code knows the ones it declares: a subscription-scope template's `Microsoft.Security/pricings`
(or `azurerm_security_center_subscription_pricing`) and `Microsoft.MachineLearningServices/registries`.
Those are listed (`ok`, the message says the list holds only what is declared: a plan that is not
listed is not known to be off). A subscription for which the input declares none gets `error`
sections: its plans and registries are known only to a live scan, and rules say unknown. Role
assignments on registries are the declared ones with status `error`, as for workspaces (inherited
assignments are not in the input). Activity log alerts and policy assignments stay absent.
"""

from __future__ import annotations

from typing import Any

from scanner.iac.sections import Index, Section, failed_list, list_section, role_assignments

PRICINGS = "microsoft.security/pricings"
REGISTRIES = "microsoft.machinelearningservices/registries"
SECURITY_API = "2024-01-01"
ML_API = "2025-12-01"
DECLARED_PLANS = ("the Defender for Cloud plans this infrastructure code declares for the subscription; "
                  "a plan not listed keeps a setting known only to a live scan")
NO_PLANS = ("Defender for Cloud plans are set per subscription and this infrastructure code declares none for it "
            "(a subscription-scope template would): they are known only to a live scan")
DECLARED_REGISTRIES = ("the Azure ML registries this infrastructure code declares in the subscription; "
                       "its other registries are known only to a live scan")
NO_REGISTRIES = ("this infrastructure code declares no Azure ML registry in the subscription: "
                 "the registries its workspaces may use are known only to a live scan")


def _subscription_of(resource_id: str) -> str:
    parts = resource_id.split("/")
    return parts[2] if len(parts) > 2 and parts[1].lower() == "subscriptions" else ""


def subscription_entries(index: Index, workspace_ids: list[str]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """(one entry per subscription a workspace, plan or registry of the input is in, in first-seen
    order; the source locations of the plans and registries by subscription, lower-cased)."""
    found: dict[str, str] = {}
    for rid in [*workspace_ids, *(r.id for r in index.of_type(PRICINGS)), *(r.id for r in index.of_type(REGISTRIES))]:
        sub = _subscription_of(rid)
        if sub:
            found.setdefault(sub.lower(), sub)
    entries: list[dict[str, Any]] = []
    locations: dict[str, dict[str, Any]] = {}
    for key, sub in found.items():
        index.locations = {}
        plans = [r for r in index.of_type(PRICINGS) if _subscription_of(r.id).lower() == key]
        registries = [r for r in index.of_type(REGISTRIES) if _subscription_of(r.id).lower() == key]
        entries.append({
            "subscription_id": sub,
            "display_name": None,
            "defender_pricings": list_section(plans, SECURITY_API, index, DECLARED_PLANS) if plans else failed_list(SECURITY_API, NO_PLANS),
            "ml_registries": list_section(registries, ML_API, index, DECLARED_REGISTRIES) if registries else failed_list(ML_API, NO_REGISTRIES),
            "ml_registry_role_assignments": role_assignments(index, [r.id for r in registries]),
        })
        locations[key] = dict(index.locations)
    return entries, locations


def _merge_list(a: Section, b: Section) -> Section:
    """Both files' declared items (a's first); b's unresolved paths follow its items' new places."""
    if a.get("status") != "ok":
        return b if b.get("status") == "ok" else a
    if b.get("status") != "ok":
        return a
    items = list(a.get("items", []))
    unresolved = list(a.get("unresolved", []))
    seen = {str(i.get("id", "")).lower() for i in items}
    for j, item in enumerate(b.get("items", [])):
        if str(item.get("id", "")).lower() in seen:
            continue
        prefix = f"items[{j}]."
        unresolved += [f"items[{len(items)}].{p[len(prefix):]}" for p in b.get("unresolved", []) if p.startswith(prefix)]
        items.append(item)
    out = {**a, "items": items}
    if unresolved:
        out["unresolved"] = unresolved
    return out


def merge_subscriptions(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per subscription when several files of a folder name the same (placeholder)
    subscription: what any of them declares is listed."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = str(entry.get("subscription_id", "")).lower()
        if key not in merged:
            merged[key] = dict(entry)
            continue
        into = merged[key]
        for name in ("defender_pricings", "ml_registries"):
            into[name] = _merge_list(into[name], entry[name])
        into["ml_registry_role_assignments"] = {**entry["ml_registry_role_assignments"], **into["ml_registry_role_assignments"]}
    return list(merged.values())
